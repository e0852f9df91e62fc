package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticSourcesTest {
    private static final Path HERE = Path.of("");

    @Test
    void blobsAreBalancedLabelledAndAroundTheirCentres() {
        BlobsSource s = BlobsSource.builder().n(3000).centers(3).dim(2).std(1.0).spread(5.0).seed(1L).build();
        Dataset d = s.read(HERE, "Points");
        assertEquals(3000, d.rows());
        assertEquals(2, d.columns());
        double[] c = s.centres();
        double[] sum = new double[6];
        int[] count = new int[3];
        for (int i = 0; i < d.rows(); i++) {
            int k = d.labels()[i];
            count[k]++;
            sum[2 * k] += d.get(i, 0);
            sum[2 * k + 1] += d.get(i, 1);
        }
        assertArrayEquals(new int[] {1000, 1000, 1000}, count);
        for (int j = 0; j < 6; j++) {
            assertTrue(Math.abs(c[j]) <= 5.0);
            // The mean of 1000 unit-variance draws has standard error 1/sqrt(1000) = 0.032;
            // 0.16 is five standard errors.
            assertEquals(c[j], sum[j] / 1000, 0.16, "centre coordinate " + j);
        }
        assertArrayEquals(d.values(), s.read(HERE, "Again").values(), "same seed, same rows");
        assertEquals("blobs(n 3000, centers 3, dim 2, std 1, spread 5, seed 1)", s.describe());
    }

    @Test
    void blobsValidate() {
        assertEquals("blobs centers must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> BlobsSource.builder().centers(0).build()).getMessage());
        assertEquals("blobs std must be a finite number 0 or more, not -1.0",
                assertThrows(IllegalArgumentException.class, () -> BlobsSource.builder().std(-1).build()).getMessage());
    }

    @Test
    void gaussianDrawsMeanPlusCholeskyFactorTimesNormals() {
        // cov [[4, 2], [2, 2]] has the Cholesky factor L = [[2, 0], [1, 1]], so every row is
        // exactly (m0 + 2 z0, m1 + z0 + z1) for consecutive standard normals z0, z1.
        GaussianSource s = GaussianSource.builder().n(50).mean(new double[] {1, -1})
                .cov(new double[][] {{4, 2}, {2, 2}}).seed(3L).build();
        Dataset d = s.read(HERE, "G");
        SplittableRandom r = new SplittableRandom(3L);
        for (int i = 0; i < 50; i++) {
            double z0 = r.nextGaussian();
            double z1 = r.nextGaussian();
            assertEquals(1 + 2 * z0, d.get(i, 0), 1e-15);
            assertEquals(-1 + z0 + z1, d.get(i, 1), 1e-15);
        }
        GroundTruth.Gaussian truth = (GroundTruth.Gaussian) s.truth().orElseThrow();
        assertArrayEquals(new double[] {1, -1}, truth.mean());
        assertArrayEquals(new double[] {4, 2, 2, 2}, truth.covariance().data);
    }

    @Test
    void gaussianMomentsMatchForACorrelatedCase() {
        int n = 20000;
        Dataset d = GaussianSource.builder().n(n).mean(new double[] {1, -1})
                .cov(new double[][] {{1, 0.8}, {0.8, 1}}).seed(3L).build().read(HERE, "G");
        double m0 = 0;
        double m1 = 0;
        for (int i = 0; i < n; i++) {
            m0 += d.get(i, 0);
            m1 += d.get(i, 1);
        }
        m0 /= n;
        m1 /= n;
        double c00 = 0;
        double c01 = 0;
        for (int i = 0; i < n; i++) {
            c00 += (d.get(i, 0) - m0) * (d.get(i, 0) - m0);
            c01 += (d.get(i, 0) - m0) * (d.get(i, 1) - m1);
        }
        // Standard errors: mean 1/sqrt(n) = 0.007; variance sqrt(2/n) = 0.010; covariance
        // sqrt((1 + 0.8^2)/n) = 0.009. The tolerances are about five of them.
        assertEquals(1, m0, 0.035);
        assertEquals(-1, m1, 0.035);
        assertEquals(1, c00 / n, 0.05);
        assertEquals(0.8, c01 / n, 0.045);
    }

    @Test
    void gaussianValidatesTheCovariance() {
        assertEquals("gaussian cov must be square: it has 2 rows but row 2 has 1 entry", message(
                GaussianSource.builder().mean(new double[] {0, 0}).cov(new double[][] {{1, 0}, {0}})));
        assertEquals("gaussian mean has 2 entries but cov is 3 x 3: they must match", message(
                GaussianSource.builder().mean(new double[] {0, 0}).cov(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}})));
        assertEquals("gaussian cov must be symmetric: entry [0][1] is 0.8 but [1][0] is 0.7", message(
                GaussianSource.builder().mean(new double[] {0, 0}).cov(new double[][] {{1, 0.8}, {0.7, 1}})));
        assertTrue(message(GaussianSource.builder().mean(new double[] {0, 0}).cov(new double[][] {{1, 1}, {1, 1}}))
                .startsWith("gaussian cov is not positive definite"));
        assertTrue(message(GaussianSource.builder().mean(new double[] {0, 0}).cov(new double[][] {{1, 2}, {2, 1}}))
                .startsWith("gaussian cov is not positive definite"));
        assertEquals("gaussian needs a mean vector: mean [0, 0]", message(GaussianSource.builder()));
    }

    @Test
    void gaussianDescribe() {
        assertEquals("gaussian(n 2000, mean [1, -1], cov [[1, 0.8], [0.8, 1]], seed 3)",
                GaussianSource.builder().n(2000).mean(new double[] {1.0, -1.0})
                        .cov(new double[][] {{1.0, 0.8}, {0.8, 1.0}}).seed(3L).build().describe());
    }

    private static String message(GaussianSource.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }
}
