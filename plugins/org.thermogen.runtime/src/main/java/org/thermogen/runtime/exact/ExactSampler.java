package org.thermogen.runtime.exact;

import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.DecoderMeans;
import org.thermogen.runtime.sample.ExactDraws;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * Independent exact samples ({@code sample with exact}): by enumeration for at most 24
 * binary or spin units, in closed form for Gaussian energies, ancestrally for Gaussian
 * mixtures (a component from the weights, then a point from it), and for restricted Boltzmann
 * machines whose smaller layer has at most 20 units by enumerating that layer
 * ({@link ExactPartition#sample}); ancestrally for VAEs, {@code x} drawn from
 * {@code p(x | z)} or, with {@code exact(means)}, its mean.
 */
public final class ExactSampler implements Sampler {
    private static final int DEFAULT_COUNT = 1000;

    private final boolean means;

    private ExactSampler(boolean means) {
        this.means = means;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return means ? "exact(means)" : "exact";
    }

    @Override
    public int defaultCount() {
        return DEFAULT_COUNT;
    }

    /**
     * Refuses what cannot be drawn exactly: an RBM whose enumerated layer (the hidden one when
     * the visibles are real, else the smaller) has more than {@value ExactPartition#MAX_UNITS}
     * units, binary or spin units beyond {@value Enumeration#MAX_UNITS}, and real units outside
     * a Gaussian, a mixture or a VAE.
     */
    @Override
    public Optional<String> refusal(ModelOutline model) {
        if (means && !model.offers(DecoderMeans.class)) {
            return Optional.of("exact(means) draws the decoder's means of a VAE; " + model.name() + " is a "
                    + model.description() + ": write exact");
        }
        int nv = model.observedUnits();
        int nh = model.hiddenUnits();
        if (model.offers(BipartiteForm.class)) {
            boolean hiddenLayer = model.allObservedReal() || nh <= nv;
            int walked = hiddenLayer ? nh : nv;
            if (walked > ExactPartition.MAX_UNITS) {
                return Optional.of("exact sampling of an RBM enumerates its " + (model.allObservedReal() ? "hidden"
                        : "smaller") + " layer, limited to " + ExactPartition.MAX_UNITS + " units (" + model.name()
                        + " has " + nv + " visible and " + nh + " hidden); use gibbs(chains 8, sweeps 1000)");
            }
            return Optional.empty();
        }
        if (model.offers(ExactDraws.class)) {
            return Optional.empty();
        }
        if (model.discrete()) {
            return nv + nh <= Enumeration.MAX_UNITS ? Optional.empty()
                    : Optional.of("exact sampling enumerates 2^" + (nv + nh) + " states; beyond " + Enumeration.MAX_UNITS
                            + " units use gibbs(chains 8, sweeps 1000)");
        }
        return Optional.of("exact sampling needs a Gaussian energy, a Gaussian mixture, a VAE or at most "
                + Enumeration.MAX_UNITS + " binary or spin units; " + model.name() + " is a " + model.description()
                + (model.allObservedReal() && !model.hasHidden() ? ": use langevin(step 0.01, adjusted)" : ""));
    }

    @Override
    public Samples sample(Model model, double[] theta, int n, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        ModelSpec spec = model.spec();
        SplittableRandom random = context.random("sample");
        int observed = spec.observedSize();
        double[] values;
        String method;
        Optional<ExactDraws> direct = model.capability(ExactDraws.class);
        if (direct.isPresent()) {
            ExactDraws.Draws draws = means
                    ? model.requireCapability(DecoderMeans.class, describe()).drawMeans(model, theta, n, random)
                    : direct.get().drawExactly(model, theta, n, random);
            values = draws.values();
            method = draws.method();
        } else if (spec.isDiscrete()) {
            Enumeration.checkSize(spec.stateSize());
            double[] full;
            Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
            if (pairwise.isPresent()) {
                PairwiseEnergy eta = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().orElseThrow());
                pairwise.get().couplings(theta, eta);
                full = ExactSampling.draw(eta, n, random);
            } else {
                full = GenericEnumeration.draw(model.requireEnergy("exact"), theta, n, random);
            }
            values = observedPart(full, n, spec.stateSize(), observed);
            method = "enumeration of " + (1L << spec.stateSize()) + " states";
        } else {
            throw new IllegalArgumentException("exact sampling needs a Gaussian energy, a Gaussian mixture or at most "
                    + Enumeration.MAX_UNITS + " binary or spin units; " + spec.name() + " has neither");
        }
        return new Samples(n, observed, values, describe() + " (" + method + ")", Map.of());
    }

    private static double[] observedPart(double[] full, int n, int width, int observed) {
        if (width == observed) {
            return full;
        }
        double[] out = new double[n * observed];
        for (int i = 0; i < n; i++) {
            System.arraycopy(full, i * width, out, i * observed, observed);
        }
        return out;
    }

    /** Settings of {@code exact} and {@code exact(means)}. */
    public static final class Builder {
        private boolean means;

        /**
         * Rows of the mean of {@code p(x | z)} instead of draws of {@code x}, for a VAE: pixel
         * probabilities rather than noisy pixels. Default false.
         */
        public Builder means(boolean v) {
            this.means = v;
            return this;
        }

        public ExactSampler build() {
            return new ExactSampler(means);
        }
    }
}
