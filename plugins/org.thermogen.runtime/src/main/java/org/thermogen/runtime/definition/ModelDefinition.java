package org.thermogen.runtime.definition;

import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.sample.Sampler;

/**
 * Everything a {@code model} declaration says: the {@link Model} (energy with its derivatives
 * and the structure the generator recognized in it) and the declared training, sampling and
 * evaluation. A generated model class extends this and holds itself as its
 * {@code DEFINITION}; the job runner, the command line and the Eclipse launcher all start
 * from it. Algorithms take the {@link Model} alone, so this package sits above every one of
 * them and nothing in the runtime depends on it.
 */
public abstract class ModelDefinition extends Model {

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
}
