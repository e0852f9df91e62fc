package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Isotropic Gaussian blobs, {@code blobs(n 1000, centers 3, dim 2, std 1.0, spread 5.0, seed 1)}:
 * {@code centers} centres drawn uniformly from {@code [-spread, spread]^dim}, then row
 * {@code i} belongs to blob {@code i mod centers} (so the blobs are as equal in size as
 * {@code n} allows) and is its centre plus independent normal noise of deviation {@code std}.
 * The label of a row is its blob's index.
 *
 * <pre>{@code
 * Dataset points = BlobsSource.builder().n(300).centers(3).seed(1L).build().read(Path.of(""), "Points");
 * }</pre>
 *
 * Defaults: {@code n 1000, centers 3, dim 2, std 1.0, spread 5.0, seed 0}.
 */
public final class BlobsSource implements DataSource {
    private final int n;
    private final int centers;
    private final int dim;
    private final double std;
    private final double spread;
    private final long seed;

    private BlobsSource(Builder b) {
        this.n = b.n;
        this.centers = b.centers;
        this.dim = b.dim;
        this.std = b.std;
        this.spread = b.spread;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "blobs(n " + n + ", centers " + centers + ", dim " + dim + ", std " + GenNumbers.format(std)
                + ", spread " + GenNumbers.format(spread) + ", seed " + seed + ")";
    }

    /** The blob centres this source draws, {@code centers x dim}, row-major. */
    public double[] centres() {
        double[] c = new double[centers * dim];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < c.length; i++) {
            c[i] = spread * (2.0 * random.nextDouble() - 1.0);
        }
        return c;
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        // The centres come first from the same stream, so centres() reproduces them.
        SplittableRandom random = new SplittableRandom(seed);
        double[] c = new double[centers * dim];
        for (int i = 0; i < c.length; i++) {
            c[i] = spread * (2.0 * random.nextDouble() - 1.0);
        }
        double[] values = new double[n * dim];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int k = i % centers;
            labels[i] = k;
            for (int d = 0; d < dim; d++) {
                values[i * dim + d] = c[k * dim + d] + std * random.nextGaussian();
            }
        }
        return new Dataset(name, n, dim, values, labels);
    }

    /** Settings of a {@code blobs(...)} source. */
    public static final class Builder {
        private int n = 1000;
        private int centers = 3;
        private int dim = 2;
        private double std = 1.0;
        private double spread = 5.0;
        private long seed;

        private Builder() {
        }

        /** Number of rows. Default 1000. */
        public Builder n(int n) {
            this.n = n;
            return this;
        }

        /** Number of blobs. Default 3. */
        public Builder centers(int centers) {
            this.centers = centers;
            return this;
        }

        /** Dimension of each row. Default 2. */
        public Builder dim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Standard deviation of each blob in every direction. Default 1.0. */
        public Builder std(double std) {
            this.std = std;
            return this;
        }

        /** Centres are uniform in {@code [-spread, spread]^dim}. Default 5.0. */
        public Builder spread(double spread) {
            this.spread = spread;
            return this;
        }

        /** Seed of the generator. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public BlobsSource build() {
            if (n < 1) {
                throw new IllegalArgumentException("blobs n must be at least 1, not " + n);
            }
            if (centers < 1) {
                throw new IllegalArgumentException("blobs centers must be at least 1, not " + centers);
            }
            if (dim < 1) {
                throw new IllegalArgumentException("blobs dim must be at least 1, not " + dim);
            }
            if (!(std >= 0) || Double.isInfinite(std)) {
                throw new IllegalArgumentException("blobs std must be a finite number 0 or more, not " + std);
            }
            if (!(spread >= 0) || Double.isInfinite(spread)) {
                throw new IllegalArgumentException("blobs spread must be a finite number 0 or more, not " + spread);
            }
            if ((long) n * dim > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("blobs n * dim is too large for one dataset: " + (long) n * dim);
            }
            return new BlobsSource(this);
        }
    }
}
