package org.thermogen.runtime.mcmc;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.run.RunContext;

/**
 * The single-site Gibbs chains {@link GibbsSampler} runs on a pairwise energy as a plan that
 * any machine can run a range of: a chain at a time (a Boltzmann machine, a lattice with few
 * chains), chain {@code c} from the {@code c}-th stream split from the run's {@code "sample"}
 * stream; or, on a lattice with enough chains, 64 chains to a word ({@link MultiSpinLattice}),
 * word {@code w} from the {@code w}-th stream. The streams are a function of the run's seed
 * alone, so a range of chains or words run on a cluster's executor draws, to the bit, what it
 * draws here.
 *
 * <pre>{@code
 * SiteChains.Plan plan = new SiteChains.Plan(eta, context.seed(), counts, observed, sweeps, burnin, thin, 0);
 * SiteChains.Run first = SiteChains.run(plan, 0, 4);    // chains 0..3
 * }</pre>
 */
public final class SiteChains {
    private SiteChains() {
    }

    /**
     * What the chains need: the couplings, the run's seed, how many states each chain records
     * ({@code counts[c]}), how many units a state has ({@code observed}, the first of the
     * energy's), the sweeps, and {@code words}: 0 to run a chain at a time, else the number of
     * words the chains are split into (a lattice's, {@link MultiSpinLattice}).
     */
    public record Plan(PairwiseEnergy energy, long seed, int[] counts, int observed, int sweeps, int burnin, int thin,
            int words) implements Serializable {

        /** What ranges count: chains, or words of chains. */
        public int units() {
            return words > 0 ? words : counts.length;
        }

        /** The first chain of word {@code w} (of chain {@code w} without words). */
        int firstChain(int w) {
            return words > 0 ? org.thermogen.runtime.run.Parallel.start(counts.length, w, words) : w;
        }
    }

    /**
     * Units {@code unit ..} (chains, or words), whose first chain is {@code chain}: the recorded
     * states of their chains, and their flip rates (a chain's; for a word, its rate times its
     * chains, as {@link GibbsSampler} adds them up).
     */
    public record Run(int unit, int chain, double[][] parts, double[] rates) implements Serializable {
    }

    /** Somewhere else to run a plan's chains (a cluster's tasks): every unit once, in any grouping. */
    @FunctionalInterface
    public interface Runner {
        Run[] run(Plan plan);
    }

    /** Runs units {@code from .. to - 1} of {@code plan} (chains, or words of chains). */
    public static Run run(Plan plan, int from, int to) {
        return run(plan, SparseCouplings.of(plan.energy()), from, to);
    }

    /** {@link #run(Plan, int, int)} with the energy's couplings already indexed. */
    static Run run(Plan plan, SparseCouplings couplings, int from, int to) {
        SplittableRandom root = RunContext.random(plan.seed(), "sample");
        for (int c = 0; c < from; c++) {
            root.split();
        }
        int first = plan.firstChain(from);
        double[][] parts = new double[plan.firstChain(to) - first][];
        double[] rates = new double[to - from];
        for (int u = from; u < to; u++) {
            if (plan.words() > 0) {
                rates[u - from] = word(plan, couplings, u, root.split(), parts, first);
            } else {
                SingleSiteChain g = Chains.forPairwise(plan.energy(), couplings, root.split());
                parts[u - first] = record(g, plan.counts()[u], plan.observed(), plan.sweeps(), plan.burnin(),
                        plan.thin());
                rates[u - from] = g.flipRate();
            }
        }
        return new Run(from, first, parts, rates);
    }

    /**
     * Word {@code w}'s chains, 64 to a word from {@code random}: they sweep together and record
     * every {@code max(thin, sweeps / count)} sweeps with the count of the word's first chain (a
     * chain with one state fewer stops a recording earlier). Their states go to
     * {@code parts[chain - offset]}; returns the word's flip rate times its chains.
     */
    static double word(Plan plan, SparseCouplings couplings, int w, SplittableRandom random, double[][] parts,
            int offset) {
        int[] counts = plan.counts();
        int observed = plan.observed();
        int first = plan.firstChain(w);
        int last = plan.firstChain(w + 1);
        MultiSpinLattice lattice = new MultiSpinLattice(couplings, last - first, random);
        int most = counts[first];
        int every = Math.max(plan.thin(), plan.sweeps() / Math.max(1, most));
        for (int chain = first; chain < last; chain++) {
            parts[chain - offset] = new double[counts[chain] * observed];
        }
        double[] state = new double[couplings.size()];
        for (int i = 0; i < plan.burnin(); i++) {
            lattice.sweep();
        }
        for (int r = 0; r < most; r++) {
            for (int i = 0; i < every; i++) {
                lattice.sweep();
            }
            for (int chain = first; chain < last; chain++) {
                if ((r + 1) * observed <= parts[chain - offset].length) {
                    lattice.state(chain - first, state);
                    System.arraycopy(state, 0, parts[chain - offset], r * observed, observed);
                }
            }
        }
        return lattice.flipRate() * (last - first);
    }

    /**
     * One chain's recorded states: {@code burnin} sweeps, then {@code count} states one every
     * {@code max(thin, sweeps / count)} sweeps, the first {@code observed} units of each.
     */
    static double[] record(SingleSiteChain g, int count, int observed, int sweeps, int burnin, int thin) {
        int every = Math.max(thin, sweeps / Math.max(1, count));
        double[] out = new double[count * observed];
        for (int i = 0; i < burnin; i++) {
            g.sweep();
        }
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < every; i++) {
                g.sweep();
            }
            System.arraycopy(g.state(), 0, out, r * observed, observed);
        }
        return out;
    }
}
