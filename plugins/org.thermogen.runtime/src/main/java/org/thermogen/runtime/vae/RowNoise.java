package org.thermogen.runtime.vae;

import org.thermogen.runtime.train.RowRandom;

/**
 * Standard normal noise for one row of a training batch from that row's own seed, a function
 * of the batch's seed, the row's place in the batch and the draw: the noise a row gets does not
 * depend on which thread, piece or machine computes it, so a batch split over a cluster's
 * partitions sees the draws one machine would. The bits come from the row's {@link RowRandom},
 * the normals from Marsaglia's polar method; reseeded in place, so the training loop
 * allocates nothing.
 */
final class RowNoise {
    private final RowRandom bits = new RowRandom();
    private double spare;
    private boolean hasSpare;

    /** Starts the stream of row {@code position} of the batch of {@code batchSeed}, draw {@code sample}. */
    void reset(long batchSeed, int position, int sample) {
        bits.reset(batchSeed, position, sample);
        hasSpare = false;
    }

    double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * bits.nextDouble() - 1;
            v = 2 * bits.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }
}
