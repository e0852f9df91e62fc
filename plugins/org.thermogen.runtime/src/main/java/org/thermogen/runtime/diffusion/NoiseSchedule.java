package org.thermogen.runtime.diffusion;

import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * The variances {@code beta_1 .. beta_T} of a diffusion's forward process
 * {@code q(x_t | x_{t-1}) = N(sqrt(1 - beta_t) x_{t-1}, beta_t I)} (notes 04, 8.2.1), with
 * every array that the forward process, the posterior and the samplers derive from them.
 * Immutable.
 *
 * <p><b>Indexing.</b> Timesteps are {@code t = 1 .. T} as in the notes (errata 8.2.1) and in
 * Ho et al. 2020; the arrays are 0-based, so {@code betas()[t - 1]} is {@code beta_t}. The
 * accessors {@link #beta(int)}, {@link #alphaBar(int)} ... take {@code t} itself, and
 * {@link #alphaBar(int) alphaBar(0)} is 1 (no noise yet). Software that numbers steps
 * {@code 0 .. T-1} (diffusers) calls our {@code t} its {@code t + 1}: our {@code betas()} is
 * its {@code betas} array element for element.
 *
 * <p>Derived arrays, all of length {@code T}, index {@code t - 1}:
 * <ul>
 * <li>{@code alpha_t = 1 - beta_t}; {@code abar_t = alpha_1 ... alpha_t};
 * {@code sqrt(abar_t)}, {@code sqrt(1 - abar_t)}: the marginal
 * {@code q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I)};</li>
 * <li>the posterior {@code q(x_{t-1} | x_t, x_0) = N(c1_t x_0 + c2_t x_t, var_t I)} with
 * {@code var_t = (1 - abar_{t-1}) / (1 - abar_t) beta_t},
 * {@code c1_t = beta_t sqrt(abar_{t-1}) / (1 - abar_t)},
 * {@code c2_t = (1 - abar_{t-1}) sqrt(alpha_t) / (1 - abar_t)} (Ho et al. 2020, (6)-(7));
 * {@code var_1 = 0}, so the clipped log variance (as in Ho et al.'s code) uses
 * {@code var_2} at {@code t = 1} (and {@code ln beta_1} when {@code T = 1}).</li>
 * </ul>
 *
 * <p>Every schedule is validated: {@code T >= 1}, every {@code beta_t} finite with
 * {@code 0 < beta_t < 1} (the message names the step and the value), so that
 * {@code abar_t} decreases strictly.
 *
 * <pre>{@code
 * NoiseSchedule s = NoiseSchedule.cosine(1000);            // squaredcos_cap_v2, s = 0.008
 * double noiseScale = s.sqrtOneMinusAlphaBar(500);         // deviation of x_500 given x_0
 * }</pre>
 */
public final class NoiseSchedule implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Offset {@code s} of the cosine schedule (Nichol and Dhariwal 2021). */
    public static final double COSINE_OFFSET = 0.008;
    /** Largest {@code beta} the cosine schedule allows (Nichol and Dhariwal 2021, and diffusers). */
    public static final double COSINE_MAX_BETA = 0.999;

    private final String description;
    private final double[] betas;
    private final double[] alphas;
    private final double[] alphaBars;
    private final double[] sqrtAlphaBars;
    private final double[] sqrtOneMinusAlphaBars;
    private final double[] posteriorVariance;
    private final double[] posteriorLogVarianceClipped;
    private final double[] posteriorMeanCoefX0;
    private final double[] posteriorMeanCoefXt;

    private NoiseSchedule(String description, double[] betas) {
        if (betas.length < 1) {
            throw new IllegalArgumentException(description + ": a schedule needs at least 1 step, not " + betas.length);
        }
        for (int i = 0; i < betas.length; i++) {
            double b = betas[i];
            if (!(b > 0 && b < 1)) {
                throw new IllegalArgumentException(description + ": beta at step t = " + (i + 1) + " is " + b
                        + ", but every beta must satisfy 0 < beta < 1");
            }
        }
        int n = betas.length;
        this.description = description;
        this.betas = betas;
        this.alphas = new double[n];
        this.alphaBars = new double[n];
        this.sqrtAlphaBars = new double[n];
        this.sqrtOneMinusAlphaBars = new double[n];
        this.posteriorVariance = new double[n];
        this.posteriorLogVarianceClipped = new double[n];
        this.posteriorMeanCoefX0 = new double[n];
        this.posteriorMeanCoefXt = new double[n];
        double previous = 1;
        for (int i = 0; i < n; i++) {
            alphas[i] = 1 - betas[i];
            alphaBars[i] = previous * alphas[i];
            if (!(alphaBars[i] < previous) || !(alphaBars[i] > 0)) {
                // Underflow to 0 or a product that stops falling: 1 - abar_t would be useless.
                throw new IllegalArgumentException(description + ": alpha_bar must decrease strictly and stay above 0,"
                        + " but at step t = " + (i + 1) + " it is " + alphaBars[i] + " after " + previous);
            }
            sqrtAlphaBars[i] = Math.sqrt(alphaBars[i]);
            sqrtOneMinusAlphaBars[i] = Math.sqrt(1 - alphaBars[i]);
            posteriorVariance[i] = (1 - previous) / (1 - alphaBars[i]) * betas[i];
            posteriorMeanCoefX0[i] = betas[i] * Math.sqrt(previous) / (1 - alphaBars[i]);
            posteriorMeanCoefXt[i] = (1 - previous) * Math.sqrt(alphas[i]) / (1 - alphaBars[i]);
            previous = alphaBars[i];
        }
        for (int i = 0; i < n; i++) {
            // The posterior variance is 0 at t = 1; its log is clipped to the value at t = 2
            // (Ho et al.'s code) so that a learned log-variance has a finite target.
            double v = i > 0 ? posteriorVariance[i] : n > 1 ? posteriorVariance[1] : betas[0];
            posteriorLogVarianceClipped[i] = Math.log(v);
        }
    }

    /**
     * {@code linear(beta_start, beta_end)} over {@code steps}: {@code beta_t} evenly spaced
     * from {@code betaStart} at {@code t = 1} to {@code betaEnd} at {@code t = T} (Ho et al.
     * 2020 use {@code 1e-4, 0.02, 1000}; diffusers {@code "linear"}).
     */
    public static NoiseSchedule linear(double betaStart, double betaEnd, int steps) {
        requireSteps(steps, "linear");
        return new NoiseSchedule("linear(beta_start " + format(betaStart) + ", beta_end " + format(betaEnd)
                + ", steps " + steps + ")", linspace(betaStart, betaEnd, steps));
    }

    /** {@link #linear(double, double, int)} with Ho et al.'s {@code beta_start 1e-4, beta_end 0.02}. */
    public static NoiseSchedule linear(int steps) {
        return linear(1e-4, 0.02, steps);
    }

    /**
     * {@code scaled_linear(beta_start, beta_end)} (diffusers, latent diffusion):
     * {@code sqrt(beta_t)} evenly spaced from {@code sqrt(betaStart)} to {@code sqrt(betaEnd)},
     * then squared.
     */
    public static NoiseSchedule scaledLinear(double betaStart, double betaEnd, int steps) {
        requireSteps(steps, "scaled_linear");
        requireNonNegative(betaStart, betaEnd, "scaled_linear");
        return new NoiseSchedule("scaled_linear(beta_start " + format(betaStart) + ", beta_end " + format(betaEnd)
                + ", steps " + steps + ")", squaredLinspaceOfRoots(betaStart, betaEnd, steps));
    }

    /**
     * {@code quadratic(beta_start, beta_end)}: the {@code "quad"} schedule of Ho et al.'s code
     * and of GeoDiff, {@code beta_t = (sqrt(beta_start) + (t - 1)/(T - 1) (sqrt(beta_end) -
     * sqrt(beta_start)))^2}. It is the same formula as {@link #scaledLinear}; both names exist
     * because both appear in the literature.
     */
    public static NoiseSchedule quadratic(double betaStart, double betaEnd, int steps) {
        requireSteps(steps, "quadratic");
        requireNonNegative(betaStart, betaEnd, "quadratic");
        return new NoiseSchedule("quadratic(beta_start " + format(betaStart) + ", beta_end " + format(betaEnd)
                + ", steps " + steps + ")", squaredLinspaceOfRoots(betaStart, betaEnd, steps));
    }

    /**
     * {@code sigmoid(beta_start, beta_end)} as GeoDiff and diffusers define it:
     * {@code beta_t = beta_start + (beta_end - beta_start) sigmoid(u_t)} with {@code u_t}
     * evenly spaced from -6 at {@code t = 1} to 6 at {@code t = T}.
     */
    public static NoiseSchedule sigmoid(double betaStart, double betaEnd, int steps) {
        requireSteps(steps, "sigmoid");
        double[] u = linspace(-6, 6, steps);
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            b[i] = betaStart + (betaEnd - betaStart) / (1 + Math.exp(-u[i]));
        }
        return new NoiseSchedule("sigmoid(beta_start " + format(betaStart) + ", beta_end " + format(betaEnd)
                + ", steps " + steps + ")", b);
    }

    /**
     * {@code cosine(s, max_beta)} (Nichol and Dhariwal 2021; diffusers
     * {@code "squaredcos_cap_v2"}): with {@code f(u) = cos((u + s) / (1 + s) pi/2)^2},
     * {@code beta_t = min(1 - f(t/T) / f((t-1)/T), maxBeta)}, so that
     * {@code abar_t = f(t/T) / f(0)} wherever no beta was capped.
     */
    public static NoiseSchedule cosine(double s, double maxBeta, int steps) {
        requireSteps(steps, "cosine");
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("cosine: the offset s must be a finite number 0 or more, not " + s);
        }
        if (!(maxBeta > 0 && maxBeta < 1)) {
            throw new IllegalArgumentException("cosine: max_beta must satisfy 0 < max_beta < 1, not " + maxBeta);
        }
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            double ratio = cosineF((i + 1) / (double) steps, s) / cosineF(i / (double) steps, s);
            b[i] = Math.min(1 - ratio, maxBeta);
        }
        return new NoiseSchedule("cosine(s " + format(s) + ", max_beta " + format(maxBeta) + ", steps " + steps + ")",
                b);
    }

    /** {@link #cosine(double, double, int)} with {@code s = 0.008, max_beta = 0.999}. */
    public static NoiseSchedule cosine(int steps) {
        return cosine(COSINE_OFFSET, COSINE_MAX_BETA, steps);
    }

    /**
     * A user schedule {@code beta(t) = ...}: {@code beta.applyAsDouble(t)} for
     * {@code t = 1 .. steps}.
     *
     * @param expression the formula in .gen syntax, for {@link #describe()}
     */
    public static NoiseSchedule ofStep(String expression, int steps, IntToDoubleFunction beta) {
        requireSteps(steps, "beta(t)");
        double[] b = new double[steps];
        for (int t = 1; t <= steps; t++) {
            b[t - 1] = beta.applyAsDouble(t);
        }
        return new NoiseSchedule("beta(t) = " + expression + ", steps " + steps, b);
    }

    /**
     * A user schedule of the fraction of time: {@code beta.applyAsDouble(t / T)} for
     * {@code t = 1 .. steps}, so that one formula serves any number of steps.
     */
    public static NoiseSchedule ofTime(String expression, int steps, DoubleUnaryOperator beta) {
        requireSteps(steps, "beta(u)");
        double[] b = new double[steps];
        for (int t = 1; t <= steps; t++) {
            b[t - 1] = beta.applyAsDouble(t / (double) steps);
        }
        return new NoiseSchedule("beta(u = t/T) = " + expression + ", steps " + steps, b);
    }

    /** Given betas {@code beta_1 .. beta_T} (copied). */
    public static NoiseSchedule ofBetas(double... betas) {
        return new NoiseSchedule("betas(" + betas.length + " values)", betas.clone());
    }

    /** The schedule in .gen syntax. */
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Number of steps {@code T}. */
    public int steps() {
        return betas.length;
    }

    /** {@code beta_t}, {@code 1 <= t <= T}. */
    public double beta(int t) {
        return betas[check(t)];
    }

    /** {@code alpha_t = 1 - beta_t}. */
    public double alpha(int t) {
        return alphas[check(t)];
    }

    /** {@code abar_t}, {@code 0 <= t <= T}; {@code abar_0 = 1}. */
    public double alphaBar(int t) {
        return t == 0 ? 1.0 : alphaBars[check(t)];
    }

    /** {@code sqrt(abar_t)}, {@code 0 <= t <= T}. */
    public double sqrtAlphaBar(int t) {
        return t == 0 ? 1.0 : sqrtAlphaBars[check(t)];
    }

    /** {@code sqrt(1 - abar_t)}, {@code 0 <= t <= T}. */
    public double sqrtOneMinusAlphaBar(int t) {
        return t == 0 ? 0.0 : sqrtOneMinusAlphaBars[check(t)];
    }

    /** Variance of {@code q(x_{t-1} | x_t, x_0)}: {@code (1 - abar_{t-1}) / (1 - abar_t) beta_t}. */
    public double posteriorVariance(int t) {
        return posteriorVariance[check(t)];
    }

    /** Coefficient of {@code x_0} in the posterior mean. */
    public double posteriorMeanCoefX0(int t) {
        return posteriorMeanCoefX0[check(t)];
    }

    /** Coefficient of {@code x_t} in the posterior mean. */
    public double posteriorMeanCoefXt(int t) {
        return posteriorMeanCoefXt[check(t)];
    }

    /** {@code beta_1 .. beta_T} (a copy). */
    public double[] betas() {
        return betas.clone();
    }

    /** {@code alpha_1 .. alpha_T} (a copy). */
    public double[] alphas() {
        return alphas.clone();
    }

    /** {@code abar_1 .. abar_T} (a copy). */
    public double[] alphaBars() {
        return alphaBars.clone();
    }

    /** {@code sqrt(abar_1) .. sqrt(abar_T)} (a copy). */
    public double[] sqrtAlphaBars() {
        return sqrtAlphaBars.clone();
    }

    /** {@code sqrt(1 - abar_1) .. sqrt(1 - abar_T)} (a copy). */
    public double[] sqrtOneMinusAlphaBars() {
        return sqrtOneMinusAlphaBars.clone();
    }

    /** Posterior variances for {@code t = 1 .. T} (a copy); the first is 0. */
    public double[] posteriorVariances() {
        return posteriorVariance.clone();
    }

    /** {@code ln} of the posterior variances, the first replaced by the second's (a copy). */
    public double[] posteriorLogVariancesClipped() {
        return posteriorLogVarianceClipped.clone();
    }

    /** Posterior mean coefficients of {@code x_0}, {@code t = 1 .. T} (a copy). */
    public double[] posteriorMeanCoefsX0() {
        return posteriorMeanCoefX0.clone();
    }

    /** Posterior mean coefficients of {@code x_t}, {@code t = 1 .. T} (a copy). */
    public double[] posteriorMeanCoefsXt() {
        return posteriorMeanCoefXt.clone();
    }

    private int check(int t) {
        if (t < 1 || t > betas.length) {
            throw new IllegalArgumentException("timestep " + t + " is outside 1 .. " + betas.length + " of " + description);
        }
        return t - 1;
    }

    private static double cosineF(double u, double s) {
        double c = Math.cos((u + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    /** {@code n} evenly spaced values from {@code a} to {@code b}; the last is {@code b} exactly. */
    static double[] linspace(double a, double b, int n) {
        double[] v = new double[n];
        if (n == 1) {
            v[0] = a;
            return v;
        }
        for (int i = 0; i < n; i++) {
            v[i] = a + (b - a) * i / (n - 1);
        }
        v[n - 1] = b;
        return v;
    }

    private static double[] squaredLinspaceOfRoots(double a, double b, int n) {
        double[] v = linspace(Math.sqrt(a), Math.sqrt(b), n);
        for (int i = 0; i < n; i++) {
            v[i] *= v[i];
        }
        return v;
    }

    private static void requireSteps(int steps, String name) {
        if (steps < 1) {
            throw new IllegalArgumentException(name + ": a schedule needs steps >= 1, not " + steps);
        }
    }

    private static void requireNonNegative(double a, double b, String name) {
        if (!(a >= 0) || !(b >= 0)) {
            throw new IllegalArgumentException(name + ": beta_start and beta_end must be 0 or more (their square roots"
                    + " are spaced evenly), not " + a + " and " + b);
        }
    }

    /** {@code 1e-4}, {@code 0.02}, {@code 1000}: numbers as a .gen file writes them. */
    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        int e = s.indexOf('E');
        if (e < 0) {
            return s;
        }
        String mantissa = s.substring(0, e);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(e + 1);
    }
}
