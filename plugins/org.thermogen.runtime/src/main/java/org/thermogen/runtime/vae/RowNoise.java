package org.thermogen.runtime.vae;

/**
 * Standard normal noise for one row of a training batch from that row's own seed, a function
 * of the batch's seed, the row's place in the batch and the draw: the noise a row gets does not
 * depend on which thread, piece or machine computes it, so a batch split over a cluster's
 * partitions sees the draws one machine would. SplitMix64 for the bits (Steele, Lea and Flood
 * 2014, the generator behind {@code SplittableRandom}) and Marsaglia's polar method for the
 * normals; reseeded in place, so the training loop allocates nothing.
 */
final class RowNoise {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spare;
    private boolean hasSpare;

    /** Starts the stream of row {@code position} of the batch of {@code batchSeed}, draw {@code sample}. */
    void reset(long batchSeed, int position, int sample) {
        // Each argument mixed in on its own: seeds that are sums (epoch seed + batch) never
        // collide with a neighbouring batch's rows.
        state = mix(mix(mix(batchSeed) + GOLDEN * (position + 1L)) + GOLDEN * (sample + 1L));
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
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }

    private double nextDouble() {
        state += GOLDEN;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
