package org.thermogen.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.thermogen.runtime.rbm.BlockGibbs;

/**
 * Block Gibbs sampling of a restricted Boltzmann machine with its chains dealt out to a
 * cluster's executors: each task runs a range of consecutive chains from their own seeds
 * ({@link BlockGibbs#run}) and returns their recorded states; the driver puts them in chain
 * order. The samples have the bits of sampling on one machine, whatever the number of tasks,
 * and a task run again returns the same states.
 *
 * <pre>{@code
 * Sampler spread = gibbs.runningOn(SparkGibbs.runner(spark, 64));
 * }</pre>
 */
public final class SparkGibbs {
    private SparkGibbs() {
    }

    /** Where {@link BlockGibbs} runs its chains: at most {@code tasks} ranges of them, one task each. */
    public static BlockGibbs.Runner runner(JavaSparkContext spark, int tasks) {
        SparkAis.requireTasks("gibbs", tasks);
        return plan -> {
            List<int[]> ranges = SparkAis.ranges(plan.seeds().length, tasks);
            return spark.parallelize(ranges, ranges.size()).map(range -> BlockGibbs.run(plan, range[0], range[1]))
                    .collect().toArray(BlockGibbs.Run[]::new);
        };
    }
}
