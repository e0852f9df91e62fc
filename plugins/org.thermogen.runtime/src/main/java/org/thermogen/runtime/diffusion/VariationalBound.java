package org.thermogen.runtime.diffusion;

import java.util.SplittableRandom;

/**
 * The negative variational bound of a diffusion model on discrete data (Ho et al. 2020,
 * eq. 5 and section 3.3): for a point {@code x_0} with {@code D} coordinates on {@code L}
 * evenly spaced levels of [-1, 1],
 * <pre>
 * -ln p(x_0) <= L_T + sum_{t=2..T} L_{t-1} + L_0
 * L_T     = KL(q(x_T | x_0) || N(0, I))
 * L_{t-1} = KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t)),   x_t ~ q(x_t | x_0)
 * L_0     = -ln p(x_0 | x_1),  p(x_0 | x_1) the Gaussian N(mu(x_1, 1), sigma_1^2) integrated over
 *           each coordinate's bin [x - 1/(L-1), x + 1/(L-1)], the outer bins reaching to -inf / +inf.
 * </pre>
 * The reverse mean is the samplers' {@code mu(x_t, t) = c1_t x0hat + c2_t x_t} with the
 * denoiser's {@code x0hat}; its variance {@code sigma_t^2} is {@code beta_t} or the posterior
 * variance, whose value at {@code t = 1} (zero) is replaced by its value at {@code t = 2}
 * as in the reference implementations. Every term is a sum over coordinates of closed-form
 * Gaussian quantities; the sum over {@code t} is taken in full with one draw of {@code x_t}
 * per point and step, so the estimate is unbiased and its error is the spread over points.
 */
public final class VariationalBound {
    private static final double LN2 = Math.log(2);

    /** The three parts of the bound of one point, in nats, and their sum. */
    public record Terms(double prior, double diffusion, double decoder) {
        public double total() {
            return prior + diffusion + decoder;
        }
    }

    private final NoiseSchedule schedule;
    private final Ddpm.Variance variance;
    private final int levels;

    /**
     * @param levels number of values each coordinate takes, evenly spaced from -1 to 1 (2 for
     *               binary data, 256 for 8-bit images)
     */
    public VariationalBound(NoiseSchedule schedule, Ddpm.Variance variance, int levels) {
        if (levels < 2) {
            throw new IllegalArgumentException("levels must be at least 2, not " + levels);
        }
        this.schedule = schedule;
        this.variance = variance;
        this.levels = levels;
    }

    /** {@code sigma_t^2} of the reverse step {@code t}. */
    public double reverseVariance(int t) {
        if (variance == Ddpm.Variance.BETA) {
            return schedule.beta(t);
        }
        return schedule.steps() == 1 ? schedule.beta(1) : Math.exp(schedule.posteriorLogVariancesClipped()[t - 1]);
    }

    /**
     * The bound's terms for each of {@code rows} points of {@code data} (row-major, values on the
     * levels), accumulated into {@code out} ({@code rows x 3}: prior, diffusion, decoder).
     */
    public void terms(Denoiser denoiser, double[] data, int rows, SplittableRandom random, double[] out) {
        int d = denoiser.dimension();
        int steps = schedule.steps();
        double[] xt = new double[rows * d];
        double[] pred = new double[rows * d];
        int[] ts = new int[rows];
        java.util.Arrays.fill(out, 0, rows * 3, 0.0);
        // L_T: each coordinate a KL between N(a x0, 1 - abar) and N(0, 1).
        double aT = schedule.sqrtAlphaBar(steps);
        double vT = 1 - schedule.alphaBar(steps);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double m = aT * data[r * d + k];
                sum += klGaussian(m, vT, 0, 1);
            }
            out[r * 3] = sum;
        }
        for (int t = steps; t >= 1; t--) {
            double a = schedule.sqrtAlphaBar(t);
            double s = schedule.sqrtOneMinusAlphaBar(t);
            for (int i = 0; i < rows * d; i++) {
                xt[i] = a * data[i] + s * random.nextGaussian();
            }
            java.util.Arrays.fill(ts, t);
            denoiser.predict(xt, rows, ts, pred);
            Prediction type = denoiser.prediction();
            double c1 = schedule.posteriorMeanCoefX0(t);
            double c2 = schedule.posteriorMeanCoefXt(t);
            double sigma2 = reverseVariance(t);
            if (t >= 2) {
                double posterior = schedule.posteriorVariance(t);
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int j = r * d; j < (r + 1) * d; j++) {
                        double x0hat = type.toX0(pred[j], xt[j], a, s);
                        double trueMean = c1 * data[j] + c2 * xt[j];
                        double modelMean = c1 * x0hat + c2 * xt[j];
                        sum += klGaussian(trueMean, posterior, modelMean, sigma2);
                    }
                    out[r * 3 + 1] += sum;
                }
            } else {
                // mu(x_1, 1) = x0hat, since c1_1 = 1 and c2_1 = 0.
                double sigma = Math.sqrt(sigma2);
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int j = r * d; j < (r + 1) * d; j++) {
                        double mean = c1 * type.toX0(pred[j], xt[j], a, s) + c2 * xt[j];
                        sum -= logBin(data[j], mean, sigma);
                    }
                    out[r * 3 + 2] = sum;
                }
            }
        }
    }

    /** {@code ln} of the probability the decoder N(mean, sigma^2) gives to the bin of level {@code x}. */
    public double logBin(double x, double mean, double sigma) {
        double half = 1.0 / (levels - 1);
        double lower = x - half < -1 + half / 2 ? Double.NEGATIVE_INFINITY : (x - half - mean) / sigma;
        double upper = x + half > 1 - half / 2 ? Double.POSITIVE_INFINITY : (x + half - mean) / sigma;
        return logDifference(lower, upper);
    }

    /** The bound in bits per coordinate, from the nats of a point with {@code d} coordinates. */
    public static double bitsPerDimension(double nats, int d) {
        return nats / (d * LN2);
    }

    /** {@code KL(N(m1, v1) || N(m2, v2))} of one coordinate, in nats. */
    public static double klGaussian(double m1, double v1, double m2, double v2) {
        double diff = m1 - m2;
        return 0.5 * (Math.log(v2 / v1) + (v1 + diff * diff) / v2 - 1);
    }

    /** {@code ln(Phi(b) - Phi(a))} for {@code a < b}, accurate in both tails. */
    static double logDifference(double a, double b) {
        if (a > 0) {
            // Upper tail: Phi(b) - Phi(a) = Phi(-a) - Phi(-b), both small.
            return logDifference(-b, -a);
        }
        double lb = logNormalCdf(b);
        if (a == Double.NEGATIVE_INFINITY) {
            return lb;
        }
        double la = logNormalCdf(a);
        return lb + Math.log1p(-Math.exp(la - lb));
    }

    /** {@code ln Phi(z)}, the standard normal distribution function, to about 1e-12 relative. */
    public static double logNormalCdf(double z) {
        if (z == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (z == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double x = -z / Math.sqrt(2);
        if (x < 3) {
            // Phi(z) = erfc(x) / 2, with erfc = 1 - erf for moderate arguments (erf's series has no cancellation).
            return Math.log(0.5 * (1 - erf(x)));
        }
        // Lower tail: erfc(x) = exp(-x^2) / sqrt(pi) * CF(x), the continued fraction by Lentz's method.
        return -x * x + Math.log(erfcContinuedFraction(x) / Math.sqrt(Math.PI)) + Math.log(0.5);
    }

    /** erf by the series 2/sqrt(pi) exp(-x^2) sum 2^n x^(2n+1) / (1 3 5 ... (2n+1)): positive terms, no cancellation. */
    static double erf(double x) {
        if (x < 0) {
            return -erf(-x);
        }
        if (x > 6) {
            return 1;
        }
        double term = x;
        double sum = x;
        for (int n = 1; n < 500; n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    /** {@code 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...))))}, for {@code x >= 3}. */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = x + an * d;
            d = d == 0 ? tiny : d;
            c = x + an / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }
}
