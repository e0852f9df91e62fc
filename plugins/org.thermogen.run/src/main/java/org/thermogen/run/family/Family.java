package org.thermogen.run.family;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.run.RunContext;

/**
 * What a family's outputs are drawn from.
 *
 * @param model        the model the job runs
 * @param context      its seed, data folder, listener and threads
 * @param outDir       the output folder the files go into
 * @param trainingData the training part of the model's data, prepared as training sees it
 *                     (called only for a model with a training plan)
 */
public record Family(ModelDefinition model, RunContext context, Path outDir, Supplier<Dataset> trainingData) {
}
