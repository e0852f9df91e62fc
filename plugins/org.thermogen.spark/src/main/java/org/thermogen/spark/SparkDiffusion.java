package org.thermogen.spark;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.thermogen.runtime.diffusion.DenoiserTraining;
import org.thermogen.runtime.diffusion.DiffusionModel;

/**
 * Data-parallel synchronous SGD for diffusion denoisers: the training rows stay on the
 * partitions ({@link RowBlock}); for each mini-batch the driver draws the steps and the noise
 * (from the stream a run on one machine draws them from) and sends them with the parameters
 * and the batch's row places; each partition noises the batch rows it holds and returns their
 * squared error's gradient; the gradients are added in a fixed tree ({@link OrderedTree}), and
 * clipping, the optimizer step and the average are the driver's. The parameters agree with
 * {@link DenoiserTraining} on one machine up to the order of each gradient's additions, and
 * the same partitioning gives the same bits.
 */
public final class SparkDiffusion {
    private SparkDiffusion() {
    }

    /** Where {@link DenoiserTraining} computes each batch's gradient: the partitions of {@code blocks}. */
    public static DenoiserTraining.Gradients gradients(JavaRDD<RowBlock> blocks, DiffusionModel model) {
        return (theta, batchRows, rows, t, eps, scale, grad) -> {
            int[] places = java.util.Arrays.copyOf(batchRows, rows);
            int[] steps = java.util.Arrays.copyOf(t, rows);
            int d = model.dimension();
            double[] noise = java.util.Arrays.copyOf(eps, rows * d);
            DiffusionModel m = model;
            SparkVae.Partial total = OrderedTree.aggregate(blocks, (Iterator<RowBlock> it) -> {
                double[] g = new double[theta.length];
                double loss = 0;
                while (it.hasNext()) {
                    RowBlock.Gathered mine = it.next().gather(places, d);
                    int n = mine.count();
                    if (n == 0) {
                        continue;
                    }
                    double[] e = new double[n * d];
                    int[] ts = new int[n];
                    for (int k = 0; k < n; k++) {
                        int i = mine.positions()[k];
                        System.arraycopy(noise, i * d, e, k * d, d);
                        ts[k] = steps[i];
                    }
                    double[] xt = new double[n * d];
                    double[] target = new double[n * d];
                    m.noise(mine.values(), ts, e, n, xt, target);
                    int width = m.network().spec().inputSize();
                    loss += m.squaredErrorGradient(theta, xt, ts, target, 0, n, scale, new double[n * width],
                            m.network().workspace(n), new double[n * d], new double[m.learnedTime() ? n * width : 0], g);
                }
                return new SparkVae.Partial(loss, g);
            }, SparkVae.Partial::merge);
            OrderedTree.add(grad, total.grad());
            return total.elbo();
        };
    }
}
