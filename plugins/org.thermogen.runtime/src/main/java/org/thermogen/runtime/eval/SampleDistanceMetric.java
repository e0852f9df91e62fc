package org.thermogen.runtime.eval;

import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.diffusion.Ddpm;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.DiffusionSampler;
import org.thermogen.runtime.diffusion.DiffusionSamples;
import org.thermogen.runtime.diffusion.ReverseSampler;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/**
 * {@code evaluate mmd on Moons.test} and {@code evaluate energy_distance on Moons.test}: draws
 * samples from a diffusion model with its first declared sampler (or {@code ddpm(variance
 * posterior)}) and compares them with the data by {@link DiffusionEvaluation}; the details
 * carry the same distance between the data's two halves, the yardstick of a good model.
 */
public final class SampleDistanceMetric implements Evaluation {
    /** Which distance. */
    public enum Kind {
        MMD("mmd"), ENERGY_DISTANCE("energy_distance");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    private final Kind kind;
    private final DatasetDefinition data;
    private final String part;
    private final int samples;

    private SampleDistanceMetric(Builder b) {
        this.kind = b.kind;
        this.data = b.data;
        this.part = b.part;
        this.samples = b.samples;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return kind.keyword() + " on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return DiffusionModel.refusal(model, kind.keyword());
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        return evaluate(model, theta, List.of(), context);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, List<Sampler> declared, RunContext context) {
        DiffusionModel m = DiffusionModel.of(model, kind.keyword());
        DiffusionSampler sampler = null;
        for (Sampler s : declared) {
            if (s instanceof DiffusionSampler d) {
                sampler = d;
                break;
            }
        }
        ReverseSampler reverse = sampler == null ? new Ddpm(Ddpm.Variance.POSTERIOR) : sampler.reverse();
        Dataset rows = context.data(data).part(part);
        // mmd and energy_distance of one model read one sampling run.
        Object key = java.util.List.of("diffusion samples", reverse.describe(), samples, model,
                java.util.Arrays.stream(theta).boxed().toList());
        ReverseSampler chosen = reverse;
        DiffusionSamples drawn = context.cached(key, () -> chosen.sample(m.schedule(), m.denoiser(theta), samples, context));
        return kind == Kind.MMD ? DiffusionEvaluation.mmd(drawn, rows) : DiffusionEvaluation.energyDistance(drawn, rows);
    }

    /** Settings of {@code mmd} and {@code energy_distance}. */
    public static final class Builder {
        private Kind kind = Kind.MMD;
        private DatasetDefinition data;
        private String part;
        private int samples = 1000;

        private Builder() {
        }

        public Builder kind(Kind v) {
            this.kind = v;
            return this;
        }

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        /** How many samples are compared with the data. Default 1000. */
        public Builder samples(int v) {
            this.samples = v;
            return this;
        }

        public SampleDistanceMetric build() {
            if (data == null) {
                throw new IllegalArgumentException("mmd and energy_distance compare samples with data: write `on Data.part`");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("compare at least 2 samples with the data, not " + samples);
            }
            return new SampleDistanceMetric(this);
        }
    }
}
