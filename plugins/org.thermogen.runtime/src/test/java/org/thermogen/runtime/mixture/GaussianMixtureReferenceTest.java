package org.thermogen.runtime.mixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * EM from the same start as scikit-learn's {@code GaussianMixture} (given weights, means and
 * covariances, its {@code precisions_init} being their inverses) gives its weights, means,
 * covariances and {@code lower_bound_} to 1e-8 relative, for every covariance type, and stops
 * after the same number of iterations.
 *
 * <p>The reference numbers below were printed once by {@code releng/bench/gmm_reference.py}
 * (scikit-learn 1.2.1); to regenerate them run {@code /usr/bin/python3
 * releng/bench/gmm_reference.py} from the repository root and paste its output over the
 * constants. {@link #referenceData()} computes the same 240 x 3 rows as the script's
 * {@code reference_data()}, with the same floating-point operations in the same order.
 */
class GaussianMixtureReferenceTest {
    private static final double RELATIVE = 1e-8;

    static final int ROWS = 240;
    static final int D = 3;
    static final int K = 3;
    static final double[][] CENTERS = {{0.0, 0.0, 0.0}, {2.0, 0.5, -1.0}, {-1.5, 1.5, 0.5}};
    static final int[] CLUSTER_OF = {0, 0, 1, 2, 2};
    static final double[][][] MIXING = {
        {{1.0, 0.0, 0.0}, {0.5, 0.75, 0.0}, {-0.25, 0.5, 0.5}},
        {{0.5, 0.0, 0.0}, {0.0, 1.25, 0.0}, {0.25, 0.0, 0.75}},
        {{1.5, 0.0, 0.0}, {-0.75, 0.5, 0.0}, {0.0, 0.25, 1.0}}};

    static final double[] START_WEIGHTS = {0.2, 0.3, 0.5};
    static final double[] START_MEANS = {0.5, -0.5, 0.25, 3.0, 2.0, -1.0, -2.0, 2.0, 2.0};
    static final double[] START_FULL = {
        1.0, 0.25, 0.0, 0.25, 1.0, 0.125, 0.0, 0.125, 1.0,
        2.0, 0.0, 0.5, 0.0, 1.0, 0.0, 0.5, 0.0, 1.5,
        1.0, -0.5, 0.0, -0.5, 2.0, 0.25, 0.0, 0.25, 0.5};
    static final double[] START_TIED = {1.5, 0.25, 0.0, 0.25, 1.0, -0.25, 0.0, -0.25, 2.0};
    static final double[] START_DIAG = {1.0, 2.0, 0.5, 0.75, 1.5, 1.0, 2.0, 0.5, 1.25};
    static final double[] START_SPHERICAL = {1.0, 0.5, 2.0};

    // releng/bench/gmm_reference.py, scikit-learn 1.2.1, numpy 1.24.2
    static final double[] DATA_SUM = {129.65230475738645, 1033.2781198282523};
    // full: 5 iterations, tol 0
    static final double[] FULL_WEIGHTS = {0.4336070393332102, 0.18254518821653212, 0.38384777245025775};
    static final double[] FULL_MEANS = {0.13334557346010584, 0.08622162608021794, -0.026630302188761244, 2.0143074665849667, 0.5499865543159052, -1.0121042374587446, -1.6701215814306933, 1.5979958572137243, 0.5233836861388114};
    static final double[] FULL_COVARIANCES = {0.40824025290255206, 0.17422348570461982, -0.06280886934341402, 0.17422348570461982, 0.3211636242576672, 0.12610039725510966, -0.06280886934341404, 0.12610039725510966, 0.173372106707417, 0.09942428853680123, 0.003099763043097835, 0.07809627340468149, 0.003099763043097844, 0.5340396927840919, 0.04169095921845372, 0.07809627340468148, 0.0416909592184537, 0.2554614300779783, 0.862217220162384, -0.46440456268523317, -0.0648827307250216, -0.46440456268523317, 0.3180696073845695, 0.10251497624382781, -0.06488273072502158, 0.10251497624382781, 0.3867101848717827};
    static final double[] FULL_LOWER_BOUND = {-2.965749308006627};
    // tied: 5 iterations, tol 0
    static final double[] TIED_WEIGHTS = {0.47507199875319006, 0.2060347612154965, 0.3188932400313135};
    static final double[] TIED_MEANS = {0.026680824190812913, 0.11638976964791507, 0.014010630409985892, 1.9212075665331867, 0.6555504856114784, -0.8815089480755287, -1.9569608576677011, 1.7586172254317303, 0.5630826306217172};
    static final double[] TIED_COVARIANCES = {0.3630849782281145, -0.0828448681352087, -0.04694964012593073, -0.0828448681352087, 0.3162359022293893, 0.12257157648237209, -0.04694964012593073, 0.12257157648237203, 0.30138948146085753};
    static final double[] TIED_LOWER_BOUND = {-3.4116438036763865};
    // diag: 5 iterations, tol 0
    static final double[] DIAG_WEIGHTS = {0.48284670770962673, 0.20298809860993508, 0.31416519368043805};
    static final double[] DIAG_MEANS = {0.0029509648692131077, 0.1734915977487417, 0.022856619727304857, 1.9838898821397526, 0.5339261410287547, -0.95650459481722, -1.9724706778063987, 1.7793834758038765, 0.5975220242595468};
    static final double[] DIAG_COVARIANCES = {0.33057798882130546, 0.3480725615865872, 0.19404877046643582, 0.1046105996123464, 0.5102173691085771, 0.2663568394709149, 0.4554413605663637, 0.18690929242364293, 0.3717664775444624};
    static final double[] DIAG_LOWER_BOUND = {-3.3581939326907797};
    // spherical: 5 iterations, tol 0
    static final double[] SPHERICAL_WEIGHTS = {0.46500637400325223, 0.21302918222675096, 0.32196444376999683};
    static final double[] SPHERICAL_MEANS = {-0.0013767989375779734, 0.15093992948705215, 0.02384358673037182, 1.942236963585793, 0.5378129790883355, -0.9187704755960752, -1.9525872429378726, 1.759240735405413, 0.5877522315715434};
    static final double[] SPHERICAL_COVARIANCES = {0.2750560632504359, 0.30949825900238453, 0.34446156357424207};
    static final double[] SPHERICAL_LOWER_BOUND = {-3.4598570196070293};
    // full until converged: tol 1e-6, max_iter 100; n_iter_ 14
    static final int CONVERGED_ITERATIONS = 14;
    static final double[] CONVERGED_WEIGHTS = {0.4034455738301381, 0.1984917670964181, 0.39806265907344374};
    static final double[] CONVERGED_MEANS = {0.07158277301468939, 0.05866187139033, -0.021606011121709536, 1.9957546553551688, 0.5318674352462025, -0.9715464851791132, -1.6092224186061024, 1.562398933025008, 0.5179050095918984};
    static final double[] CONVERGED_COVARIANCES = {0.31556208187629786, 0.175138131591662, -0.032615010542459785, 0.175138131591662, 0.31788700939049697, 0.12663982301870416, -0.032615010542459785, 0.12663982301870416, 0.16247627948851756, 0.09903689417132215, 0.009640897140501132, 0.06394074688978037, 0.009640897140501132, 0.5155683409218131, 0.037362315576787895, 0.06394074688978038, 0.037362315576787895, 0.2605604860449246, 0.9413349997217411, -0.5112204655486402, -0.07382716191519272, -0.5112204655486402, 0.345761996720867, 0.10685649063357558, -0.07382716191519273, 0.10685649063357558, 0.37960701441799083};
    static final double[] CONVERGED_FIGURES = {-2.9164649049283184, -2.9164648123489108, 1558.8416387043949, 1457.903109927477};

    /** The script's reference_data(): a 31-bit LCG, Irwin-Hall normals, dyadic mixing matrices. */
    static double[] referenceData() {
        long state = 20261122L;
        double[] x = new double[ROWS * D];
        double[] z = new double[D];
        for (int i = 0; i < ROWS; i++) {
            int c = CLUSTER_OF[i % 5];
            for (int j = 0; j < D; j++) {
                double t = 0.0;
                for (int r = 0; r < 4; r++) {
                    state = (1103515245L * state + 12345L) % 2147483648L;
                    t += state / 2147483648.0;
                }
                z[j] = t - 2.0;
            }
            for (int j = 0; j < D; j++) {
                double v = 0.0;
                for (int m = 0; m <= j; m++) {
                    v += MIXING[c][j][m] * z[m];
                }
                x[i * D + j] = CENTERS[c][j] + v;
            }
        }
        return x;
    }

    private static MixtureFit fit(CovarianceType type, double[] covariances, int maxIterations, double tol, int threads) {
        double[] x = referenceData();
        GaussianMixture start = GaussianMixture.of(type, D, START_WEIGHTS, START_MEANS, covariances);
        ExpectationMaximization em = ExpectationMaximization.builder().maxIterations(maxIterations).tolerance(tol)
                .regCovar(1e-6).start(ExpectationMaximization.Start.PARAMETERS).build();
        RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, threads);
        try {
            return em.fit(x, ROWS, start, context);
        } finally {
            context.close();
        }
    }

    static void assertRelative(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double tol = RELATIVE * Math.max(Math.abs(expected[i]), 1e-300);
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    private static void check(CovarianceType type, double[] start, double[] weights, double[] means,
            double[] covariances, double[] lowerBound) {
        MixtureFit fit = fit(type, start, 5, 0.0, 1);
        assertEquals(5, fit.iterations());
        assertFalse(fit.converged(), "tol 0 never converges");
        assertRelative(weights, fit.mixture().weights(), type + " weights");
        assertRelative(means, fit.mixture().means(), type + " means");
        assertRelative(covariances, fit.mixture().covariances(), type + " covariances");
        assertRelative(lowerBound, new double[] {fit.lowerBound()}, type + " lower bound");
    }

    @Test
    void theDataAreTheScriptsData() {
        double[] x = referenceData();
        double s = 0;
        double q = 0;
        for (double v : x) {
            s += v;
            q += v * v;
        }
        // Summed in the same order as numpy's pairwise sum would not be; the data agree far below this.
        assertRelative(DATA_SUM, new double[] {s, q}, "data sums");
    }

    @Test
    void fullCovariancesMatchScikitLearn() {
        check(CovarianceType.FULL, START_FULL, FULL_WEIGHTS, FULL_MEANS, FULL_COVARIANCES, FULL_LOWER_BOUND);
    }

    @Test
    void tiedCovarianceMatchesScikitLearn() {
        check(CovarianceType.TIED, START_TIED, TIED_WEIGHTS, TIED_MEANS, TIED_COVARIANCES, TIED_LOWER_BOUND);
    }

    @Test
    void diagonalCovariancesMatchScikitLearn() {
        check(CovarianceType.DIAG, START_DIAG, DIAG_WEIGHTS, DIAG_MEANS, DIAG_COVARIANCES, DIAG_LOWER_BOUND);
    }

    @Test
    void sphericalCovariancesMatchScikitLearn() {
        check(CovarianceType.SPHERICAL, START_SPHERICAL, SPHERICAL_WEIGHTS, SPHERICAL_MEANS, SPHERICAL_COVARIANCES,
                SPHERICAL_LOWER_BOUND);
    }

    @Test
    void stopsAtTheSameIterationAsScikitLearnWithTheSameFigures() {
        MixtureFit fit = fit(CovarianceType.FULL, START_FULL, 100, 1e-6, 2);
        assertTrue(fit.converged());
        assertEquals(CONVERGED_ITERATIONS, fit.iterations());
        GaussianMixture g = fit.mixture();
        assertRelative(CONVERGED_WEIGHTS, g.weights(), "weights");
        assertRelative(CONVERGED_MEANS, g.means(), "means");
        assertRelative(CONVERGED_COVARIANCES, g.covariances(), "covariances");
        double[] x = referenceData();
        assertRelative(CONVERGED_FIGURES, new double[] {fit.lowerBound(), g.meanLogLikelihood(x, ROWS, null),
            g.bic(x, ROWS, null), g.aic(x, ROWS, null)}, "lower bound, score, bic, aic");
        assertEquals(fit.logLikelihood(), g.meanLogLikelihood(x, ROWS, null), 1e-12);
    }
}
