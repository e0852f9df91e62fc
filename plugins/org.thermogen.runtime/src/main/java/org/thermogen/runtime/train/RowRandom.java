package org.thermogen.runtime.train;

import java.util.random.RandomGenerator;

/**
 * The random stream of one row of a training batch, a function of the batch's seed and the
 * row's place in it (and, where a row draws several times, the draw): what a row draws does
 * not depend on which thread, piece of the batch or machine of a cluster computes it, so a
 * batch split over partitions draws what one machine would. SplitMix64 (Steele, Lea and Flood
 * 2014, the generator behind {@code SplittableRandom}): each output is the mix of a state
 * advanced by the golden gamma. Reseeded in place, so a training loop allocates nothing.
 *
 * <pre>{@code
 * RowRandom random = new RowRandom();
 * random.reset(batchSeed, place);
 * double u = random.nextDouble();
 * }</pre>
 */
public final class RowRandom implements RandomGenerator {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    /** Starts the stream of the row at {@code place} in the batch of {@code batchSeed}. */
    public void reset(long batchSeed, int place) {
        reset(batchSeed, place, 0);
    }

    /** Starts the stream of draw {@code draw} of the row at {@code place} in the batch of {@code batchSeed}. */
    public void reset(long batchSeed, int place, int draw) {
        // Each argument mixed in on its own: seeds that are sums (epoch seed + batch) never
        // collide with a neighbouring batch's rows.
        state = mix(mix(mix(batchSeed) + GOLDEN * (place + 1L)) + GOLDEN * (draw + 1L));
    }

    /**
     * Takes the next {@code n} draws at once and returns the state they follow: draw {@code k}
     * (from 1) is SplitMix64's output for {@code state + k * 0x9E3779B97F4A7C15L}, which
     * {@code DenseKernels.drawBelow} computes in SIMD lanes. The stream then continues after them.
     */
    public long skip(int n) {
        long s = state;
        state += n * GOLDEN;
        return s;
    }

    @Override
    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
