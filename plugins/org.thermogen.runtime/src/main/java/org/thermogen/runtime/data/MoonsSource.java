package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Two interleaving half circles in the plane, {@code moons(n 1000, noise 0.1, seed 0)}, the
 * shape of scikit-learn's {@code make_moons} with random rather than evenly spaced angles:
 * row {@code i} belongs to moon {@code i mod 2}; its angle {@code a} is uniform in
 * {@code [0, pi]}; moon 0 is the point {@code (cos a, sin a)}, moon 1 the point
 * {@code (1 - cos a, 1/2 - sin a)}; then independent normal noise of deviation
 * {@code noise} is added to both coordinates. The label of a row is its moon. The points
 * lie in about {@code [-1, 2] x [-1/2, 1]}, mean {@code (1/2, 1/4)}.
 *
 * <pre>{@code
 * Dataset moons = MoonsSource.builder().n(2000).noise(0.05).seed(3L).build().read(Path.of(""), "Moons");
 * }</pre>
 *
 * Defaults: {@code n 1000, noise 0.1, seed 0}.
 */
public final class MoonsSource implements DataSource {
    private final int n;
    private final double noise;
    private final long seed;

    private MoonsSource(Builder b) {
        this.n = b.n;
        this.noise = b.noise;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "moons(n " + n + ", noise " + GenNumbers.format(noise) + ", seed " + seed + ")";
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int moon = i % 2;
            double a = Math.PI * random.nextDouble();
            double x = moon == 0 ? Math.cos(a) : 1 - Math.cos(a);
            double y = moon == 0 ? Math.sin(a) : 0.5 - Math.sin(a);
            values[2 * i] = x + noise * random.nextGaussian();
            values[2 * i + 1] = y + noise * random.nextGaussian();
            labels[i] = moon;
        }
        return new Dataset(name, n, 2, values, labels);
    }

    /** Settings of a {@code moons(...)} source. */
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

        public MoonsSource build() {
            if (n < 1) {
                throw new IllegalArgumentException("moons n must be at least 1, not " + n);
            }
            if (n > (Integer.MAX_VALUE - 8) / 2) {
                throw new IllegalArgumentException("moons n is too large for one dataset: " + n);
            }
            if (!(noise >= 0) || Double.isInfinite(noise)) {
                throw new IllegalArgumentException("moons noise must be a finite number 0 or more, not " + noise);
            }
            return new MoonsSource(this);
        }
    }
}
