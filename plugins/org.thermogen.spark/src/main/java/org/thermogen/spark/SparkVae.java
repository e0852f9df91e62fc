package org.thermogen.spark;

import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.vae.BatchGradient;
import org.thermogen.runtime.vae.Vae;
import org.thermogen.runtime.vae.VaeSpec;
import org.thermogen.runtime.vae.VaeTraining;

/**
 * Data-parallel synchronous SGD for VAEs: the training rows stay on the cluster's partitions
 * ({@link RowBlock}); for each mini-batch the driver sends the parameters and the batch's row
 * places, each partition computes the ELBO gradient of the batch rows it holds
 * ({@link BatchGradient}, each row's noise from its place in the batch), the partial gradients
 * are added in a fixed tree ({@link OrderedTree}), and the optimizer steps on the driver. The
 * batches, the noise and the steps are those of {@link VaeTraining} on one machine, so the
 * parameters agree with training there up to the order in which each gradient is added; the
 * same partitioning gives the same bits.
 *
 * <p>Per step the driver sends the parameters ({@code P} numbers) and the batch's places to
 * every partition and receives at most {@value OrderedTree#FAN_IN} gradients of {@code P}
 * numbers; a step costs a Spark job, so large batches pay the scheduling back.
 */
public final class SparkVae {
    private SparkVae() {
    }

    /** Where {@link VaeTraining} computes each batch's gradient: the partitions of {@code blocks}. */
    public static VaeTraining.Gradients gradients(JavaRDD<RowBlock> blocks, Vae vae) {
        return new Gradients(blocks, vae.name(), vae.spec(), vae.precision());
    }

    /** A partition's part of a batch: its rows' summed loss (ELBO, squared error) and gradient. */
    record Partial(double elbo, double[] grad) implements Serializable {
        Partial merge(Partial other) {
            return new Partial(elbo + other.elbo, OrderedTree.add(grad, other.grad));
        }
    }

    private static final class Gradients implements VaeTraining.Gradients {
        private final JavaRDD<RowBlock> blocks;
        private final String name;
        private final VaeSpec spec;
        private final Precision precision;

        Gradients(JavaRDD<RowBlock> blocks, String name, VaeSpec spec, Precision precision) {
            this.blocks = blocks;
            this.name = name;
            this.spec = spec;
            this.precision = precision;
        }

        @Override
        public double batch(double[] theta, int[] batchRows, int size, long batchSeed, int samples, double scale,
                double[] grad) {
            int[] rows = java.util.Arrays.copyOf(batchRows, size);
            String n = name;
            VaeSpec s = spec;
            Precision p = precision;
            Partial total = OrderedTree.aggregate(blocks, (Iterator<RowBlock> it) -> {
                Vae vae = new Vae(n, s, p);
                int d = s.dataSize();
                double[] g = new double[vae.paramCount()];
                double elbo = 0;
                while (it.hasNext()) {
                    RowBlock.Gathered mine = it.next().gather(rows, d);
                    if (mine.count() > 0) {
                        elbo += new BatchGradient(vae, Math.min(mine.count(), 256)).add(theta, mine.values(),
                                mine.positions(), mine.count(), batchSeed, samples, scale, g);
                    }
                }
                return new Partial(elbo, g);
            }, Partial::merge);
            OrderedTree.add(grad, total.grad());
            return total.elbo();
        }
    }
}
