package org.thermogen.runtime.mcmc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ChainDiagnostics;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.sample.Work;
import org.thermogen.runtime.train.DivergenceException;

/**
 * Langevin dynamics for energies of real units, {@code langevin(step 0.01, steps 10000,
 * burnin 1000, chains 4, thin 10, adjusted)}: each chain moves by
 * {@code x' = x - step * grad E(x) + sqrt(2 step) xi} (see {@link LangevinChain}). Without
 * {@code adjusted} this is the unadjusted Langevin algorithm (ULA), whose samples carry a
 * bias of order {@code step}; with it every move is a Metropolis-Hastings proposal (MALA),
 * which samples {@code exp(-E) / Z} exactly.
 *
 * <p>Each chain starts from a draw of {@code N(0, I)}, runs {@code burnin} steps, then records
 * one state every {@code thin} steps for {@code steps} steps: {@code chains * steps / thin}
 * samples. When a number of samples n is asked for, chain i records {@code n / chains}
 * samples (the first {@code n % chains} chains one more), one every
 * {@code max(thin, steps / count)} steps after the burn-in. Chain i uses the i-th stream
 * split from {@code context.random("sample")} and samples are concatenated in chain order,
 * so results do not depend on the number of threads.
 *
 * <p>Defaults: {@code step 0.01, steps 10000, burnin 1000, chains 4, thin 10}, unadjusted.
 * Diagnostics: {@code chains}, and for MALA {@code acceptance_rate} (after the burn-in; MALA
 * mixes best near 0.57, so a rate near 1 says the step could be larger, a low one that it
 * should be smaller).
 */
public final class LangevinSampler implements Sampler {
    private final double step;
    private final int steps;
    private final int burnin;
    private final int chains;
    private final int thin;
    private final boolean adjusted;

    private LangevinSampler(Builder b) {
        this.step = b.step;
        this.steps = b.steps;
        this.burnin = b.burnin;
        this.chains = b.chains;
        this.thin = b.thin;
        this.adjusted = b.adjusted;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "langevin(step " + step + ", steps " + steps + ", burnin " + burnin + ", chains " + chains + ", thin "
                + thin + (adjusted ? ", adjusted)" : ")");
    }

    @Override
    public int defaultCount() {
        return Samples.count("langevin", chains, "steps", steps, thin);
    }

    /**
     * @throws IllegalArgumentException  if the model has binary or spin units
     * @throws DivergenceException if an unadjusted chain leaves the finite numbers
     */
    @Override
    public Optional<String> workRefusal(ModelOutline model) {
        int units = model.observedUnits() + model.hiddenUnits();
        return Work.refusal("langevin", (double) chains * ((double) burnin + steps) * units, "chains " + chains
                + " x (burnin " + burnin + " + steps " + steps + ") x " + units + " units", "fewer chains or steps");
    }

    @Override
    public Samples sample(Model model, double[] theta, int n, RunContext context) {
        ModelOutline.require(workRefusal(ModelOutline.of(model)));
        ModelSpec spec = model.spec();
        LangevinChain.requireReal(spec, "langevin", "sample it with gibbs or exact");
        if (n < 1) {
            throw new IllegalArgumentException("langevin needs at least 1 sample, not " + n);
        }
        int observed = spec.observedSize();
        SplittableRandom root = context.random("sample");
        SplittableRandom[] randoms = new SplittableRandom[chains];
        for (int c = 0; c < chains; c++) {
            randoms[c] = root.split();
        }
        double[][] parts = new double[chains][];
        long[] proposals = new long[chains];
        long[] accepted = new long[chains];
        context.listener().begin("sample " + spec.name(), chains);
        EnergyFunction f = model.requireEnergy("langevin");
        int[] counts = Samples.perChain(n, chains);
        Parallel.forEach(context.pool(), chains, chain -> {
            int count = counts[chain];
            int every = Math.max(thin, steps / Math.max(1, count));
            double[] out = new double[count * observed];
            LangevinChain c = new LangevinChain(f, theta, step, adjusted, randoms[chain], null);
            check(c.advance(burnin), spec, chain, 0, burnin);
            c.resetCounts();
            for (int r = 0; r < count; r++) {
                long done = burnin + (long) r * every;
                check(c.advance(every), spec, chain, done, done + every);
                System.arraycopy(c.state(), 0, out, r * observed, observed);
            }
            proposals[chain] = c.proposals();
            accepted[chain] = c.accepted();
            parts[chain] = out;
        });
        double[] values = Samples.concatenate(parts, n * observed);
        context.listener().step(chains, Map.of());
        context.listener().end();
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("chains", (double) chains);
        if (adjusted) {
            long p = 0;
            long a = 0;
            for (int c = 0; c < chains; c++) {
                p += proposals[c];
                a += accepted[c];
            }
            diagnostics.put("acceptance_rate", p == 0 ? Double.NaN : (double) a / p);
        }
        ChainDiagnostics.of(values, observed, counts).addTo(diagnostics);
        return new Samples(n, observed, values, describe(), diagnostics);
    }

    /** Throws when an unadjusted chain went non-finite between steps {@code from} and {@code to}. */
    private void check(boolean finite, ModelSpec spec, int chain, long from, long to) {
        if (!finite) {
            throw new DivergenceException("langevin diverged: chain " + chain + " of " + spec.name()
                    + " reached non-finite values between steps " + from + " and " + to + "; lower step (now "
                    + step + ") or add adjusted");
        }
    }

    /** Settings of {@code langevin(...)}. */
    public static final class Builder {
        private double step = 0.01;
        private int steps = 10_000;
        private int burnin = 1_000;
        private int chains = 4;
        private int thin = 10;
        private boolean adjusted;

        private Builder() {
        }

        /** The step size {@code eps} of {@code x' = x - eps grad E + sqrt(2 eps) xi}. Default 0.01. */
        public Builder step(double v) {
            this.step = v;
            return this;
        }

        /** Steps per chain after the burn-in. Default 10000. */
        public Builder steps(int v) {
            this.steps = v;
            return this;
        }

        /** Steps per chain before the first recorded state. Default 1000. */
        public Builder burnin(int v) {
            this.burnin = v;
            return this;
        }

        /** Independent chains, run in parallel. Default 4. */
        public Builder chains(int v) {
            this.chains = v;
            return this;
        }

        /** Steps between recorded states. Default 10. */
        public Builder thin(int v) {
            this.thin = v;
            return this;
        }

        /** Metropolis-adjusted (MALA) when true; unadjusted (ULA) by default. */
        public Builder adjusted(boolean v) {
            this.adjusted = v;
            return this;
        }

        public LangevinSampler build() {
            if (!(step > 0) || !Double.isFinite(step)) {
                throw new IllegalArgumentException("langevin step must be a positive number, not " + step);
            }
            if (chains < 1 || steps < 1 || thin < 1 || burnin < 0) {
                throw new IllegalArgumentException(
                        "langevin needs chains, steps and thin of at least 1 and burnin of at least 0");
            }
            return new LangevinSampler(this);
        }
    }
}
