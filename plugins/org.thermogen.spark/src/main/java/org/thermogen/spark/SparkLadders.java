package org.thermogen.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * The ladders of {@code parallel_tempering(..., ladders L)} dealt out to a cluster's executors:
 * each task makes the model from its shipped classes ({@link ShippedModel}), runs a range of
 * consecutive ladders ({@link ParallelTempering#runLadder}), each from its own stream of the
 * run's seed, its replicas on one thread, and returns what they recorded; the driver puts the
 * ladders in order. Samples and measurements have the bits of the ladders run one after
 * another on one machine, whatever the number of tasks, and a task run again returns the same
 * ladders. Progress: the tasks finished, counted from Spark's task events ({@link Ranges#deal}).
 *
 * <pre>{@code
 * Sampler spread = tempering.runningLaddersOn(SparkLadders.runner(spark, 64, () -> new Lattice()));
 * }</pre>
 */
public final class SparkLadders {
    private SparkLadders() {
    }

    /** One task's ladders {@code from .. to - 1}. */
    private record Piece(int from, ParallelTempering.LadderRun[] runs) implements Serializable {
    }

    /**
     * Where {@link ParallelTempering} runs its ladders: at most {@code tasks} ranges of them, one
     * task each, the model made on each task by {@code model} (the driver's model is not sent).
     */
    public static ParallelTempering.LadderRunner runner(JavaSparkContext spark, int tasks, Function0<Model> model) {
        Ranges.require("parallel_tempering", tasks);
        return (sampler, driverModel, theta, work, context) -> {
            int ladders = work.ladders();
            double[] at = theta.clone();
            String task = (work.measuring() ? "measure " : "sample ") + driverModel.spec().name()
                    + " (parallel tempering, " + ladders + " ladders on the cluster's tasks)";
            List<Piece> done = Ranges.deal(spark, "parallel_tempering", ladders, tasks, (from, to) -> {
                Model m = model.call();
                ParallelTempering.LadderRun[] runs = new ParallelTempering.LadderRun[to - from];
                try (RunContext here = new RunContext(work.seed(), Path.of(""), ProgressListener.NONE, 1)) {
                    for (int l = from; l < to; l++) {
                        runs[l - from] = sampler.runLadder(m, at, work, l, here, ProgressListener.NONE, null);
                    }
                }
                return new Piece(from, runs);
            }, context.listener(), task);
            ParallelTempering.LadderRun[] all = new ParallelTempering.LadderRun[ladders];
            for (Piece p : done) {
                System.arraycopy(p.runs(), 0, all, p.from(), p.runs().length);
            }
            context.listener().note("parallel_tempering: " + ladders + " ladders of " + driverModel.spec().name()
                    + " in " + done.size() + " tasks on the cluster");
            return all;
        };
    }
}
