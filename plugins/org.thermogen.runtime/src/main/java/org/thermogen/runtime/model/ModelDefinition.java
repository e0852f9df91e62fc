package org.thermogen.runtime.model;

import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.sample.Sampler;

/**
 * Everything a {@code model} declaration says: the energy with its derivatives, the
 * structure the generator recognized in it, and the declared training, sampling and
 * evaluation. A generated model class holds one as its {@code DEFINITION}; the job
 * runner, the command line and the Eclipse launcher all start from it.
 */
public abstract class ModelDefinition implements EnergyFunction {

    /** What the generator recognized; {@link Structure.Generic} unless overridden. */
    public Structure structure() {
        return new Structure.Generic();
    }

    /** The {@code train on D with ...} clause, if any. */
    public Optional<TrainingPlan> training() {
        return Optional.empty();
    }

    /** The {@code sample with ...} clause: the first is the one {@code sample} uses. */
    public List<Sampler> samplers() {
        return List.of();
    }

    /** The {@code evaluate ...} clause. */
    public List<Evaluation> evaluations() {
        return List.of();
    }

    /** The {@code show samples as ...} clause, if any. */
    public Optional<SamplePicture> samplePicture() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return spec().name();
    }
}
