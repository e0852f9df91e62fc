package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A two-dimensional swiss roll, {@code swiss_roll(n 1000, noise 0.1, seed 0)}: the spiral
 * {@code (t cos t, t sin t) / 10} with {@code t = 1.5 pi (1 + 2 u)} and {@code u} uniform in
 * [0, 1] (the first and third coordinates of scikit-learn's {@code make_swiss_roll}, scaled by
 * 1/10), plus independent normal noise of deviation {@code noise} on both coordinates. The
 * label of a row is 0 on the inner half of the spiral ({@code u < 1/2}) and 1 on the outer.
 * The points lie in about {@code [-1.0, 1.3] x [-1.2, 1.5]}.
 *
 * <pre>{@code
 * Dataset roll = SwissRollSource.builder().n(2000).noise(0.02).seed(3L).build().read(Path.of(""), "Roll");
 * }</pre>
 *
 * Defaults: {@code n 1000, noise 0.1, seed 0}.
 */
public final class SwissRollSource implements DataSource {
    private final int n;
    private final double noise;
    private final long seed;

    private SwissRollSource(Builder b) {
        this.n = b.n;
        this.noise = b.noise;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "swiss_roll(n " + n + ", noise " + GenNumbers.format(noise) + ", seed " + seed + ")";
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble();
            double t = 1.5 * Math.PI * (1 + 2 * u);
            values[2 * i] = t * Math.cos(t) / 10 + noise * random.nextGaussian();
            values[2 * i + 1] = t * Math.sin(t) / 10 + noise * random.nextGaussian();
            labels[i] = u < 0.5 ? 0 : 1;
        }
        return new Dataset(name, n, 2, values, labels);
    }

    /** Settings of a {@code swiss_roll(...)} source. */
    public static final class Builder {
        private int n = 1000;
        private double noise = 0.1;
        private long seed;

        private Builder() {
        }

        /** Number of rows. Default 1000. */
        public Builder n(int n) {
            this.n = n;
            return this;
        }

        /** Standard deviation of the noise added to each coordinate. Default 0.1. */
        public Builder noise(double noise) {
            this.noise = noise;
            return this;
        }

        /** Seed of the generator. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public SwissRollSource build() {
            if (n < 1) {
                throw new IllegalArgumentException("swiss_roll n must be at least 1, not " + n);
            }
            if (n > (Integer.MAX_VALUE - 8) / 2) {
                throw new IllegalArgumentException("swiss_roll n is too large for one dataset: " + n);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("swiss_roll noise must be a finite number 0 or more, not " + noise);
            }
            return new SwissRollSource(this);
        }
    }
}
