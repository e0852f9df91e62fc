package org.thermogen.runtime.vae;

/**
 * Diagonal Gaussians {@code N(mu, diag exp(logvar))} stored as slices of flat arrays (a
 * row of an encoder's output holds {@code mu} and then {@code logvar}): reparameterised
 * draws, log densities, and the KL divergences of a VAE in closed form, each with its
 * gradient. Variances are carried as log-variances so that any network output is valid.
 * Gradient methods <em>add</em> {@code scale} times the derivative into their outputs.
 */
public final class DiagonalGaussian {
    static final double LOG_2PI = Math.log(2 * Math.PI);

    private DiagonalGaussian() {
    }

    /**
     * The reparameterisation {@code z = mu + exp(logvar / 2) eps} (Kingma and Welling 2014):
     * a draw from {@code N(mu, diag exp(logvar))} that is a differentiable function of
     * {@code mu} and {@code logvar} for fixed standard normal noise {@code eps}.
     */
    public static void reparameterize(double[] mu, int muAt, double[] logvar, int logvarAt, double[] eps, int epsAt,
            double[] z, int zAt, int n) {
        for (int j = 0; j < n; j++) {
            z[zAt + j] = mu[muAt + j] + Math.exp(0.5 * logvar[logvarAt + j]) * eps[epsAt + j];
        }
    }

    /** {@code log N(z; mu, diag exp(logvar)) = -1/2 sum (log 2 pi + logvar + (z - mu)^2 exp(-logvar))}. */
    public static double logDensity(double[] z, int zAt, double[] mu, int muAt, double[] logvar, int logvarAt, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double lv = logvar[logvarAt + j];
            double d = z[zAt + j] - mu[muAt + j];
            s += LOG_2PI + lv + d * d * Math.exp(-lv);
        }
        return -0.5 * s;
    }

    /**
     * Adds {@code scale} times the gradient of {@link #logDensity} to {@code dz}, {@code dmu}
     * and {@code dlogvar} (any of them may be null): {@code d/dz = -(z - mu) exp(-logvar)},
     * {@code d/dmu = -d/dz}, {@code d/dlogvar = -1/2 + 1/2 (z - mu)^2 exp(-logvar)}.
     */
    public static void logDensityGradient(double[] z, int zAt, double[] mu, int muAt, double[] logvar, int logvarAt,
            int n, double scale, double[] dz, int dzAt, double[] dmu, int dmuAt, double[] dlogvar, int dlogvarAt) {
        for (int j = 0; j < n; j++) {
            double ip = Math.exp(-logvar[logvarAt + j]);
            double d = z[zAt + j] - mu[muAt + j];
            if (dz != null) {
                dz[dzAt + j] -= scale * d * ip;
            }
            if (dmu != null) {
                dmu[dmuAt + j] += scale * d * ip;
            }
            if (dlogvar != null) {
                dlogvar[dlogvarAt + j] += scale * 0.5 * (d * d * ip - 1);
            }
        }
    }

    /** {@code log N(z; 0, I)}. */
    public static double logStandardDensity(double[] z, int zAt, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double v = z[zAt + j];
            s += LOG_2PI + v * v;
        }
        return -0.5 * s;
    }

    /**
     * {@code KL(N(mu, diag exp(logvar)) || N(0, I)) = 1/2 sum (mu^2 + exp(logvar) - 1 - logvar)},
     * the regulariser of a VAE (the note's {@code -1/2 sum (1 + log s^2 - mu^2 - s^2)}).
     */
    public static double klToStandard(double[] mu, int muAt, double[] logvar, int logvarAt, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double m = mu[muAt + j];
            double lv = logvar[logvarAt + j];
            s += m * m + Math.expm1(lv) - lv;
        }
        return 0.5 * s;
    }

    /**
     * Adds {@code scale} times the gradient of {@link #klToStandard}: {@code d/dmu = mu},
     * {@code d/dlogvar = (exp(logvar) - 1) / 2}.
     */
    public static void klToStandardGradient(double[] mu, int muAt, double[] logvar, int logvarAt, int n, double scale,
            double[] dmu, int dmuAt, double[] dlogvar, int dlogvarAt) {
        for (int j = 0; j < n; j++) {
            dmu[dmuAt + j] += scale * mu[muAt + j];
            dlogvar[dlogvarAt + j] += scale * 0.5 * Math.expm1(logvar[logvarAt + j]);
        }
    }

    /**
     * {@code KL(N(mu1, diag exp(lv1)) || N(mu2, diag exp(lv2)))
     * = 1/2 sum (lv2 - lv1 + (exp(lv1) + (mu1 - mu2)^2) exp(-lv2) - 1)}.
     */
    public static double kl(double[] mu1, int mu1At, double[] lv1, int lv1At, double[] mu2, int mu2At, double[] lv2,
            int lv2At, int n) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double a = lv1[lv1At + j];
            double b = lv2[lv2At + j];
            double d = mu1[mu1At + j] - mu2[mu2At + j];
            s += b - a + (Math.exp(a) + d * d) * Math.exp(-b) - 1;
        }
        return 0.5 * s;
    }

    /**
     * Adds {@code scale} times the gradient of {@link #kl} with respect to all four
     * arguments (any output may be null): {@code d/dmu1 = (mu1 - mu2) exp(-lv2) = -d/dmu2},
     * {@code d/dlv1 = (exp(lv1 - lv2) - 1) / 2},
     * {@code d/dlv2 = (1 - (exp(lv1) + (mu1 - mu2)^2) exp(-lv2)) / 2}.
     */
    public static void klGradient(double[] mu1, int mu1At, double[] lv1, int lv1At, double[] mu2, int mu2At,
            double[] lv2, int lv2At, int n, double scale, double[] dmu1, int dmu1At, double[] dlv1, int dlv1At,
            double[] dmu2, int dmu2At, double[] dlv2, int dlv2At) {
        for (int j = 0; j < n; j++) {
            double a = lv1[lv1At + j];
            double b = lv2[lv2At + j];
            double d = mu1[mu1At + j] - mu2[mu2At + j];
            double ib = Math.exp(-b);
            if (dmu1 != null) {
                dmu1[dmu1At + j] += scale * d * ib;
            }
            if (dmu2 != null) {
                dmu2[dmu2At + j] -= scale * d * ib;
            }
            if (dlv1 != null) {
                dlv1[dlv1At + j] += scale * 0.5 * Math.expm1(a - b);
            }
            if (dlv2 != null) {
                dlv2[dlv2At + j] += scale * 0.5 * (1 - (Math.exp(a) + d * d) * ib);
            }
        }
    }

    /**
     * {@code log((1/n) sum_k exp(a_k))} for {@code a[at .. at + n)}, shifted by the maximum so
     * that it neither overflows nor underflows: the importance-weighted bound's average of
     * weights given as logs.
     */
    public static double logMeanExp(double[] a, int at, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, a[at + k]);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.exp(a[at + k] - max);
        }
        return max + Math.log(s / n);
    }
}
