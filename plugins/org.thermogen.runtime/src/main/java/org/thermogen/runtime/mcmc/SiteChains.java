package org.thermogen.runtime.mcmc;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.run.RunContext;

/**
 * The single-site Gibbs chains {@link GibbsSampler} runs on a pairwise energy (a Boltzmann
 * machine, a lattice sampled a chain at a time) as a plan that any machine can run a range of:
 * chain {@code c} draws from the {@code c}-th stream split from the run's {@code "sample"}
 * stream, a function of the run's seed alone, so a range of chains run on a cluster's executor
 * draws, to the bit, what it draws here.
 *
 * <pre>{@code
 * SiteChains.Plan plan = new SiteChains.Plan(eta, context.seed(), counts, observed, sweeps, burnin, thin);
 * SiteChains.Run first = SiteChains.run(plan, 0, 4);    // chains 0..3
 * }</pre>
 */
public final class SiteChains {
    private SiteChains() {
    }

    /**
     * What the chains need: the couplings, the run's seed, how many states each chain records
     * ({@code counts[c]}), how many units a state has ({@code observed}, the first of the
     * energy's), and the sweeps.
     */
    public record Plan(PairwiseEnergy energy, long seed, int[] counts, int observed, int sweeps, int burnin, int thin)
            implements Serializable {
    }

    /** Chains {@code from .. from + parts.length - 1}: their recorded states and their flip rates. */
    public record Run(int from, double[][] parts, double[] rates) implements Serializable {
    }

    /** Somewhere else to run a plan's chains (a cluster's tasks): every chain once, in any grouping. */
    @FunctionalInterface
    public interface Runner {
        Run[] run(Plan plan);
    }

    /** Runs chains {@code from .. to - 1} of {@code plan}. */
    public static Run run(Plan plan, int from, int to) {
        SplittableRandom root = RunContext.random(plan.seed(), "sample");
        for (int c = 0; c < from; c++) {
            root.split();
        }
        SparseCouplings couplings = SparseCouplings.of(plan.energy());
        double[][] parts = new double[to - from][];
        double[] rates = new double[to - from];
        for (int c = from; c < to; c++) {
            SingleSiteChain g = Chains.forPairwise(plan.energy(), couplings, root.split());
            parts[c - from] = record(g, plan.counts()[c], plan.observed(), plan.sweeps(), plan.burnin(), plan.thin());
            rates[c - from] = g.flipRate();
        }
        return new Run(from, parts, rates);
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
