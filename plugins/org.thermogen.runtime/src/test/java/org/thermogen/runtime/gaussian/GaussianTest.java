package org.thermogen.runtime.gaussian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.GaussianModel;
import org.thermogen.runtime.train.MaximumLikelihood;
import org.thermogen.runtime.train.TrainingResult;

class GaussianTest {

    @Test
    void maximumLikelihoodIsTheSampleMeanAndTheBiasedCovariance() {
        int d = 3;
        int n = 500;
        SplittableRandom r = new SplittableRandom(4);
        double[] rows = new double[n * d];
        for (int i = 0; i < n; i++) {
            double z0 = r.nextGaussian();
            double z1 = r.nextGaussian();
            rows[i * d] = 10 + 2 * z0;
            rows[i * d + 1] = -3 + z0 + 0.5 * z1;
            rows[i * d + 2] = 0.1 * r.nextGaussian();
        }
        GaussianModel model = new GaussianModel(d);
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        TrainingResult result = MaximumLikelihood.builder().build()
                .train(model, theta0, new Dataset("rows", n, d, rows, null), RunContext.withSeed(1));
        double[] theta = result.theta();
        // The reference: textbook sums, written independently of the runtime.
        for (int a = 0; a < d; a++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += rows[i * d + a];
            }
            mean /= n;
            assertEquals(mean, theta[a], 1e-12);
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double sab = 0;
                double ma = theta[a];
                double mb = theta[b];
                for (int i = 0; i < n; i++) {
                    sab += (rows[i * d + a] - ma) * (rows[i * d + b] - mb);
                }
                assertEquals(sab / n, theta[d + a * d + b], 1e-12, "Sigma[" + a + "," + b + "]");
            }
        }
        double[] nll = result.history().column("neg_log_likelihood");
        assertTrue(nll[nll.length - 1] < nll[0], "the fit lowers the negative log-likelihood");
    }

    @Test
    void klOfADistributionWithItselfIsZero() {
        Gaussian p = gaussian(new double[] {1, 2}, 2, 0.5, 0.5, 1);
        assertEquals(0, Gaussian.kl(p, p), 1e-15);
    }

    @Test
    void klMatchesTheOneDimensionalClosedForm() {
        double m1 = 0.3;
        double s1 = 1.7;
        double m2 = -1.1;
        double s2 = 0.6;
        Gaussian p = new Gaussian(new double[] {m1}, new DMatrixRMaj(1, 1, true, s1 * s1));
        Gaussian q = new Gaussian(new double[] {m2}, new DMatrixRMaj(1, 1, true, s2 * s2));
        double expected = Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
        assertEquals(expected, Gaussian.kl(p, q), 1e-14);
        assertTrue(Gaussian.kl(p, q) > 0);
        assertTrue(Gaussian.kl(q, p) > 0);
    }

    @Test
    void klOfIndependentCoordinatesIsTheSumOfOneDimensionalOnes() {
        double[] m1 = {0, 1, -2};
        double[] v1 = {1, 4, 0.25};
        double[] m2 = {0.5, 0, -1};
        double[] v2 = {2, 1, 0.5};
        DMatrixRMaj c1 = new DMatrixRMaj(3, 3);
        DMatrixRMaj c2 = new DMatrixRMaj(3, 3);
        double expected = 0;
        for (int i = 0; i < 3; i++) {
            c1.set(i, i, v1[i]);
            c2.set(i, i, v2[i]);
            expected += 0.5 * Math.log(v2[i] / v1[i]) + (v1[i] + (m1[i] - m2[i]) * (m1[i] - m2[i])) / (2 * v2[i]) - 0.5;
        }
        assertEquals(expected, Gaussian.kl(new Gaussian(m1, c1), new Gaussian(m2, c2)), 1e-13);
    }

    @Test
    void naturalFormOfTheEnergyGivesTheSameDistributionAndNormalizer() {
        GaussianModel model = new GaussianModel(2);
        double[] theta = {1, -1, 2, 0.6, 0.6, 1};
        GaussianEnergies.Normalized q = GaussianEnergies.of(model, theta);
        assertEquals(1, q.distribution().mean()[0], 1e-12);
        assertEquals(0.6, q.distribution().covariance().get(0, 1), 1e-12);
        // Z = sqrt((2 pi)^d det Sigma) (notes 01, (2.20)), and E(mu) = 0 here.
        double det = 2 * 1 - 0.36;
        assertEquals(0.5 * Math.log(Math.pow(2 * Math.PI, 2) * det), q.logPartition(), 1e-12);
        double[] x = {0.2, 0.7};
        assertEquals(-model.energy(x, theta) - q.logPartition(), q.distribution().logDensity(x), 1e-12);
    }

    @Test
    void aNonNormalizableEnergyIsRefused() {
        GaussianModel model = new GaussianModel(2);
        double[] theta = {0, 0, 1, 2, 2, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GaussianEnergies.of(model, theta));
        assertTrue(e.getMessage().contains("not a normalizable Gaussian"), e.getMessage());
    }

    private static Gaussian gaussian(double[] mean, double a, double b, double c, double dd) {
        return new Gaussian(mean, new DMatrixRMaj(2, 2, true, a, b, c, dd));
    }
}
