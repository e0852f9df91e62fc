package org.thermogen.runtime.mixture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.gaussian.Gaussian;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

class GaussianMixtureTest {

    /**
     * {@code n} rows from {@code k} overlapping clusters in {@code d} dimensions: centres
     * uniform in [-3, 3], each cluster's rows a random lower-triangular map of standard
     * normals, so the clusters are elongated and tilted.
     */
    static double[] blobs(int n, int d, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] centres = new double[k * d];
        double[] maps = new double[k * d * d];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < d; i++) {
                centres[c * d + i] = -3 + 6 * random.nextDouble();
                for (int j = 0; j <= i; j++) {
                    maps[c * d * d + i * d + j] = j == i ? 0.3 + random.nextDouble() : random.nextDouble() - 0.5;
                }
            }
        }
        double[] x = new double[n * d];
        double[] z = new double[d];
        for (int r = 0; r < n; r++) {
            int c = random.nextInt(k);
            for (int j = 0; j < d; j++) {
                z[j] = random.nextGaussian();
            }
            for (int i = 0; i < d; i++) {
                double v = centres[c * d + i];
                for (int j = 0; j <= i; j++) {
                    v += maps[c * d * d + i * d + j] * z[j];
                }
                x[r * d + i] = v;
            }
        }
        return x;
    }

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    private static MixtureFit fit(ExpectationMaximization em, double[] x, int n, int d, int k, CovarianceType type,
            long seed, int threads) {
        RunContext context = context(seed, threads);
        try {
            return em.fit(x, n, d, k, type, context);
        } finally {
            context.close();
        }
    }

    @Test
    void logLikelihoodNeverDecreases() {
        // Without reg_covar each M-step maximizes the expected complete log-likelihood exactly,
        // so EM can only raise the log-likelihood; 1e-12 relative allows for rounding.
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(40).tolerance(0).regCovar(0).build();
        for (CovarianceType type : CovarianceType.values()) {
            for (long seed = 1; seed <= 3; seed++) {
                double[] x = blobs(600, 2, 3, 100 + seed);
                MixtureFit fit = fit(em, x, 600, 2, 4, type, seed, 1);
                double[] ll = fit.logLikelihoods();
                assertEquals(41, ll.length);
                for (int i = 1; i < ll.length; i++) {
                    assertTrue(ll[i] >= ll[i - 1] - 1e-12 * Math.abs(ll[i - 1]),
                            type + " seed " + seed + ": log-likelihood fell from " + ll[i - 1] + " to " + ll[i]
                                    + " at iteration " + i);
                }
                assertTrue(ll[40] > ll[0], type + " seed " + seed + ": EM did not improve on the k-means start");
                assertEquals(ll[39], fit.lowerBound(), 0.0);
                assertEquals(fit.mixture().meanLogLikelihood(x, 600, null), fit.logLikelihood(), 1e-12);
            }
        }
    }

    @Test
    void responsibilitiesArePosteriorsSummingToOne() {
        double[] x = blobs(500, 3, 3, 7);
        GaussianMixture g = fit(ExpectationMaximization.builder().build(), x, 500, 3, 3, CovarianceType.FULL, 7, 2)
                .mixture();
        double[] r = g.responsibilities(x, 500, null);
        double[] w = g.weights();
        for (int i = 0; i < 500; i++) {
            double s = 0;
            double p = Math.exp(g.logDensity(x, i * 3));
            for (int k = 0; k < 3; k++) {
                double rik = r[i * 3 + k];
                assertTrue(rik >= 0 && rik <= 1);
                s += rik;
                double nk = Math.exp(new Gaussian(mean(g, k), g.covariance(k)).logDensity(x, i * 3));
                assertEquals(w[k] * nk / p, rik, 1e-12);
            }
            assertEquals(1.0, s, 1e-12);
        }
    }

    private static double[] mean(GaussianMixture g, int k) {
        double[] m = new double[g.dimension()];
        System.arraycopy(g.means(), k * g.dimension(), m, 0, m.length);
        return m;
    }

    @Test
    void logDensityIsTheLogOfTheWeightedSumOfComponentDensities() {
        for (CovarianceType type : CovarianceType.values()) {
            double[] x = blobs(300, 3, 2, 11);
            GaussianMixture g = fit(ExpectationMaximization.builder().build(), x, 300, 3, 2, type, 3, 1).mixture();
            double[] w = g.weights();
            double[] ll = g.logDensities(x, 300, null);
            for (int i = 0; i < 300; i += 7) {
                double p = 0;
                for (int k = 0; k < 2; k++) {
                    p += w[k] * Math.exp(new Gaussian(mean(g, k), g.covariance(k)).logDensity(x, i * 3));
                }
                assertEquals(Math.log(p), ll[i], 1e-12 * Math.max(1, Math.abs(ll[i])), type + " row " + i);
            }
        }
    }

    /** Five points in the plane and a start of two components: the M-step by hand. */
    private static final double[] HAND = {0, 0, 1, 0.5, 2, 2, 4, 3, 5, 5.5};
    private static final double[] HAND_WEIGHTS = {0.4, 0.6};
    private static final double[] HAND_MEANS = {0.5, 0.5, 4, 4};

    /** Responsibilities of the hand start, from the bivariate normal density written out. */
    private static double[][] handResponsibilities(double[][] covs) {
        double[][] r = new double[5][2];
        for (int i = 0; i < 5; i++) {
            double total = 0;
            for (int k = 0; k < 2; k++) {
                double[] s = covs[k];
                double det = s[0] * s[3] - s[1] * s[2];
                double ux = HAND[2 * i] - HAND_MEANS[2 * k];
                double uy = HAND[2 * i + 1] - HAND_MEANS[2 * k + 1];
                double q = (s[3] * ux * ux - 2 * s[1] * ux * uy + s[0] * uy * uy) / det;
                r[i][k] = HAND_WEIGHTS[k] * Math.exp(-0.5 * q) / (2 * Math.PI * Math.sqrt(det));
                total += r[i][k];
            }
            r[i][0] /= total;
            r[i][1] /= total;
        }
        return r;
    }

    private static MixtureFit oneStep(CovarianceType type, double[] covariances) {
        GaussianMixture start = GaussianMixture.of(type, 2, HAND_WEIGHTS, HAND_MEANS, covariances);
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(1).regCovar(0).build();
        RunContext context = context(1, 1);
        try {
            return em.fit(HAND, 5, start, context);
        } finally {
            context.close();
        }
    }

    @Test
    void theMStepIsTheResponsibilityWeightedMomentsOfTheData() {
        double[][] covs = {{1, 0.3, 0.3, 2}, {2, -0.5, -0.5, 1.5}};
        double[][] r = handResponsibilities(covs);
        double[] nk = new double[2];
        double[][] mu = new double[2][2];
        double[][] s = new double[2][4];
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 5; i++) {
                nk[k] += r[i][k];
                mu[k][0] += r[i][k] * HAND[2 * i];
                mu[k][1] += r[i][k] * HAND[2 * i + 1];
            }
            mu[k][0] /= nk[k];
            mu[k][1] /= nk[k];
            for (int i = 0; i < 5; i++) {
                double ux = HAND[2 * i] - mu[k][0];
                double uy = HAND[2 * i + 1] - mu[k][1];
                s[k][0] += r[i][k] * ux * ux / nk[k];
                s[k][1] += r[i][k] * ux * uy / nk[k];
                s[k][3] += r[i][k] * uy * uy / nk[k];
            }
            s[k][2] = s[k][1];
        }
        double[] weights = {nk[0] / 5, nk[1] / 5};
        double[] means = {mu[0][0], mu[0][1], mu[1][0], mu[1][1]};

        GaussianMixture full = oneStep(CovarianceType.FULL, new double[] {1, 0.3, 0.3, 2, 2, -0.5, -0.5, 1.5}).mixture();
        assertArrayEquals(weights, full.weights(), 1e-12);
        assertArrayEquals(means, full.means(), 1e-12);
        assertArrayEquals(new double[] {s[0][0], s[0][1], s[0][2], s[0][3], s[1][0], s[1][1], s[1][2], s[1][3]},
                full.covariances(), 1e-12);

        // Diagonal and spherical starts give other responsibilities: recompute with zero covariances off the diagonal.
        double[][] diagCovs = {{1, 0, 0, 2}, {2, 0, 0, 1.5}};
        double[][] rd = handResponsibilities(diagCovs);
        GaussianMixture diag = oneStep(CovarianceType.DIAG, new double[] {1, 2, 2, 1.5}).mixture();
        double[] expected = new double[4];
        double[] expectedMeans = new double[4];
        for (int k = 0; k < 2; k++) {
            double n = 0;
            for (int i = 0; i < 5; i++) {
                n += rd[i][k];
                expectedMeans[2 * k] += rd[i][k] * HAND[2 * i];
                expectedMeans[2 * k + 1] += rd[i][k] * HAND[2 * i + 1];
            }
            expectedMeans[2 * k] /= n;
            expectedMeans[2 * k + 1] /= n;
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 2; j++) {
                    double u = HAND[2 * i + j] - expectedMeans[2 * k + j];
                    expected[2 * k + j] += rd[i][k] * u * u / n;
                }
            }
        }
        assertArrayEquals(expectedMeans, diag.means(), 1e-12);
        assertArrayEquals(expected, diag.covariances(), 1e-12);

        double[][] sphericalCovs = {{1.5, 0, 0, 1.5}, {0.5, 0, 0, 0.5}};
        double[][] rs = handResponsibilities(sphericalCovs);
        GaussianMixture spherical = oneStep(CovarianceType.SPHERICAL, new double[] {1.5, 0.5}).mixture();
        double[] variances = new double[2];
        for (int k = 0; k < 2; k++) {
            double n = 0;
            double mx = 0;
            double my = 0;
            for (int i = 0; i < 5; i++) {
                n += rs[i][k];
                mx += rs[i][k] * HAND[2 * i];
                my += rs[i][k] * HAND[2 * i + 1];
            }
            mx /= n;
            my /= n;
            for (int i = 0; i < 5; i++) {
                double ux = HAND[2 * i] - mx;
                double uy = HAND[2 * i + 1] - my;
                variances[k] += rs[i][k] * (ux * ux + uy * uy) / (2 * n);
            }
        }
        assertArrayEquals(variances, spherical.covariances(), 1e-12);

        // Tied: one covariance, the responsibility-weighted scatter about each component's mean over all rows.
        double[][] rt = handResponsibilities(new double[][] {{1, 0.3, 0.3, 2}, {1, 0.3, 0.3, 2}});
        GaussianMixture tied = oneStep(CovarianceType.TIED, new double[] {1, 0.3, 0.3, 2}).mixture();
        double[] pooled = new double[4];
        for (int k = 0; k < 2; k++) {
            double n = 0;
            double mx = 0;
            double my = 0;
            for (int i = 0; i < 5; i++) {
                n += rt[i][k];
                mx += rt[i][k] * HAND[2 * i];
                my += rt[i][k] * HAND[2 * i + 1];
            }
            mx /= n;
            my /= n;
            for (int i = 0; i < 5; i++) {
                double ux = HAND[2 * i] - mx;
                double uy = HAND[2 * i + 1] - my;
                pooled[0] += rt[i][k] * ux * ux / 5;
                pooled[1] += rt[i][k] * ux * uy / 5;
                pooled[3] += rt[i][k] * uy * uy / 5;
            }
        }
        pooled[2] = pooled[1];
        assertArrayEquals(pooled, tied.covariances(), 1e-12);
    }

    @Test
    void bicAndAicCountParametersAsScikitLearn() {
        assertEquals(3 * 4 * 5 / 2 + 12 + 2, CovarianceType.FULL.parameterCount(3, 4));
        assertEquals(4 * 5 / 2 + 12 + 2, CovarianceType.TIED.parameterCount(3, 4));
        assertEquals(12 + 12 + 2, CovarianceType.DIAG.parameterCount(3, 4));
        assertEquals(3 + 12 + 2, CovarianceType.SPHERICAL.parameterCount(3, 4));
        double[] x = blobs(400, 4, 3, 5);
        for (CovarianceType type : CovarianceType.values()) {
            GaussianMixture g = fit(ExpectationMaximization.builder().build(), x, 400, 4, 3, type, 5, 1).mixture();
            double total = 0;
            for (double l : g.logDensities(x, 400, null)) {
                total += l;
            }
            long p = type.parameterCount(3, 4);
            assertEquals(p, g.parameterCount());
            assertEquals(-2 * total + p * Math.log(400), g.bic(x, 400, null), 1e-9 * Math.abs(total));
            assertEquals(-2 * total + 2 * p, g.aic(x, 400, null), 1e-9 * Math.abs(total));
        }
    }

    @Test
    void samplesHaveTheComponentsWeightsMeansAndCovariances() {
        double[] w = {0.3, 0.7};
        double[] mu = {-1, 2, 3, 0.5};
        double[] sigma = {1.0, 0.6, 0.6, 2.0, 0.5, -0.2, -0.2, 0.25};
        GaussianMixture g = GaussianMixture.of(CovarianceType.FULL, 2, w, mu, sigma);
        int n = 200_000;
        int[] labels = new int[n];
        double[] x = g.sample(n, new SplittableRandom(2026), labels);
        // Every statistic below is within 4 of its Monte Carlo standard errors (fixed seed: the
        // test is deterministic; a wrong weight, mean or factor misses by far more).
        for (int k = 0; k < 2; k++) {
            int count = 0;
            double[] m = new double[2];
            for (int i = 0; i < n; i++) {
                if (labels[i] == k) {
                    count++;
                    m[0] += x[2 * i];
                    m[1] += x[2 * i + 1];
                }
            }
            assertEquals(w[k], (double) count / n, 4 * Math.sqrt(w[k] * (1 - w[k]) / n), "weight " + k);
            m[0] /= count;
            m[1] /= count;
            double[] s = new double[3];
            for (int i = 0; i < n; i++) {
                if (labels[i] == k) {
                    double ux = x[2 * i] - m[0];
                    double uy = x[2 * i + 1] - m[1];
                    s[0] += ux * ux / count;
                    s[1] += ux * uy / count;
                    s[2] += uy * uy / count;
                }
            }
            double sxx = sigma[4 * k];
            double sxy = sigma[4 * k + 1];
            double syy = sigma[4 * k + 3];
            assertEquals(mu[2 * k], m[0], 4 * Math.sqrt(sxx / count), "mean x of " + k);
            assertEquals(mu[2 * k + 1], m[1], 4 * Math.sqrt(syy / count), "mean y of " + k);
            // Var of a sample covariance entry s_ij of normal data: (S_ii S_jj + S_ij^2) / n.
            assertEquals(sxx, s[0], 4 * Math.sqrt(2 * sxx * sxx / count), "Sxx of " + k);
            assertEquals(sxy, s[1], 4 * Math.sqrt((sxx * syy + sxy * sxy) / count), "Sxy of " + k);
            assertEquals(syy, s[2], 4 * Math.sqrt(2 * syy * syy / count), "Syy of " + k);
        }
        assertArrayEquals(x, g.sample(n, new SplittableRandom(2026)), "the same seed draws the same samples");
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        // More rows than one piece of 4096, so that the pieces are summed.
        double[] x = blobs(20_000, 3, 4, 9);
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(15).tolerance(0).build();
        for (CovarianceType type : new CovarianceType[] {CovarianceType.FULL, CovarianceType.DIAG}) {
            MixtureFit one = fit(em, x, 20_000, 3, 4, type, 4, 1);
            MixtureFit two = fit(em, x, 20_000, 3, 4, type, 4, 2);
            assertArrayEquals(one.logLikelihoods(), two.logLikelihoods());
            assertArrayEquals(one.mixture().weights(), two.mixture().weights());
            assertArrayEquals(one.mixture().means(), two.mixture().means());
            assertArrayEquals(one.mixture().covariances(), two.mixture().covariances());
        }
    }

    @Test
    void emRecoversWellSeparatedClusters() {
        double[] w = {0.25, 0.75};
        double[] mu = {-4, 0, 4, 1};
        double[] sigma = {1, 0.5};
        GaussianMixture truth = GaussianMixture.of(CovarianceType.SPHERICAL, 2, w, mu, sigma);
        double[] x = truth.sample(4000, new SplittableRandom(8));
        MixtureFit fit = fit(ExpectationMaximization.builder().tolerance(1e-8).build(), x, 4000, 2, 2,
                CovarianceType.SPHERICAL, 1, 2);
        assertTrue(fit.converged());
        GaussianMixture g = fit.mixture();
        int first = g.means()[0] < 0 ? 0 : 1;
        // Standard errors: weight 0.007, means below 0.03, variances below 0.02.
        assertEquals(0.25, g.weights()[first], 0.03);
        assertEquals(-4, g.means()[2 * first], 0.1);
        assertEquals(4, g.means()[2 * (1 - first)], 0.1);
        assertEquals(1, g.covariances()[first], 0.1);
        assertEquals(0.5, g.covariances()[1 - first], 0.05);
    }

    /**
     * Sixteen equal round clusters on a 4 x 4 grid, 1500 rows: k-means++ seeding often merges
     * two clusters and splits another, a local optimum EM cannot leave. Over seeds 1 to 8,
     * one start ends below the optimum (EM started from the truth, tol 1e-8) by more than
     * 0.01 nats per row at least three times; ten starts reach it every time; and more starts
     * never end lower, since the first start is always the single start's.
     */
    @Test
    void restartsKeepTheBestOfTheirStartsAndNeverEndLower() {
        int g = 4;
        int k = g * g;
        double[] w = new double[k];
        double[] mu = new double[2 * k];
        double[] s = new double[k];
        for (int i = 0; i < k; i++) {
            w[i] = 1.0 / k;
            mu[2 * i] = 3 * (i % g);
            mu[2 * i + 1] = 3 * (i / g);
            s[i] = 0.5;
        }
        GaussianMixture truth = GaussianMixture.of(CovarianceType.SPHERICAL, 2, w, mu, s);
        double[] x = truth.sample(1500, new SplittableRandom(3));
        RunContext c0 = context(1, 1);
        double optimum = ExpectationMaximization.builder().tolerance(1e-8).build().fit(x, 1500, truth, c0)
                .logLikelihood();
        c0.close();
        int stuck = 0;
        for (long seed = 1; seed <= 8; seed++) {
            double previous = Double.NEGATIVE_INFINITY;
            for (int restarts : new int[] {1, 3, 10}) {
                MixtureFit fit = fit(ExpectationMaximization.builder().tolerance(1e-8).restarts(restarts).build(), x,
                        1500, 2, k, CovarianceType.SPHERICAL, seed, 1);
                assertTrue(fit.logLikelihood() >= previous - 1e-12, "seed " + seed + ", restarts " + restarts);
                previous = fit.logLikelihood();
                if (restarts == 1 && fit.logLikelihood() < optimum - 0.01) {
                    stuck++;
                }
                if (restarts == 10) {
                    assertEquals(optimum, fit.logLikelihood(), 1e-6, "seed " + seed);
                }
            }
        }
        assertTrue(stuck >= 3, "one start was stuck " + stuck + " times in 8");
        // One start is the default, to the bit.
        MixtureFit one = fit(ExpectationMaximization.builder().restarts(1).build(), x, 1500, 2, k,
                CovarianceType.SPHERICAL, 5, 1);
        MixtureFit plain = fit(ExpectationMaximization.builder().build(), x, 1500, 2, k, CovarianceType.SPHERICAL, 5, 1);
        assertArrayEquals(plain.mixture().means(), one.mixture().means());
        assertEquals("em needs restarts of at least 1, not 0", assertThrows(IllegalArgumentException.class,
                () -> ExpectationMaximization.builder().restarts(0).build()).getMessage());
        assertEquals("restarts 5 would start 5 times from the same given parameters: use init kmeans, or remove restarts",
                assertThrows(IllegalArgumentException.class, () -> ExpectationMaximization.builder().restarts(5)
                        .start(ExpectationMaximization.Start.PARAMETERS).build()).getMessage());
        assertEquals("em(max_iter 100, tol 0.001, reg_covar 0.000001, init kmeans, restarts 4)",
                ExpectationMaximization.builder().restarts(4).build().describe());
        assertFalse(ExpectationMaximization.builder().restarts(4).build().resumable());
    }

    @Test
    void badSettingsAndDataAreRefusedWithMessagesThatSayWhatToChange() {
        assertEquals("em needs max_iter of at least 0, not -1",
                assertThrows(IllegalArgumentException.class,
                        () -> ExpectationMaximization.builder().maxIterations(-1).build()).getMessage());
        assertEquals("em needs a finite tol of at least 0, not NaN",
                assertThrows(IllegalArgumentException.class,
                        () -> ExpectationMaximization.builder().tolerance(Double.NaN).build()).getMessage());
        assertEquals("em needs a finite reg_covar of at least 0, not -1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> ExpectationMaximization.builder().regCovar(-1).build()).getMessage());
        assertEquals("mixture weights must sum to 1, not 0.9",
                assertThrows(IllegalArgumentException.class, () -> GaussianMixture.of(CovarianceType.SPHERICAL, 1,
                        new double[] {0.5, 0.4}, new double[] {0, 1}, new double[] {1, 1})).getMessage());
        assertEquals("the covariance of component 1 is not positive definite",
                assertThrows(IllegalArgumentException.class, () -> GaussianMixture.of(CovarianceType.FULL, 2,
                        new double[] {0.5, 0.5}, new double[] {0, 0, 1, 1},
                        new double[] {1, 0, 0, 1, 1, 2, 2, 1})).getMessage());
        assertEquals("full covariances of 2 components of dimension 2 need 8 values [2,2,2], not 4",
                assertThrows(IllegalArgumentException.class, () -> GaussianMixture.of(CovarianceType.FULL, 2,
                        new double[] {0.5, 0.5}, new double[] {0, 0, 1, 1}, new double[] {1, 0, 0, 1})).getMessage());
        ExpectationMaximization em = ExpectationMaximization.builder().build();
        assertEquals("2 rows cannot be fitted by 3 components; em needs at least as many rows as components",
                assertThrows(IllegalArgumentException.class,
                        () -> fit(em, new double[] {0, 1}, 2, 1, 3, CovarianceType.DIAG, 1, 1)).getMessage());
        // Two distinct rows repeated: with reg_covar 0 a component collapses onto one of them.
        double[] twoPoints = new double[40];
        for (int i = 0; i < 20; i++) {
            twoPoints[2 * i] = i % 2;
            twoPoints[2 * i + 1] = i % 2;
        }
        String collapse = assertThrows(IllegalArgumentException.class,
                () -> fit(ExpectationMaximization.builder().regCovar(0).build(), twoPoints, 20, 2, 2,
                        CovarianceType.FULL, 1, 1)).getMessage();
        assertTrue(collapse.contains("larger reg_covar"), collapse);
        // The default reg_covar keeps the same fit well defined.
        MixtureFit ok = fit(em, twoPoints, 20, 2, 2, CovarianceType.FULL, 1, 1);
        assertEquals(0.5, ok.mixture().weights()[0], 1e-9);
    }

    @Test
    void thetaRoundTripsThroughTheForm() {
        GaussianMixture g = GaussianMixture.of(CovarianceType.DIAG, 2, new double[] {0.5, 0.5},
                new double[] {0, 1, 2, 3}, new double[] {1, 2, 3, 4});
        var spec = org.thermogen.runtime.model.ModelSpec.builder("M")
                .variable("x", org.thermogen.runtime.model.Role.OBSERVED, org.thermogen.runtime.model.Domain.REAL,
                        org.thermogen.runtime.model.Shape.of(2), false)
                .param("a", org.thermogen.runtime.model.Shape.of(3), org.thermogen.runtime.model.Init.zeros(), false)
                .param("pi", org.thermogen.runtime.model.Shape.of(2), org.thermogen.runtime.model.Init.zeros(), false)
                .param("mu", org.thermogen.runtime.model.Shape.of(2, 2), org.thermogen.runtime.model.Init.zeros(), false)
                .param("S", org.thermogen.runtime.model.Shape.of(2, 2), org.thermogen.runtime.model.Init.zeros(), false)
                .build();
        var form = org.thermogen.runtime.mixture.MixtureForm.of(spec, "pi", "mu", "S", CovarianceType.DIAG);
        assertEquals(3, form.weightsOffset());
        assertEquals(5, form.meansOffset());
        assertEquals(9, form.covariancesOffset());
        double[] theta = new double[spec.paramSize()];
        g.writeTheta(form, theta);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 0.5, 0, 1, 2, 3, 1, 2, 3, 4}, theta);
        GaussianMixture back = GaussianMixture.fromTheta(form, theta);
        assertArrayEquals(g.covariances(), back.covariances());
        DMatrixRMaj c1 = back.covariance(1);
        assertEquals(3, c1.get(0, 0));
        assertEquals(0, c1.get(0, 1));
        assertEquals(4, c1.get(1, 1));
        String wrong = assertThrows(IllegalArgumentException.class,
                () -> org.thermogen.runtime.mixture.MixtureForm.of(spec, "pi", "mu", "S", CovarianceType.FULL)).getMessage();
        assertEquals("M: full covariances S must have shape [2,2,2], not [2,2]", wrong);
    }

    @Test
    void theDocumentedExampleRunsAndRecoversTheMixture() {
        // The example of ExpectationMaximization's Javadoc, as written there.
        GaussianMixture truth = GaussianMixture.of(CovarianceType.FULL, 2, new double[] {0.3, 0.7},
                new double[] {-3, 0, 2, 1}, new double[] {1, 0.5, 0.5, 1, 0.5, 0, 0, 2});
        double[] rows = truth.sample(2000, new SplittableRandom(1));

        RunContext context = RunContext.withSeed(42);
        ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-6).build();
        MixtureFit fit = em.fit(rows, 2000, 2, 2, CovarianceType.FULL, context);
        GaussianMixture g = fit.mixture();
        double[] history = fit.logLikelihoods();
        double[] r = g.responsibilities(rows, 2000, context.pool());
        double bic = g.bic(rows, 2000, context.pool());
        double[] more = g.sample(1000, context.random("sample"));

        context.close();

        assertTrue(fit.converged());
        assertTrue(history[history.length - 1] > history[0]);
        assertEquals(2000 * 2, r.length);
        assertEquals(-2 * 2000 * fit.logLikelihood() + 11 * Math.log(2000), bic, 1e-9 * Math.abs(bic));
        assertEquals(1000 * 2, more.length);
        // 2000 rows: the weights within 0.03, the means within 0.15 of the truth.
        double[] mu = g.means();
        int left = mu[0] < mu[2] ? 0 : 1;
        assertEquals(0.3, g.weights()[left], 0.03);
        assertEquals(-3, mu[2 * left], 0.15);
        assertEquals(2, mu[2 * (1 - left)], 0.15);
        assertEquals(2, g.covariance(1 - left).get(1, 1), 0.2);
    }
}
