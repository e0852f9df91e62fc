package org.thermogen.run;

import java.nio.file.Path;
import java.util.List;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.TrainingResult;

/**
 * What {@link Job#run} did.
 *
 * @param theta       the final parameters (trained, or initial when the model has no training plan)
 * @param provenance  where the parameters came from, as in checkpoint.json
 * @param training    the training result, or null without a training plan
 * @param samples     the samples, or null without a sampler
 * @param evaluations the evaluation results, empty without evaluations
 * @param files       every file written, in the order written
 */
public record RunResult(double[] theta, Provenance provenance, TrainingResult training, Samples samples,
        List<EvaluationResult> evaluations, List<Path> files) {
}
