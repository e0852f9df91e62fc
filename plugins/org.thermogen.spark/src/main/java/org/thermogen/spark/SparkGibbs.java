package org.thermogen.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.thermogen.runtime.mcmc.SiteChains;
import org.thermogen.runtime.rbm.BlockGibbs;

/**
 * Gibbs chains dealt out to a cluster's executors: block Gibbs sampling of a restricted
 * Boltzmann machine ({@link BlockGibbs#run}) and single-site sampling of any other pairwise
 * energy ({@link SiteChains#run}: a Boltzmann machine with visible couplings, a lattice a chain
 * at a time or 64 chains to a word). Each task runs a range of consecutive chains (or words of
 * chains) from their own streams and returns their recorded states; the driver puts them in
 * chain order. The samples
 * have the bits of sampling on one machine, whatever the number of tasks, and a task run again
 * returns the same states.
 *
 * <pre>{@code
 * Sampler spread = gibbs.runningOn(SparkGibbs.runner(spark, 64)).runningSiteChainsOn(SparkGibbs.sites(spark, 64));
 * }</pre>
 */
public final class SparkGibbs {
    private SparkGibbs() {
    }

    /** Where {@link BlockGibbs} runs its chains: at most {@code tasks} ranges of them, one task each. */
    public static BlockGibbs.Runner runner(JavaSparkContext spark, int tasks) {
        Ranges.require("gibbs", tasks);
        return plan -> Ranges.deal(spark, "gibbs", plan.seeds().length, tasks, (from, to) -> BlockGibbs.run(plan, from, to))
                .toArray(BlockGibbs.Run[]::new);
    }

    /** Where {@link SiteChains} runs its chains: at most {@code tasks} ranges of them, one task each. */
    public static SiteChains.Runner sites(JavaSparkContext spark, int tasks) {
        Ranges.require("gibbs", tasks);
        return plan -> Ranges.deal(spark, "gibbs", plan.units(), tasks, (from, to) -> SiteChains.run(plan, from, to))
                .toArray(SiteChains.Run[]::new);
    }
}
