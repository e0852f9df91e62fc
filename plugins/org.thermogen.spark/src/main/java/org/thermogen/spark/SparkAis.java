package org.thermogen.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function0;
import org.thermogen.runtime.mcmc.Annealing;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.run.RunContext;

/**
 * Annealed importance sampling with its runs dealt out to a cluster's executors: for a
 * restricted Boltzmann machine through {@link Ais} ({@link #runner}, which
 * {@code thermogen run --spark} uses for {@code log_likelihood(ais(...))} and
 * {@code log_partition(ais(...))}); for any energy ({@link Annealing}) each task makes the model (from a factory, since a model class need not be
 * serializable), runs its range of runs from their own seeds, and returns their log weights;
 * the driver estimates {@code ln Z} and its standard error from all of them. The estimate has
 * the bits of {@link Annealing#logPartition} on one machine with the same seed, whatever the
 * number of tasks, and a task run again returns the same weights.
 *
 * <pre>{@code
 * Estimator.Estimate z = SparkAis.logPartition(spark, () -> new Ising16(), theta, 10_000, 1000, 0.05, 64, context);
 * }</pre>
 */
public final class SparkAis {
    private SparkAis() {
    }

    /** One task's runs {@code from .. to - 1}: their log weights and accepted steps. */
    private record Piece(int from, double[] logWeights, int[] accepted) implements Serializable {
    }

    /**
     * Where {@link Ais} runs the runs of a restricted Boltzmann machine's estimate: dealt out to
     * {@code tasks} tasks (ranges of consecutive runs), each returning its runs' log weights.
     * The estimate has the bits of one machine's, whatever the number of tasks.
     *
     * <pre>{@code
     * Estimator.Estimate z = ais.runningOn(SparkAis.runner(spark, 64)).logPartition(energy, rows, context);
     * }</pre>
     */
    public static Ais.Runner runner(JavaSparkContext spark, int tasks) {
        Ranges.require("ais", tasks);
        return (ais, plan, logWeights) -> {
            int runs = logWeights.length;
            List<Piece> done = Ranges.deal(spark, "ais", runs, tasks, (from, to) -> {
                double[] w = new double[runs];
                ais.run(plan, from, to, w);
                return new Piece(from, java.util.Arrays.copyOfRange(w, from, to), new int[0]);
            });
            for (Piece p : done) {
                System.arraycopy(p.logWeights(), 0, logWeights, p.from(), p.logWeights().length);
            }
        };
    }

    /**
     * {@code ln Z} of the model at {@code theta} from {@code runs} annealing runs over
     * {@code temperatures} inverse temperatures ({@code step}: the Langevin step for real units),
     * spread over {@code tasks} tasks.
     */
    public static Estimator.Estimate logPartition(JavaSparkContext spark, Function0<Model> model, double[] theta,
            int runs, int temperatures, double step, int tasks, RunContext context) {
        long[] seeds = Annealing.seeds(runs, temperatures, context);
        List<Piece> done = Ranges.deal(spark, "ais", runs, tasks, (from, to) -> {
            Model m = model.call();
            double[] w = new double[runs];
            int[] a = new int[runs];
            Annealing.run(m, theta, seeds, from, to, temperatures, step, w, a, null);
            return new Piece(from, java.util.Arrays.copyOfRange(w, from, to), java.util.Arrays.copyOfRange(a, from, to));
        }, context.listener(), "ais: " + runs + " annealing runs on the cluster's tasks");
        double[] logWeights = new double[runs];
        int[] accepted = new int[runs];
        for (Piece p : done) {
            System.arraycopy(p.logWeights(), 0, logWeights, p.from(), p.logWeights().length);
            System.arraycopy(p.accepted(), 0, accepted, p.from(), p.accepted().length);
        }
        try {
            return Annealing.estimate(model.call(), logWeights, accepted, temperatures, step);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the model could not be made on the driver: " + e.getMessage(), e);
        }
    }
}
