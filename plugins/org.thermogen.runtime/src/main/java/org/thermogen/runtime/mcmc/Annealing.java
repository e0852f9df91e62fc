package org.thermogen.runtime.mcmc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ImportanceWeights;

/**
 * Annealed importance sampling (Neal 2001) for {@code ln Z} of any energy that is not a
 * restricted Boltzmann machine ({@link org.thermogen.runtime.rbm.Ais} serves those, with the
 * hidden layer summed out): {@code log_partition(ais(runs 100, temperatures 10000))} on a
 * lattice of 100 spins, on a spin glass, on a double well.
 *
 * <p>The path runs from a base distribution {@code A} with a known {@code ln Z_A} to the
 * model {@code B}: {@code p_k ~ exp(-(1 - beta_k) E_A - beta_k E_B)}, {@code beta_k = k / (K - 1)}.
 * <ul>
 * <li>Binary or spin units: {@code A} is uniform ({@code E_A = 0}, {@code ln Z_A = n ln 2});
 * each temperature moves every unit once by heat bath, through the local fields of a
 * Boltzmann machine ({@link PairwiseForm}: {@code n} products per unit) or, for any other
 * energy, two energy evaluations per unit.</li>
 * <li>Real units: {@code A} is {@code N(0, I)} ({@code ln Z_A = n/2 ln 2 pi}); each
 * temperature makes one Metropolis-adjusted Langevin step of size {@code step} on
 * {@code p_k}, through the energy's state gradient.</li>
 * </ul>
 * Each run starts from an exact draw of {@code A} and adds
 * {@code -(beta_k - beta_{k-1}) (E_B - E_A)} at its state to its log weight before moving;
 * {@code ln Z_B = ln Z_A + ln mean(w)}, with the delta-method standard error
 * {@code s / (m sqrt(R))} and {@code effective_runs = (sum w)^2 / sum w^2} in the details, as
 * {@link org.thermogen.runtime.rbm.Ais} reports them. Run {@code r} draws only from its own
 * seed ({@link #seeds}, the {@code r}-th number of {@code context.random("ais")}), so results
 * do not depend on the thread count, nor on how the runs are dealt out to the machines of a
 * cluster ({@link #run} for some of them, {@link #estimate} from all).
 */
public final class Annealing {
    private static final int PIECES = 8;

    private Annealing() {
    }

    /**
     * {@code ln Z} of {@code model} at {@code theta}, every unit (hidden ones included) annealed.
     *
     * @param step the Langevin step size for real units (unused for discrete ones)
     * @throws IllegalArgumentException if the model has no energy, or mixes real and discrete units
     */
    public static Estimator.Estimate logPartition(Model model, double[] theta, int runs, int temperatures,
            double step, RunContext context) {
        long[] seeds = seeds(runs, temperatures, context);
        double[] logWeights = new double[runs];
        int[] accepted = new int[runs];
        int pieces = Math.min(runs, PIECES);
        Parallel.forRanges(context.pool(), runs, pieces,
                (p, from, to) -> run(model, theta, seeds, from, to, temperatures, step, logWeights, accepted, context));
        return estimate(model, logWeights, accepted, temperatures, step);
    }

    /**
     * One seed per run, drawn in order from {@code context.random("ais")}: run {@code r}
     * draws only from {@code new SplittableRandom(seeds[r])}, wherever it runs (a thread of
     * this machine, a task on a cluster), so that the runs can be dealt out in any way.
     *
     * @throws IllegalArgumentException for fewer than 2 runs or temperatures
     */
    public static long[] seeds(int runs, int temperatures, RunContext context) {
        if (runs < 2 || temperatures < 2) {
            throw new IllegalArgumentException("ais needs at least 2 runs and 2 temperatures, not " + runs + " and "
                    + temperatures);
        }
        SplittableRandom root = context.random("ais");
        long[] seeds = new long[runs];
        for (int r = 0; r < runs; r++) {
            seeds[r] = root.nextLong();
        }
        return seeds;
    }

    /**
     * Runs {@code from .. to - 1}: their log weights into {@code logWeights[r]} and, for real
     * units, their accepted Langevin steps into {@code accepted[r]}.
     *
     * @param context for cancellation only (null: never cancelled)
     * @throws IllegalArgumentException if the model has no energy, or mixes real and discrete units
     */
    public static void run(Model model, double[] theta, long[] seeds, int from, int to, int temperatures, double step,
            double[] logWeights, int[] accepted, RunContext context) {
        EnergyFunction energy = model.requireEnergy("ais");
        ModelSpec spec = model.spec();
        int n = spec.stateSize();
        boolean real = real(spec);
        double[] low = spec.lowValues();
        PairwiseEnergy pairwise = pairwise(model, theta, real);
        double[] s = new double[n];
        double[] proposal = new double[n];
        double[] gradient = new double[n];
        double[] proposalGradient = new double[n];
        for (int r = from; r < to; r++) {
            if (context != null) {
                context.checkCancelled();
            }
            SplittableRandom random = new SplittableRandom(seeds[r]);
            if (real) {
                accepted[r] = langevinRun(energy, theta, temperatures, step, random, s, proposal, gradient,
                        proposalGradient, logWeights, r);
            } else {
                logWeights[r] = heatBathRun(energy, pairwise, theta, low, temperatures, random, s);
            }
        }
    }

    /** {@code ln Z} from every run's log weight (and accepted steps), with what it was computed by. */
    public static Estimator.Estimate estimate(Model model, double[] logWeights, int[] accepted, int temperatures,
            double step) {
        ModelSpec spec = model.spec();
        int n = spec.stateSize();
        int runs = logWeights.length;
        boolean real = real(spec);
        double logZA = real ? 0.5 * n * Math.log(2 * Math.PI) : n * Math.log(2);
        ImportanceWeights w = ImportanceWeights.of(logWeights);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("runs", (double) runs);
        details.put("temperatures", (double) temperatures);
        details.put("effective_runs", w.effectiveRuns());
        details.put("log_partition_base", logZA);
        String method;
        if (real) {
            long moves = 0;
            for (int a : accepted) {
                moves += a;
            }
            details.put("acceptance_rate", moves / ((double) runs * (temperatures - 1)));
            method = "ais: " + runs + " runs, " + temperatures + " inverse temperatures evenly spaced in [0, 1] from"
                    + " N(0, I), one Metropolis-adjusted Langevin step of " + step + " per temperature";
        } else {
            method = "ais: " + runs + " runs, " + temperatures + " inverse temperatures evenly spaced in [0, 1] from"
                    + " the uniform distribution, one heat-bath sweep per temperature"
                    + (model.capability(PairwiseForm.class).isPresent() && spec.uniformDomain().isPresent()
                            ? " (local fields)" : " (energy differences)");
        }
        return new Estimator.Estimate(logZA + w.logMean(), w.standardError(), method, details);
    }

    private static boolean real(ModelSpec spec) {
        boolean real = spec.variables().stream().allMatch(v -> v.domain() == Domain.REAL);
        if (!real && !spec.isDiscrete()) {
            throw new IllegalArgumentException("ais anneals binary and spin units, or real ones, not both: "
                    + spec.name() + " mixes them");
        }
        return real;
    }

    /** A Boltzmann machine's couplings at theta, for local fields; null for any other energy. */
    private static PairwiseEnergy pairwise(Model model, double[] theta, boolean real) {
        ModelSpec spec = model.spec();
        Optional<PairwiseForm> form = real ? Optional.empty() : model.capability(PairwiseForm.class);
        if (form.isPresent() && spec.uniformDomain().isPresent()) {
            PairwiseEnergy pairwise = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().get());
            form.get().couplings(theta, pairwise);
            return pairwise;
        }
        return null;
    }

    /**
     * {@code ln Z} of a Boltzmann machine given by its couplings (the conditional machine of a
     * row's hidden units, say): {@code runs} heat-bath runs from the uniform distribution, run
     * {@code r} from the {@code r}-th number of {@code random}, on the calling thread.
     */
    public static Estimator.Estimate logPartition(PairwiseEnergy e, int runs, int temperatures,
            SplittableRandom random) {
        if (runs < 2 || temperatures < 2) {
            throw new IllegalArgumentException("ais needs at least 2 runs and 2 temperatures, not " + runs + " and "
                    + temperatures);
        }
        int n = e.size();
        double[] low = new double[n];
        java.util.Arrays.fill(low, e.domain() == Domain.SPIN ? -1.0 : 0.0);
        double[] s = new double[n];
        double[] logWeights = new double[runs];
        for (int r = 0; r < runs; r++) {
            logWeights[r] = heatBathRun(null, e, null, low, temperatures, new SplittableRandom(random.nextLong()), s);
        }
        ImportanceWeights w = ImportanceWeights.of(logWeights);
        return new Estimator.Estimate(n * Math.log(2) + w.logMean(), w.standardError(), "ais: " + runs + " runs, "
                + temperatures + " inverse temperatures from the uniform distribution, one heat-bath sweep each (local"
                + " fields)", Map.of("effective_runs", w.effectiveRuns()));
    }

    /** One run on binary or spin units: a uniform draw, then a heat-bath sweep per temperature. */
    private static double heatBathRun(EnergyFunction energy, PairwiseEnergy pairwise, double[] theta, double[] low,
            int temperatures, SplittableRandom random, double[] s) {
        int n = s.length;
        for (int k = 0; k < n; k++) {
            s[k] = random.nextBoolean() ? 1.0 : low[k];
        }
        double e = pairwise != null ? pairwise.energy(s) : energy.energy(s, theta);
        double logWeight = 0;
        for (int t = 1; t < temperatures; t++) {
            double beta = t / (temperatures - 1.0);
            logWeight -= e / (temperatures - 1.0);
            for (int k = 0; k < n; k++) {
                double keep = s[k];
                double up;
                double down;
                if (pairwise != null) {
                    // E is linear in each unit (zero diagonal): E(s_k = v) = rest - v f_k.
                    double f = pairwise.localField(k, s);
                    double rest = e + keep * f;
                    up = rest - f;
                    down = rest - low[k] * f;
                } else {
                    s[k] = 1.0;
                    up = energy.energy(s, theta);
                    s[k] = low[k];
                    down = energy.energy(s, theta);
                }
                // P(s_k = 1) = 1 / (1 + exp(beta (E(1) - E(low)))).
                boolean one = random.nextDouble() * (1 + Math.exp(beta * (up - down))) < 1;
                s[k] = one ? 1.0 : low[k];
                e = one ? up : down;
            }
        }
        return logWeight;
    }

    /**
     * One run on real units: a draw of N(0, I), then a MALA step per temperature on
     * {@code E_beta = (1 - beta) |x|^2 / 2 + beta E}. The log weight goes to {@code out[r]};
     * returns the accepted steps.
     */
    private static int langevinRun(EnergyFunction energy, double[] theta, int temperatures, double step,
            SplittableRandom random, double[] x, double[] y, double[] gx, double[] gy, double[] out, int r) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        double logWeight = 0;
        int accepted = 0;
        double noise = Math.sqrt(2 * step);
        // The energy and its gradient at the current state, carried over from an accepted proposal.
        double ex = energy.energy(x, theta);
        energy.stateGradient(x, theta, gx);
        for (int t = 1; t < temperatures; t++) {
            double beta = t / (temperatures - 1.0);
            logWeight -= (ex - half(x)) / (temperatures - 1.0);
            // A proposal along the gradient of E_beta = (1 - beta) |x|^2 / 2 + beta E, and the
            // Metropolis-Hastings correction.
            double fx = (1 - beta) * half(x) + beta * ex;
            for (int i = 0; i < n; i++) {
                y[i] = x[i] - step * ((1 - beta) * x[i] + beta * gx[i]) + noise * random.nextGaussian();
            }
            double ey = energy.energy(y, theta);
            double fy = (1 - beta) * half(y) + beta * ey;
            energy.stateGradient(y, theta, gy);
            double forward = 0;
            double backward = 0;
            for (int i = 0; i < n; i++) {
                double a = y[i] - x[i] + step * ((1 - beta) * x[i] + beta * gx[i]);
                double b = x[i] - y[i] + step * ((1 - beta) * y[i] + beta * gy[i]);
                forward += a * a;
                backward += b * b;
            }
            double logAccept = -fy + fx - (backward - forward) / (4 * step);
            if (Double.isFinite(ey) && Math.log(random.nextDouble()) < logAccept) {
                System.arraycopy(y, 0, x, 0, n);
                System.arraycopy(gy, 0, gx, 0, n);
                ex = ey;
                accepted++;
            }
        }
        out[r] = logWeight;
        return accepted;
    }

    /** {@code |x|^2 / 2}: the base energy. */
    private static double half(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return 0.5 * s;
    }
}
