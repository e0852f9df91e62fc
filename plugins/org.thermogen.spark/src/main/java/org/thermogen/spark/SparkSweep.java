package org.thermogen.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.thermogen.runtime.eval.InformationCriterion;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * A sweep over numbers of components ({@code bic(components 1..8) on D.train}) as one Spark
 * job: the rows are broadcast once, each number of components is fitted by a task of its own
 * ({@link InformationCriterion#fitOne}, with a one-thread context of the run's seed), and the
 * driver gathers the scores in order. Each fit has the bits of the one the driver would have
 * made, so the series, its picture and the best number are the local run's.
 */
final class SparkSweep implements InformationCriterion.SweepFits {
    private final JavaSparkContext spark;

    SparkSweep(JavaSparkContext spark) {
        this.spark = spark;
    }

    /**
     * Rows kept on the executors ({@link ClusterDataset}): each number of components is fitted
     * over all of them there ({@link SparkEm}'s passes, two jobs an iteration), from k-means
     * starts on the driver's sample, and scored by the final E-step over all of them; one number
     * after another, since each fit is already spread over the cluster.
     */
    @Override
    public java.util.Optional<List<InformationCriterion.Fitted>> fit(org.thermogen.runtime.data.DistributedRows rows,
            org.thermogen.runtime.data.Dataset sample, int[] ks, CovarianceType type, int restarts,
            RunContext context) {
        if (!(rows instanceof ClusterDataset.ClusterRows onCluster)) {
            return java.util.Optional.empty();
        }
        context.listener().note("sweep on spark: " + ks.length + " fits, each over the " + onCluster.rows() + " rows of "
                + onCluster.name() + " on the executors, from k-means starts on a sample of " + sample.rows());
        int d = onCluster.columns();
        org.thermogen.runtime.mixture.ExpectationMaximization em = org.thermogen.runtime.mixture.ExpectationMaximization
                .builder().restarts(restarts).build();
        List<InformationCriterion.Fitted> out = new ArrayList<>();
        for (int k : ks) {
            context.checkCancelled();
            try {
                org.thermogen.runtime.mixture.MixtureFit fit = em.fit(SparkEm.passes(onCluster.blocks(), type, k, d,
                        em.regCovar()), sample.values(), sample.rows(), d, k, type, context);
                out.add(new InformationCriterion.Fitted(k, fit.logLikelihood(), fit.mixture().parameterCount(), null));
            } catch (IllegalArgumentException | org.thermogen.runtime.train.DivergenceException e) {
                out.add(new InformationCriterion.Fitted(k, Double.NaN, 0, e.getMessage()));
            }
        }
        return java.util.Optional.of(out);
    }

    @Override
    public List<InformationCriterion.Fitted> fit(double[] rows, int n, int d, int[] ks, CovarianceType type,
            int restarts, long seed, RunContext context) {
        context.listener().note("sweep on spark: " + ks.length + " fits on " + ks.length + " tasks");
        Broadcast<double[]> shared = spark.broadcast(rows);
        List<Integer> numbers = new ArrayList<>();
        for (int k : ks) {
            numbers.add(k);
        }
        try {
            return new ArrayList<>(spark.parallelize(numbers, Math.max(1, numbers.size())).map(k -> {
                try (RunContext here = new RunContext(seed, Path.of(""), ProgressListener.NONE, 1)) {
                    return InformationCriterion.fitOne(shared.value(), n, d, k, type, restarts, here);
                }
            }).collect());
        } finally {
            shared.destroy();
        }
    }
}
