package org.thermogen.runtime.vae;

import java.util.Arrays;

/**
 * The ELBO gradient of some rows of a training batch, what each piece of a batch computes on
 * one machine and each partition on a cluster: the rows' one-draw ELBO estimates (analytic top
 * KL), {@code samples} draws each, with each row's noise from its place in the batch
 * ({@link RowNoise}), so that the sum over any split of the batch is the batch's. A worker
 * with its buffers, allocated once; not thread-safe.
 *
 * <pre>{@code
 * BatchGradient worker = new BatchGradient(vae, 64);
 * double[] grad = new double[vae.paramCount()];
 * double elboSum = worker.add(theta, rows, positions, n, batchSeed, 1, -1.0 / batchSize, grad);
 * }</pre>
 */
public final class BatchGradient {
    private final Vae vae;
    private final Pass pass;
    private final RowNoise noise = new RowNoise();
    private final int[] chunk;

    /** A worker for {@code vae} taking up to {@code capacity} rows at a time (more are done in chunks). */
    public BatchGradient(Vae vae, int capacity) {
        this.vae = vae;
        this.pass = new Pass(vae, capacity);
        this.chunk = new int[capacity];
    }

    /**
     * Adds {@code scale} times the gradient of the rows' summed ELBO estimates to {@code grad}
     * and returns that sum (over rows and draws).
     *
     * @param rows      {@code n} rows of the VAE's data size, row-major
     * @param positions each row's place in its batch (its noise stream)
     * @param batchSeed the batch's seed
     */
    public double add(double[] theta, double[] rows, int[] positions, int n, long batchSeed, int samples, double scale,
            double[] grad) {
        int d = vae.spec().dataSize();
        double sum = 0;
        for (int first = 0; first < n; first += pass.capacity) {
            int m = Math.min(pass.capacity, n - first);
            System.arraycopy(rows, first * d, pass.x, 0, m * d);
            System.arraycopy(positions, first, chunk, 0, m);
            Arrays.fill(pass.grad, 0.0);
            for (int k = 0; k < samples; k++) {
                pass.drawRowNoise(noise, batchSeed, chunk, m, k);
                pass.forward(theta, m, true);
                for (int r = 0; r < m; r++) {
                    sum += pass.value[r];
                }
                pass.backward(theta, scale);
            }
            double[] g = pass.grad;
            for (int i = 0; i < grad.length; i++) {
                grad[i] += g[i];
            }
        }
        return sum;
    }
}
