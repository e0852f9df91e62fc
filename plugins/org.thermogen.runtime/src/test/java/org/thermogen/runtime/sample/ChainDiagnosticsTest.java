package org.thermogen.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * R-hat and the effective sample size against what is known in closed form: independent
 * draws (R-hat 1, ESS the number of draws), an AR(1) chain with coefficient phi (ESS
 * {@code N (1 - phi) / (1 + phi)}), chains stuck in different places (R-hat far above 1) and
 * a chain that drifts (split R-hat catches what whole chains would not).
 */
class ChainDiagnosticsTest {

    /** {@code chains} AR(1) chains of {@code length} draws, x_t = phi x_t-1 + sqrt(1 - phi^2) e_t, started stationary. */
    private static double[] ar1(int chains, int length, double phi, long seed, double[] offsets) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[chains * length];
        double s = Math.sqrt(1 - phi * phi);
        for (int c = 0; c < chains; c++) {
            double x = r.nextGaussian();
            for (int t = 0; t < length; t++) {
                x = phi * x + s * r.nextGaussian();
                v[c * length + t] = x + (offsets == null ? 0 : offsets[c]);
            }
        }
        return v;
    }

    private static int[] counts(int chains, int length) {
        int[] c = new int[chains];
        java.util.Arrays.fill(c, length);
        return c;
    }

    /**
     * 4 chains x 5000 independent normals: R-hat within 0.005 of 1 (its spread is about
     * 1 / sqrt(2 m n)); ESS 20 000 within 10 % (Geyer's sequence stops on noise early).
     */
    @Test
    void independentDrawsHaveRhatOneAndAnEssOfEveryDraw() {
        ChainDiagnostics.Result r = ChainDiagnostics.of(ar1(4, 5000, 0, 1, null), 1, counts(4, 5000));
        assertEquals(1, r.units());
        assertEquals(1.0, r.worstRhat(), 0.005);
        assertEquals(20000, r.leastEss(), 2000);
    }

    /**
     * AR(1) with phi 0.9: the integrated autocorrelation time is (1 + phi) / (1 - phi) = 19,
     * so 4 x 20 000 draws are worth 4211; within 15 % (the estimate's standard error at this
     * length is about sqrt(2 (2 M + 1) / N) with a window M near 40: 5 %).
     */
    @Test
    void anAutoregressiveChainIsWorthWhatItsAutocorrelationTimeSays() {
        double expected = 80000 * (1 - 0.9) / (1 + 0.9);
        for (long seed = 1; seed <= 3; seed++) {
            ChainDiagnostics.Result r = ChainDiagnostics.of(ar1(4, 20000, 0.9, seed, null), 1, counts(4, 20000));
            assertEquals(expected, r.leastEss(), 0.15 * expected, "seed " + seed);
            assertEquals(1.0, r.worstRhat(), 0.02, "seed " + seed);
        }
    }

    /**
     * Two chains around +1 and two around -1 (unit variance): 8 halves of 1000, W = 1 and
     * B = 1000 / 7 * 8, so R-hat = sqrt(999 / 1000 + 8 / 7) = 1.464, far above 1.01; within
     * 0.03 (the halves' means and variances are noisy by 3 %).
     */
    @Test
    void chainsStuckApartHaveAnRhatFarAboveOne() {
        ChainDiagnostics.Result r = ChainDiagnostics.of(ar1(4, 2000, 0, 2, new double[] {1, 1, -1, -1}), 1,
                counts(4, 2000));
        assertEquals(Math.sqrt(0.999 + 8.0 / 7), r.worstRhat(), 0.03);
    }

    /**
     * One chain drifting from 0 to 4 over its draws: as a whole it has nothing to compare
     * with, but its halves disagree, and split R-hat flags it (above 1.5).
     */
    @Test
    void aDriftingChainIsCaughtByItsHalves() {
        SplittableRandom r = new SplittableRandom(4);
        double[] v = new double[2000];
        for (int t = 0; t < v.length; t++) {
            v[t] = 4.0 * t / v.length + 0.3 * r.nextGaussian();
        }
        assertTrue(ChainDiagnostics.of(v, 1, new int[] {2000}).worstRhat() > 1.5);
    }

    /**
     * The worst unit speaks for all: of two units, the AR(1) one sets the ESS and the stuck
     * one the R-hat; a unit that never changes is left out; too few draws give no figures,
     * and no figures add nothing to a sampler's diagnostics.
     */
    @Test
    void theWorstUnitSpeaksConstantUnitsAreLeftOutAndShortChainsSayNothing() {
        int chains = 4;
        int length = 3000;
        double[] slow = ar1(chains, length, 0.9, 5, null);
        double[] apart = ar1(chains, length, 0, 6, new double[] {2, 2, -2, -2});
        double[] v = new double[chains * length * 3];
        for (int i = 0; i < chains * length; i++) {
            v[3 * i] = slow[i];
            v[3 * i + 1] = apart[i];
            v[3 * i + 2] = 7;
        }
        ChainDiagnostics.Result r = ChainDiagnostics.of(v, 3, counts(chains, length));
        assertEquals(2, r.units());
        assertTrue(r.worstRhat() > 2, "R-hat " + r.worstRhat());
        assertTrue(r.leastEss() < 1000, "ESS " + r.leastEss());
        ChainDiagnostics.Result none = ChainDiagnostics.of(new double[] {1, 2, 3, 4, 5, 6}, 1, new int[] {6});
        assertEquals(0, none.units());
        Map<String, Double> diagnostics = new LinkedHashMap<>();
        none.addTo(diagnostics);
        assertTrue(diagnostics.isEmpty());
        r.addTo(diagnostics);
        assertEquals(java.util.List.of("rhat", "ess"), java.util.List.copyOf(diagnostics.keySet()));
    }

    /**
     * The autocorrelation of AR(1) chains is phi^k: 4 chains of 20 000 draws at phi 0.8, every
     * lag up to 20 within 0.03 (the spread of a lag-k estimate from 80 000 draws is about 0.01);
     * a chain that never moves is left out.
     */
    @Test
    void autocorrelationOfAnAr1ChainIsPhiToTheLag() {
        double phi = 0.8;
        double[] x = ar1(4, 20000, phi, 17, new double[4]);
        double[] rho = ChainDiagnostics.autocorrelation(x, 1, new int[] {20000, 20000, 20000, 20000}, 20);
        assertEquals(21, rho.length);
        assertEquals(1.0, rho[0], 1e-12);
        for (int k = 1; k <= 20; k++) {
            assertEquals(Math.pow(phi, k), rho[k], 0.03, "lag " + k);
        }
        double[] still = new double[10];
        assertEquals(0, ChainDiagnostics.autocorrelation(still, 1, new int[] {10}, 5).length);
    }
}
