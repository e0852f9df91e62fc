package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Samples of a multivariate normal distribution,
 * {@code gaussian(n 2000, mean [1, -1], cov [[1, 0.8], [0.8, 1]], seed 3)}. Row {@code i} is
 * {@code mean + L z} with {@code L} the lower Cholesky factor of {@code cov} and {@code z}
 * independent standard normals. The distribution is kept as the data's
 * {@link GroundTruth.Gaussian}, for exact comparisons.
 *
 * <pre>{@code
 * GaussianSource source = GaussianSource.builder()
 *         .n(2000).mean(new double[] {1, -1}).cov(new double[][] {{1, 0.8}, {0.8, 1}}).seed(3L)
 *         .build();
 * }</pre>
 *
 * Defaults: {@code n 1000, seed 0}; {@code mean} and {@code cov} are required.
 */
public final class GaussianSource implements DataSource {
    private final int n;
    private final double[] mean;
    private final double[][] cov;
    private final DMatrixRMaj lower;
    private final long seed;

    private GaussianSource(Builder b, DMatrixRMaj lower) {
        this.n = b.n;
        this.mean = b.mean.clone();
        this.cov = new double[b.cov.length][];
        for (int i = 0; i < cov.length; i++) {
            cov[i] = b.cov[i].clone();
        }
        this.lower = lower;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("gaussian(n ").append(n).append(", mean ").append(GenNumbers.format(mean))
                .append(", cov [");
        for (int i = 0; i < cov.length; i++) {
            b.append(i == 0 ? "" : ", ").append(GenNumbers.format(cov[i]));
        }
        return b.append("], seed ").append(seed).append(')').toString();
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        int d = mean.length;
        double[] l = lower.data;
        double[] z = new double[d];
        double[] values = new double[n * d];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                z[k] = random.nextGaussian();
            }
            int row = i * d;
            for (int k = 0; k < d; k++) {
                double s = mean[k];
                for (int j = 0; j <= k; j++) {
                    s += l[k * d + j] * z[j];
                }
                values[row + k] = s;
            }
        }
        return new Dataset(name, n, d, values, null);
    }

    @Override
    public Optional<GroundTruth> truth() {
        return Optional.of(new GroundTruth.Gaussian(mean.clone(), new DMatrixRMaj(cov)));
    }

    /** Settings of a {@code gaussian(...)} source. */
    public static final class Builder {
        private int n = 1000;
        private double[] mean;
        private double[][] cov;
        private long seed;

        private Builder() {
        }

        /** Number of rows. Default 1000. */
        public Builder n(int n) {
            this.n = n;
            return this;
        }

        /** The mean vector. Required. */
        public Builder mean(double[] mean) {
            this.mean = mean.clone();
            return this;
        }

        /** The covariance matrix, symmetric positive definite, one row per array. Required. */
        public Builder cov(double[][] cov) {
            this.cov = new double[cov.length][];
            for (int i = 0; i < cov.length; i++) {
                this.cov[i] = cov[i].clone();
            }
            return this;
        }

        /** Seed of the generator. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public GaussianSource build() {
            if (n < 1) {
                throw new IllegalArgumentException("gaussian n must be at least 1, not " + n);
            }
            if (mean == null || mean.length == 0) {
                throw new IllegalArgumentException("gaussian needs a mean vector: mean [0, 0]");
            }
            if (cov == null) {
                throw new IllegalArgumentException("gaussian needs a covariance matrix: cov [[1, 0], [0, 1]]");
            }
            int d = mean.length;
            for (double m : mean) {
                if (!Double.isFinite(m)) {
                    throw new IllegalArgumentException("gaussian mean holds " + m + ": every entry must be finite");
                }
            }
            for (int i = 0; i < cov.length; i++) {
                if (cov[i].length != cov.length) {
                    throw new IllegalArgumentException("gaussian cov must be square: it has " + cov.length
                            + " rows but row " + (i + 1) + " has " + cov[i].length + (cov[i].length == 1 ? " entry" : " entries"));
                }
            }
            if (cov.length != d) {
                throw new IllegalArgumentException("gaussian mean has " + d + " entries but cov is " + cov.length
                        + " x " + cov.length + ": they must match");
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    if (!Double.isFinite(cov[i][j])) {
                        throw new IllegalArgumentException("gaussian cov holds " + cov[i][j] + ": every entry must be finite");
                    }
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = i + 1; j < d; j++) {
                    if (cov[i][j] != cov[j][i]) {
                        throw new IllegalArgumentException("gaussian cov must be symmetric: entry [" + i + "][" + j
                                + "] is " + GenNumbers.format(cov[i][j]) + " but [" + j + "][" + i + "] is "
                                + GenNumbers.format(cov[j][i]));
                    }
                }
            }
            if ((long) n * d > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("gaussian n * dimension is too large for one dataset: " + (long) n * d);
            }
            DMatrixRMaj a = new DMatrixRMaj(cov);
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
            if (!chol.decompose(a)) {
                throw new IllegalArgumentException("gaussian cov is not positive definite: every variance must be"
                        + " positive and every correlation strictly between -1 and 1");
            }
            DMatrixRMaj lower = chol.getT(null);
            for (int k = 0; k < d; k++) {
                double pivot = lower.get(k, k);
                if (!(pivot > 0) || !Double.isFinite(pivot)) {
                    throw new IllegalArgumentException("gaussian cov is not positive definite: every variance must be"
                            + " positive and every correlation strictly between -1 and 1");
                }
            }
            return new GaussianSource(this, lower);
        }
    }
}
