package org.thermogen.runtime.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

class EnumerationTest {

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"SPIN", "BINARY"})
    void grayCodeLogPartitionEqualsBruteForceOnRandomTenUnitModels(Domain domain) {
        for (long seed = 1; seed <= 20; seed++) {
            PairwiseEnergy e = RandomMachines.random(10, domain, 0.8, 0.5, seed);
            assertEquals(RandomMachines.logPartition(e), Enumeration.logPartition(e, null), 1e-10, "seed " + seed);
        }
    }

    @Test
    void largeEnergiesDoNotOverflow() {
        // Couplings of size 200 make exponents of thousands: the running shift keeps them finite.
        PairwiseEnergy e = RandomMachines.random(10, Domain.SPIN, 200, 10, 3);
        double exact = RandomMachines.logPartition(e);
        assertTrue(exact > 1000, "the test needs exponents far beyond exp's range");
        assertEquals(exact, Enumeration.logPartition(e, null), 1e-10 * exact);
    }

    @ParameterizedTest
    @EnumSource(value = Domain.class, names = {"SPIN", "BINARY"})
    void momentsEqualBruteForce(Domain domain) {
        PairwiseEnergy e = RandomMachines.random(10, domain, 0.6, 0.4, 5);
        double[] p = RandomMachines.probabilities(e);
        Enumeration.Moments m = Enumeration.moments(e, null);
        int n = 10;
        for (int k = 0; k < n; k++) {
            double mk = 0;
            for (int i = 0; i < p.length; i++) {
                mk += p[i] * RandomMachines.state(i, n, domain)[k];
            }
            assertEquals(mk, m.mean()[k], 1e-12);
            for (int l = 0; l < n; l++) {
                double ml = 0;
                for (int i = 0; i < p.length; i++) {
                    double[] s = RandomMachines.state(i, n, domain);
                    ml += p[i] * s[k] * s[l];
                }
                assertEquals(ml, m.second()[k * n + l], 1e-12);
            }
        }
    }

    @Test
    void resultsAreBitIdenticalWithOneOrTwoThreads() {
        PairwiseEnergy e = RandomMachines.random(18, Domain.SPIN, 0.3, 0.2, 9);
        ForkJoinPool two = new ForkJoinPool(2);
        try {
            Enumeration.Moments a = Enumeration.moments(e, null);
            Enumeration.Moments b = Enumeration.moments(e, two);
            assertEquals(a.logPartition(), b.logPartition());
            assertTrue(java.util.Arrays.equals(a.second(), b.second()));
        } finally {
            two.shutdown();
        }
    }

    @Test
    void covarianceProductEqualsTheExplicitCovarianceOfTheStatistics() {
        int n = 6;
        PairwiseEnergy e = RandomMachines.random(n, Domain.SPIN, 0.5, 0.3, 11);
        double[] p = RandomMachines.probabilities(e);
        int stats = n * (n - 1) / 2 + n;
        double[][] phi = new double[p.length][stats];
        for (int i = 0; i < p.length; i++) {
            double[] s = RandomMachines.state(i, n, Domain.SPIN);
            int a = 0;
            for (int k = 0; k < n; k++) {
                for (int l = k + 1; l < n; l++) {
                    phi[i][a++] = s[k] * s[l];
                }
            }
            for (int k = 0; k < n; k++) {
                phi[i][a++] = s[k];
            }
        }
        double[] mean = new double[stats];
        for (int i = 0; i < p.length; i++) {
            for (int a = 0; a < stats; a++) {
                mean[a] += p[i] * phi[i][a];
            }
        }
        SplittableRandom r = new SplittableRandom(1);
        PairwiseEnergy v = new PairwiseEnergy(n, Domain.SPIN);
        double[] vv = new double[stats];
        int a0 = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                vv[a0] = r.nextGaussian();
                v.setPair(k, l, vv[a0++]);
            }
        }
        for (int k = 0; k < n; k++) {
            vv[a0] = r.nextGaussian();
            v.setBias(k, vv[a0++]);
        }
        PairwiseEnergy out = new PairwiseEnergy(n, Domain.SPIN);
        Enumeration.covarianceProduct(e, v, out, null);
        int a = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                assertEquals(covTimes(p, phi, mean, vv, a++), out.pair(k, l), 1e-12);
            }
        }
        for (int k = 0; k < n; k++) {
            assertEquals(covTimes(p, phi, mean, vv, a++), out.bias(k), 1e-12);
        }
    }

    private static double covTimes(double[] p, double[][] phi, double[] mean, double[] v, int a) {
        double s = 0;
        for (int b = 0; b < v.length; b++) {
            double cov = 0;
            for (int i = 0; i < p.length; i++) {
                cov += p[i] * (phi[i][a] - mean[a]) * (phi[i][b] - mean[b]);
            }
            s += cov * v[b];
        }
        return s;
    }

    @Test
    void genericEnumerationAgreesWithThePairwisePath() {
        FullyVisible model = new FullyVisible(8, Domain.BINARY);
        PairwiseEnergy e = RandomMachines.random(8, Domain.BINARY, 0.7, 0.4, 2);
        e.setConstant(0);
        double[] theta = model.parametersOf(e);
        assertEquals(Enumeration.logPartition(e, null), GenericEnumeration.logPartition(model, theta), 1e-12);
        double[] expected = new double[theta.length];
        GenericEnumeration.logPartition(model, theta, expected);
        Enumeration.Moments m = Enumeration.moments(e, null);
        // dE/dJ[k,l] = -s_k s_l and dE/dh_k = -s_k
        assertEquals(-m.second()[0 * 8 + 3], expected[0 * 8 + 3], 1e-12);
        assertEquals(-m.mean()[5], expected[64 + 5], 1e-12);
    }

    @Test
    void moreThanTwentyFourUnitsAreRefusedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Enumeration.logPartition(new PairwiseEnergy(25, Domain.SPIN), null));
        assertEquals("exact enumeration is limited to 24 units (this model has 25); use gibbs(...)", e.getMessage());
    }

    @Test
    void exactSamplesHaveTheExactFrequencies() {
        PairwiseEnergy e = RandomMachines.random(6, Domain.SPIN, 0.6, 0.3, 4);
        double[] p = RandomMachines.probabilities(e);
        int count = 200_000;
        double[] rows = ExactSampling.draw(e, count, new SplittableRandom(5));
        double[] freq = new double[p.length];
        for (int i = 0; i < count; i++) {
            freq[RandomMachines.index(rows, i * 6, 6)] += 1.0 / count;
        }
        // Each frequency is within 5 standard errors sqrt(p(1-p)/count) of its probability.
        for (int i = 0; i < p.length; i++) {
            double se = Math.sqrt(p[i] * (1 - p[i]) / count);
            assertEquals(p[i], freq[i], 5 * se + 1e-12, "state " + i);
        }
    }

    /** Needed below: the largest eigenvalue of a symmetric matrix. */
    static double largestEigenvalue(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        eig.decompose(m.copy());
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.numRows; i++) {
            max = Math.max(max, eig.getEigenvalue(i).real);
        }
        return max;
    }
}
