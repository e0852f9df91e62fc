package org.thermogen.runtime.rbm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.ChainDiagnostics;
import org.thermogen.runtime.sample.Samples;

/**
 * Block Gibbs sampling of a restricted Boltzmann machine: given the visibles the hidden
 * units are independent, and given the hiddens the visibles are (notes 01, (4.6), (4.7)),
 * so one sweep draws the whole hidden layer, then the whole visible layer. Binary units
 * take 1 with probability {@code sigmoid(f)}, spins +1 with {@code sigmoid(2 f)}; a real
 * visible unit is normal with mean {@code y_i / (2 a_i)} and variance {@code 1 / (2 a_i)}.
 *
 * <p>Chains run in batches: the fields of a batch are two matrix products per sweep
 * ({@code V W} and {@code H W'}), and nothing is allocated per sweep. Chain {@code i} draws
 * only from its own stream, seeded by the {@code i}-th number drawn from
 * {@code context.random("sample")}, so its samples do not depend on how chains are grouped
 * into batches, on the number of threads or on the machine that runs it ({@link Runner}).
 */
public final class BlockGibbs {
    /** Chains are grouped into at most this many batches, run in parallel. */
    static final int PIECES = 8;

    private BlockGibbs() {
    }

    /**
     * Samples of the visible units, with the semantics of
     * {@link org.thermogen.runtime.mcmc.GibbsSampler}: each chain starts from a uniformly
     * random visible state (for real visibles: a random hidden state, then the visibles
     * given it), runs {@code burnin} sweeps, then chain {@code i} records {@code n / chains}
     * states (the first {@code n % chains} chains one more), one every
     * {@code max(thin, sweeps / count)} sweeps. Samples are concatenated in chain order.
     * Tells the context's listener {@code begin}, {@code step} and {@code end}.
     *
     * @param energy the model's natural parameters at its current {@code theta}
     * @throws IllegalArgumentException for settings out of range, sizes that do not fit the
     *                                  model, or real visibles without a positive quadratic term
     */
    public static Samples sample(Model model, BipartiteEnergy energy, int n, int chains, int sweeps,
            int burnin, int thin, RunContext context) {
        return sample(model, energy, n, chains, sweeps, burnin, thin, null, context);
    }

    /**
     * As {@link #sample(Model, BipartiteEnergy, int, int, int, int, int, RunContext)}, the chains
     * run by {@code runner} (a cluster's tasks; null for this machine's threads): the same
     * samples to the bit, since each chain depends on its seed alone.
     */
    public static Samples sample(Model model, BipartiteEnergy energy, int n, int chains, int sweeps,
            int burnin, int thin, Runner runner, RunContext context) {
        Plan plan = plan(model, energy, n, chains, sweeps, burnin, thin, context);
        context.listener().begin("sample " + model.spec().name(), chains);
        Run[] runs;
        if (runner != null) {
            runs = runner.run(plan);
            context.listener().note("gibbs: " + chains + " chains run in " + runs.length + " ranges by the cluster");
        } else {
            int pieces = Math.min(chains, PIECES);
            runs = new Run[pieces];
            Parallel.forRanges(context.pool(), chains, pieces, (p, from, to) -> runs[p] = run(plan, from, to));
        }
        context.listener().step(chains, Map.of());
        context.listener().end();
        return gather(plan, runs, n, "gibbs(chains " + chains + ", sweeps " + sweeps + ", burnin " + burnin + ", thin "
                + thin + ")");
    }

    /** Where the chains of a sampling run: a cluster's tasks, each a range of them. */
    public interface Runner {
        /** Every chain of {@code plan}, in ranges {@link BlockGibbs#run} runs, in chain order. */
        Run[] run(Plan plan);
    }

    /**
     * What the chains of one sampling share: the energy, each chain's seed (chain {@code c}
     * draws from {@code new SplittableRandom(seeds[c])}, the {@code c}-th number drawn from
     * {@code context.random("sample")}), how many states it records and how many sweeps apart,
     * and the sweeps after the burn-in every chain runs ({@code last}, the most any chain needs:
     * the flip rate then does not depend on how chains are grouped).
     */
    public record Plan(BipartiteEnergy energy, long[] seeds, int[] count, int[] every, int burnin, long last)
            implements java.io.Serializable {
    }

    /** Chains {@code from .. to - 1}: their recorded states, and the visible units' changes among their draws. */
    public record Run(int from, double[][] parts, long changes, long draws) implements java.io.Serializable {
    }

    /**
     * Checks the settings and draws each chain's seed.
     *
     * @throws IllegalArgumentException as {@link #sample(Model, BipartiteEnergy, int, int, int, int, int, RunContext)}
     */
    public static Plan plan(Model model, BipartiteEnergy energy, int n, int chains, int sweeps, int burnin, int thin,
            RunContext context) {
        if (chains < 1 || sweeps < 1 || thin < 1 || burnin < 0) {
            throw new IllegalArgumentException("gibbs needs chains, sweeps and thin of at least 1 and burnin of at least 0");
        }
        if (n < 0) {
            throw new IllegalArgumentException("cannot draw " + n + " samples");
        }
        ModelSpec spec = model.spec();
        int nv = energy.visibleSize();
        int nh = energy.hiddenSize();
        if (nv != spec.observedSize() || nv + nh != spec.stateSize()) {
            throw new IllegalArgumentException("an energy with " + nv + " visible and " + nh + " hidden units does not fit "
                    + spec.name() + " (" + spec.observedSize() + " observed of " + spec.stateSize() + " units)");
        }
        RbmModel.checkQuadratics(energy, spec);
        SplittableRandom root = context.random("sample");
        long[] seeds = new long[chains];
        for (int c = 0; c < chains; c++) {
            seeds[c] = root.nextLong();
        }
        int[] count = Samples.perChain(n, chains);
        int[] every = new int[chains];
        long last = 0;
        for (int c = 0; c < chains; c++) {
            every[c] = Math.max(thin, sweeps / Math.max(1, count[c]));
            last = Math.max(last, (long) count[c] * every[c]);
        }
        return new Plan(energy.copy(), seeds, count, every, burnin, last);
    }

    /** Runs chains {@code from .. to - 1} of {@code plan} as one batch (two matrix products per sweep). */
    public static Run run(Plan plan, int from, int to) {
        BipartiteEnergy energy = plan.energy();
        int nv = energy.visibleSize();
        int nh = energy.hiddenSize();
        SplittableRandom[] randoms = new SplittableRandom[to];
        for (int c = from; c < to; c++) {
            randoms[c] = new SplittableRandom(plan.seeds()[c]);
        }
        int[] count = plan.count();
        int[] every = plan.every();
        Weights weights = new Weights(energy);
        Batch batch = new Batch(to - from, nv, nh, randoms, from);
        double[][] parts = new double[to - from][];
        for (int c = from; c < to; c++) {
            parts[c - from] = new double[count[c] * nv];
        }
        long last = plan.last();
        batch.randomStart(weights);
        long before = batch.visibleChanges();
        for (int s = 0; s < plan.burnin(); s++) {
            batch.sweep(weights);
        }
        for (long t = 1; t <= last; t++) {
            batch.sweep(weights);
            for (int c = from; c < to; c++) {
                if (t % every[c] == 0 && t / every[c] <= count[c]) {
                    int k = (int) (t / every[c]) - 1;
                    System.arraycopy(batch.v[c - from], 0, parts[c - from], k * nv, nv);
                }
            }
        }
        return new Run(from, parts, batch.visibleChanges() - before, (plan.burnin() + last) * (to - from) * nv);
    }

    /** The samples of every chain in chain order, with the flip rate and the chains' diagnostics. */
    static Samples gather(Plan plan, Run[] runs, int n, String sampler) {
        BipartiteEnergy energy = plan.energy();
        int nv = energy.visibleSize();
        int chains = plan.seeds().length;
        double[][] parts = new double[chains][];
        long changed = 0;
        long total = 0;
        for (Run r : runs) {
            System.arraycopy(r.parts(), 0, parts, r.from(), r.parts().length);
            changed += r.changes();
            total += r.draws();
        }
        double[] values = Samples.concatenate(parts, n * nv);
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("chains", (double) chains);
        if (energy.visibleDomain() != Domain.REAL) {
            diagnostics.put("flip_rate", total == 0 ? 0.0 : (double) changed / total);
        }
        ChainDiagnostics.of(values, nv, plan.count()).addTo(diagnostics);
        return new Samples(n, nv, values, sampler, diagnostics);
    }
}
