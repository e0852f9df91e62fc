package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.testmodels.BipartiteMachine;

class ExactPartitionTest {

    /** Both walk directions (hidden layer smaller, visible layer smaller) and all four domain pairs. */
    @ParameterizedTest
    @CsvSource({"5, 4, BINARY, BINARY", "4, 6, BINARY, BINARY", "5, 4, SPIN, SPIN", "4, 6, SPIN, SPIN",
            "6, 3, BINARY, SPIN", "3, 6, SPIN, BINARY", "7, 7, SPIN, BINARY"})
    void logPartitionEqualsTheSumOverEveryJointState(int nv, int nh, Domain visible, Domain hidden) {
        BipartiteEnergy e = BipartiteMachine.random(nv, nh, visible, hidden, 0.8, 0.5, 31L * nv + nh);
        assertEquals(BipartiteMachine.logPartition(e), ExactPartition.logPartition(e, null), 1e-10);
    }

    @Test
    void largeWeightsNeitherOverflowNorLosePrecision() {
        BipartiteEnergy e = BipartiteMachine.random(6, 5, Domain.BINARY, Domain.BINARY, 40, 20, 5);
        double brute = BipartiteMachine.logPartition(e);
        assertTrue(brute > 200, "the test needs weights heavy enough to overflow exp: " + brute);
        assertEquals(brute, ExactPartition.logPartition(e, null), 1e-10 * Math.abs(brute));
    }

    /**
     * Beyond 2^10 states the walk splits into chunks and blocks; walking the visible layer
     * (12 units, 4 chunks) and the hidden layer (14 units, 16 chunks) of the same machine are
     * two different sums that must agree, and chunks on two threads must give the same bits.
     */
    @Test
    void chunkedWalksOfEitherLayerAgreeAndDoNotDependOnThreads() {
        BipartiteEnergy e = BipartiteMachine.random(12, 14, Domain.BINARY, Domain.SPIN, 0.4, 0.3, 77);
        double viaVisible = walk(e, false);
        double viaHidden = walk(e, true);
        assertEquals(viaVisible, viaHidden, 1e-10 * Math.abs(viaVisible));
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            assertEquals(ExactPartition.logPartition(e, null), ExactPartition.logPartition(e, pool));
        } finally {
            pool.shutdown();
        }
        assertEquals(viaVisible, ExactPartition.logPartition(e, null));
    }

    private static double walk(BipartiteEnergy e, boolean hidden) {
        LayerWalk w = new LayerWalk(e, hidden);
        double[] lse = new double[w.chunks()];
        for (int q = 0; q < w.chunks(); q++) {
            LayerWalk.Sum s = new LayerWalk.Sum();
            w.walk(q, s);
            lse[q] = s.shift + Math.log(s.z);
        }
        return BipartiteMachine.logSumExp(lse);
    }

    /**
     * Gaussian-Bernoulli: Z = int exp(-F(v)) dv with F summed over the hidden states by brute
     * force, integrated by the trapezoid rule on [-12, 12]^2 with spacing 0.04. The integrand
     * is analytic with Gaussian tails of deviation at most 1 (a >= 0.5), for which the rule's
     * error is of order exp(-2 pi^2 sigma^2 / h^2) and the truncated tails below e^-40:
     * far below the 1e-10 asked.
     */
    @ParameterizedTest
    @CsvSource({"BINARY", "SPIN"})
    void gaussianBernoulliLogPartitionEqualsNumericalIntegration(Domain hidden) {
        BipartiteEnergy e = BipartiteMachine.random(2, 3, Domain.REAL, hidden, 0.6, 0.5, 9);
        double step = 0.04;
        int n = (int) Math.round(24 / step);
        double[] terms = new double[(n + 1) * (n + 1)];
        double[] v = new double[2];
        int t = 0;
        for (int i = 0; i <= n; i++) {
            for (int j = 0; j <= n; j++) {
                v[0] = -12 + i * step;
                v[1] = -12 + j * step;
                double weight = (i == 0 || i == n ? 0.5 : 1) * (j == 0 || j == n ? 0.5 : 1);
                terms[t++] = -BipartiteMachine.freeEnergy(e, v) + Math.log(weight * step * step);
            }
        }
        assertEquals(BipartiteMachine.logSumExp(terms), ExactPartition.logPartition(e, null), 1e-10);
    }

    @Test
    void tooLargeBothWaysSaysToUseAis() {
        BipartiteEnergy e = new BipartiteEnergy(30, 25, Domain.BINARY, Domain.BINARY);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ExactPartition.logPartition(e, null));
        assertTrue(x.getMessage().contains("ais(runs 100, temperatures 10000)"), x.getMessage());
        BipartiteEnergy g = new BipartiteEnergy(3, 21, Domain.REAL, Domain.BINARY);
        x = assertThrows(IllegalArgumentException.class, () -> ExactPartition.logPartition(g, null));
        assertTrue(x.getMessage().contains("hidden layer"), x.getMessage());
    }

    @Test
    void realVisiblesNeedAPositiveQuadraticTerm() {
        BipartiteEnergy e = BipartiteMachine.random(2, 3, Domain.REAL, Domain.BINARY, 0.6, 0.5, 9);
        e.setQuadratic(1, 0.0);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ExactPartition.logPartition(e, null));
        assertTrue(x.getMessage().contains("a > 0"), x.getMessage());
    }
}
