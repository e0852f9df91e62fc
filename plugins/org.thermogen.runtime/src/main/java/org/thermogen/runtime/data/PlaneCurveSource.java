package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A synthetic 2-D data set drawn along a curve with Gaussian noise: {@link MoonsSource},
 * {@link SwissRollSource}. Row {@code i} is a point of the curve chosen by the subclass from
 * the stream, then independent normal noise of deviation {@code noise} on both coordinates;
 * the same seed gives the same rows.
 */
abstract class PlaneCurveSource implements DataSource {
    private final String keyword;
    private final int n;
    private final double noise;
    private final long seed;

    PlaneCurveSource(String keyword, CurveBuilder<?> b) {
        this.keyword = keyword;
        this.n = b.n;
        this.noise = b.noise;
        this.seed = b.seed;
    }

    /** Writes row {@code i}'s noiseless point into {@code xy} and returns its label. */
    abstract int point(int i, SplittableRandom random, double[] xy);

    @Override
    public String describe() {
        return keyword + "(n " + n + ", noise " + GenNumbers.format(noise) + ", seed " + seed + ")";
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[2 * n];
        int[] labels = new int[n];
        double[] xy = new double[2];
        for (int i = 0; i < n; i++) {
            labels[i] = point(i, random, xy);
            values[2 * i] = xy[0] + noise * random.nextGaussian();
            values[2 * i + 1] = xy[1] + noise * random.nextGaussian();
        }
        return new Dataset(name, n, 2, values, labels);
    }

    /** Settings shared by the curves: rows, noise and seed. */
    abstract static class CurveBuilder<B extends CurveBuilder<B>> {
        private int n = 1000;
        private double noise = 0.1;
        private long seed;

        abstract B self();

        /** Number of rows. Default 1000. */
        public B n(int v) {
            this.n = v;
            return self();
        }

        /** Standard deviation of the noise added to each coordinate. Default 0.1. */
        public B noise(double v) {
            this.noise = v;
            return self();
        }

        /** Seed of the generator. Default 0. */
        public B seed(long v) {
            this.seed = v;
            return self();
        }

        void check(String keyword) {
            if (n < 1) {
                throw new IllegalArgumentException(keyword + " n must be at least 1, not " + n);
            }
            if (n > (Integer.MAX_VALUE - 8) / 2) {
                throw new IllegalArgumentException(keyword + " n is too large for one dataset: " + n);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException(keyword + " noise must be a finite number 0 or more, not " + noise);
            }
        }
    }
}
