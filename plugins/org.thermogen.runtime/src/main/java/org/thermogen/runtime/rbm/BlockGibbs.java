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
 * only from the {@code i}-th stream split from {@code context.random("sample")}, so its
 * samples do not depend on how chains are grouped into batches or on the number of threads.
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
        SplittableRandom[] randoms = new SplittableRandom[chains];
        for (int c = 0; c < chains; c++) {
            randoms[c] = root.split();
        }
        int[] count = Samples.perChain(n, chains);
        int[] every = new int[chains];
        for (int c = 0; c < chains; c++) {
            every[c] = Math.max(thin, sweeps / Math.max(1, count[c]));
        }
        int pieces = Math.min(chains, PIECES);
        double[][] parts = new double[chains][];
        long[] changes = new long[pieces];
        long[] draws = new long[pieces];
        Weights weights = new Weights(energy);
        context.listener().begin("sample " + spec.name(), chains);
        Parallel.forEach(context.pool(), pieces, p -> {
            int from = (int) ((long) chains * p / pieces);
            int to = (int) ((long) chains * (p + 1) / pieces);
            Batch batch = new Batch(to - from, nv, nh, randoms, from);
            long last = 0;
            for (int c = from; c < to; c++) {
                parts[c] = new double[count[c] * nv];
                last = Math.max(last, (long) count[c] * every[c]);
            }
            batch.randomStart(weights);
            long before = batch.visibleChanges();
            for (int s = 0; s < burnin; s++) {
                batch.sweep(weights);
            }
            for (long t = 1; t <= last; t++) {
                batch.sweep(weights);
                for (int c = from; c < to; c++) {
                    if (t % every[c] == 0 && t / every[c] <= count[c]) {
                        int k = (int) (t / every[c]) - 1;
                        System.arraycopy(batch.v[c - from], 0, parts[c], k * nv, nv);
                    }
                }
            }
            changes[p] = batch.visibleChanges() - before;
            draws[p] = (burnin + last) * (to - from) * nv;
        });
        double[] values = Samples.concatenate(parts, n * nv);
        context.listener().step(chains, Map.of());
        context.listener().end();
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        diagnostics.put("chains", (double) chains);
        if (energy.visibleDomain() != Domain.REAL) {
            long changed = 0;
            long total = 0;
            for (int p = 0; p < pieces; p++) {
                changed += changes[p];
                total += draws[p];
            }
            diagnostics.put("flip_rate", total == 0 ? 0.0 : (double) changed / total);
        }
        ChainDiagnostics.of(values, nv, count).addTo(diagnostics);
        String sampler = "gibbs(chains " + chains + ", sweeps " + sweeps + ", burnin " + burnin + ", thin " + thin + ")";
        return new Samples(n, nv, values, sampler, diagnostics);
    }
}
