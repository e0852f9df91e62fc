package org.thermogen.spark;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.rbm.CdStep;
import org.thermogen.runtime.rbm.CdTrainer;

/**
 * Data-parallel synchronous SGD for restricted Boltzmann machines ({@code cd} and
 * {@code pcd}): the training rows stay on the partitions ({@link RowBlock}); for each
 * mini-batch the driver sends the parameters and the batch's row places, each partition adds
 * the sums of the batch rows it holds ({@link CdStep}: their data term and, for plain CD, the
 * term of the chain each starts, drawing from its place's stream), the sums are added in a
 * fixed tree ({@link OrderedTree}), and the persistent chains (for {@code pcd}) and the
 * optimizer step stay on the driver. The batches, the draws and the steps are those of
 * training on one machine, so the parameters agree with it up to the order in which each
 * batch's sums are added; the same partitioning gives the same bits.
 *
 * <p>Per step the driver sends {@code W} and the biases ({@code nv nh + nh + 2 nv} numbers)
 * and receives at most {@value OrderedTree#FAN_IN} sums of that size; a step costs a Spark
 * job, so large batches pay the scheduling back.
 */
public final class SparkRbm {
    private SparkRbm() {
    }

    /** Where {@code trainer} computes the sums of each batch's rows: the partitions of {@code blocks}. */
    public static CdTrainer.Gradients gradients(JavaRDD<RowBlock> blocks, CdTrainer trainer, int nv, int nh,
            Domain visible, Domain hidden) {
        int k = trainer.k();
        // A partition's steps add the data term only when the chains are the driver's.
        int chains = trainer.chains();
        Precision precision = trainer.precision();
        int capacity = trainer.batch();
        return new CdTrainer.Gradients() {
            @Override
            public void batch(BipartiteEnergy eta, int[] batchRows, int size, long batchSeed, double[] terms) {
                add(blocks, nv, nh, visible, hidden, k, chains, precision, capacity, eta, batchRows, size, batchSeed,
                        terms);
            }

            /** The rows the per-epoch figures are measured on, fetched from the partitions that hold them. */
            @Override
            public double[] rows(int[] places) {
                return RowBlock.fetch(blocks, places, nv);
            }
        };
    }

    /** The sums of a batch's rows, each partition adding those it holds. */
    private static void add(JavaRDD<RowBlock> blocks, int nv, int nh, Domain visible, Domain hidden, int k, int chains,
            Precision precision, int capacity, BipartiteEnergy eta, int[] batchRows, int size, long batchSeed,
            double[] terms) {
        int[] places = java.util.Arrays.copyOf(batchRows, size);
        BipartiteEnergy energy = eta.copy();
        double[] total = OrderedTree.aggregate(blocks, (Iterator<RowBlock> it) -> {
            double[] sums = new double[CdStep.termsLength(nv, nh)];
            CdStep step = null;
            while (it.hasNext()) {
                RowBlock.Gathered mine = it.next().gather(places, nv);
                int n = mine.count();
                if (n == 0) {
                    continue;
                }
                if (step == null) {
                    step = new CdStep(nv, nh, visible, hidden, k, chains, precision, capacity);
                    step.weights(energy);
                }
                int[] rows = new int[n];
                for (int r = 0; r < n; r++) {
                    rows[r] = r;
                }
                step.addRows(mine.values(), rows, mine.positions(), n, batchSeed, size, sums);
            }
            return sums;
        }, OrderedTree::add);
        OrderedTree.add(terms, total);
    }
}
