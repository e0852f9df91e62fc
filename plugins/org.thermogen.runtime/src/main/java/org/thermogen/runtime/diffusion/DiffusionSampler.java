package org.thermogen.runtime.diffusion;

import java.util.Optional;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * A reverse sampler ({@code ddpm(variance posterior)}, {@code ddim(steps 50, eta 0)}) as the
 * {@code sample with} clause of a generated diffusion model: it reads the model's schedule
 * and denoiser from its {@link DiffusionStructure} and the parameters given.
 *
 * <pre>{@code
 * Sampler s = DiffusionSampler.builder().ddim().steps(50).eta(0).build();
 * Samples samples = s.sample(Moons.DEFINITION, theta, 1000, context);
 * }</pre>
 */
public final class DiffusionSampler implements Sampler {
    private final ReverseSampler reverse;
    private final int count;

    private DiffusionSampler(ReverseSampler reverse, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a diffusion sampler draws at least 1 sample, not " + count);
        }
        this.reverse = reverse;
        this.count = count;
    }

    /**
     * Settings of {@code ddpm(variance posterior, n 1000)} (call {@link Builder#ddpm()}) or
     * {@code ddim(steps 50, eta 0, n 1000)} (call {@link Builder#ddim()}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The reverse process this sampler runs. */
    public ReverseSampler reverse() {
        return reverse;
    }

    @Override
    public String describe() {
        return reverse.describe();
    }

    @Override
    public Optional<String> refusal(ModelOutline model) {
        return DiffusionModel.refusal(model, describe());
    }

    @Override
    public int defaultCount() {
        return count;
    }

    @Override
    public Samples sample(Model model, double[] theta, int n, RunContext context) {
        DiffusionModel m = DiffusionModel.of(model, describe());
        DiffusionSamples s = reverse.sample(m.schedule(), m.denoiser(theta), n, context);
        return s.toSamples(reverse.timesteps(m.schedule()).length);
    }

    /** The diffusion samples themselves, with the trajectory of sample {@code traceRow} (-1 for none). */
    public DiffusionSamples sampleWithTrajectory(Model model, double[] theta, int n, RunContext context,
            int traceRow) {
        DiffusionModel m = DiffusionModel.of(model, describe());
        return reverse.sample(m.schedule(), m.denoiser(theta), n, context, traceRow);
    }

    /** Settings of {@code ddpm(...)} and {@code ddim(...)}. */
    public static final class Builder {
        private boolean implicit;
        private Ddpm.Variance variance = Ddpm.Variance.POSTERIOR;
        private int steps = 50;
        private double eta = 0;
        private int n = 1000;

        private Builder() {
        }

        /** Ancestral DDPM sampling (the default): one denoiser evaluation per timestep. */
        public Builder ddpm() {
            this.implicit = false;
            return this;
        }

        /** DDIM: {@link #steps} evaluations, noise scaled by {@link #eta}. */
        public Builder ddim() {
            this.implicit = true;
            return this;
        }

        /** DDPM's {@code variance beta} or {@code variance posterior} (the default). */
        public Builder variance(Ddpm.Variance v) {
            this.variance = v;
            return this;
        }

        /** DDIM's denoiser evaluations, 1 .. T. Default 50. */
        public Builder steps(int v) {
            this.steps = v;
            return this;
        }

        /** DDIM's eta: 0 (deterministic, the default) or more; 1 matches the DDPM posterior variance. */
        public Builder eta(double v) {
            this.eta = v;
            return this;
        }

        /** Samples drawn when no count is asked for. Default 1000. */
        public Builder n(int v) {
            this.n = v;
            return this;
        }

        public DiffusionSampler build() {
            return new DiffusionSampler(implicit ? new Ddim(steps, eta) : new Ddpm(variance), n);
        }
    }
}
