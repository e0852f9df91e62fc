package org.thermogen.run.family;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.thermogen.runtime.diffusion.DiffusionStructure;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.mixture.MixtureStructure;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.vae.VaeStructure;

/**
 * The outputs a model family adds to a job's, through four hooks the job calls for every
 * model; a family without pictures of its own uses the defaults, which add nothing.
 *
 * <pre>{@code
 * FamilyOutputs outputs = FamilyOutputs.of(new Family(model, context, outDir, data));
 * List<Figure> figures = outputs.afterSampling(theta);   // e.g. reconstructions.png of a VAE
 * }</pre>
 */
public interface FamilyOutputs {

    /** The listener training reports to: {@code heard}, or a watch around it that draws while training runs. */
    default ProgressListener watchTraining(Trainer trainer, ProgressListener heard) {
        return heard;
    }

    /** Components to outline on a two-unit scatter plot of samples at {@code theta}. */
    default List<Outline> outlines(double[] theta) {
        return List.of();
    }

    /** Pictures drawn after sampling at {@code theta}, written into the output folder. */
    default List<Figure> afterSampling(double[] theta) throws IOException {
        return List.of();
    }

    /** Pictures drawn after evaluating at {@code theta}, written into the output folder. */
    default List<Figure> afterEvaluation(double[] theta) throws IOException {
        return List.of();
    }

    /** Each family's outputs, by the class of its structure (records: the class is exact). */
    Map<Class<? extends Structure>, Maker<?>> FAMILIES = Map.of(
            PairwiseStructure.class, new Maker<>(PairwiseStructure.class, PairwiseOutputs::new),
            MixtureStructure.class, new Maker<>(MixtureStructure.class, MixtureOutputs::new),
            VaeStructure.class, new Maker<>(VaeStructure.class, VaeOutputs::new),
            DiffusionStructure.class, new Maker<>(DiffusionStructure.class, DiffusionOutputs::new));

    /** The outputs of {@code family}'s model: its family's, or none of its own. */
    static FamilyOutputs of(Family family) {
        Maker<?> maker = FAMILIES.get(family.model().structure().getClass());
        return maker == null ? new FamilyOutputs() { } : maker.make(family);
    }

    /** Makes a family's outputs from its structure, typed. */
    record Maker<S extends Structure>(Class<S> type, BiFunction<Family, S, FamilyOutputs> maker) {
        FamilyOutputs make(Family family) {
            return maker.apply(family, type.cast(family.model().structure()));
        }
    }
}
