package org.thermogen.runtime.sample;

import java.util.Map;

/**
 * Convergence diagnostics of Markov chains, unit by unit: the split potential scale reduction
 * R-hat and the effective sample size, as Gelman et al. define them (Bayesian Data Analysis,
 * 3rd ed., section 11.4-11.5) and Stan computes them. Each chain is cut into halves (its
 * middle draw dropped when the count is odd, every half cut to the shortest), so that a chain
 * still drifting shows as two chains that disagree. With {@code m} halves of {@code n} draws,
 * within-half variance {@code W} and between-half variance {@code B}:
 * <pre>
 *   var+  = (n - 1) / n W + B / n,     R-hat = sqrt(var+ / W)
 *   rho_t = 1 - (W - mean of the halves' autocovariances at lag t) / var+
 *   ESS   = m n / (-1 + 2 sum_k P_k),  P_k = rho_2k + rho_2k+1
 * </pre>
 * summed while {@code P_k} stays positive and made non-increasing (Geyer's initial monotone
 * sequence; at most {@value #MAX_LAG} lags). Units that never change in any chain are left
 * out (a unit fixed at 0 has no variance to compare).
 *
 * <pre>{@code
 * // values: every chain's draws one after another, counts[c] rows of d units for chain c
 * ChainDiagnostics.Result r = ChainDiagnostics.of(values, d, counts);
 * r.worstRhat();     // close to 1 when the chains agree; above 1.01 asks for longer chains
 * r.leastEss();      // draws worth as many independent ones, for the unit that mixes worst
 * }</pre>
 */
public final class ChainDiagnostics {
    /** Fewer draws per half-chain than this give no figures. */
    static final int MIN_HALF = 4;
    /**
     * Lags summed at most: beyond it a chain mixes so slowly that R-hat says so anyway, and the
     * sum would cost a pass over the draws per lag.
     */
    static final int MAX_LAG = 2000;

    private ChainDiagnostics() {
    }

    /**
     * The worst unit's figures.
     *
     * @param worstRhat the largest split R-hat over units (NaN when no unit varies)
     * @param leastEss  the smallest effective sample size over units
     * @param units     how many units varied and were measured
     */
    public record Result(double worstRhat, double leastEss, int units) {

        /** {@code rhat} and {@code ess} for a sampler's diagnostics; nothing when no unit was measured. */
        public void addTo(Map<String, Double> diagnostics) {
            if (units > 0) {
                diagnostics.put("rhat", worstRhat);
                diagnostics.put("ess", leastEss);
            }
        }
    }

    /**
     * Diagnostics of chains whose draws lie one chain after another in {@code values}.
     *
     * @param values    {@code sum(counts)} rows of {@code dimension} values
     * @param dimension units per draw
     * @param counts    draws of each chain, in order
     * @return the worst unit's figures; {@code units} 0 when the halves are too short or no unit varies
     */
    public static Result of(double[] values, int dimension, int[] counts) {
        int shortest = Integer.MAX_VALUE;
        for (int c : counts) {
            shortest = Math.min(shortest, c);
        }
        int n = counts.length == 0 ? 0 : shortest / 2;
        if (n < MIN_HALF) {
            return new Result(Double.NaN, Double.NaN, 0);
        }
        int m = 2 * counts.length;
        // Where each half starts, in rows: the first n draws and the last n of every chain.
        int[] starts = new int[m];
        int row = 0;
        for (int c = 0; c < counts.length; c++) {
            starts[2 * c] = row;
            starts[2 * c + 1] = row + counts[c] - n;
            row += counts[c];
        }
        double[] x = new double[m * n];
        double[] means = new double[m];
        double[] variances = new double[m];
        double worstRhat = Double.NaN;
        double leastEss = Double.NaN;
        int measured = 0;
        for (int u = 0; u < dimension; u++) {
            for (int h = 0; h < m; h++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    double v = values[(starts[h] + t) * dimension + u];
                    x[h * n + t] = v;
                    s += v;
                }
                means[h] = s / n;
            }
            double w = 0;
            double grand = 0;
            for (int h = 0; h < m; h++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    double d = x[h * n + t] - means[h];
                    s += d * d;
                }
                variances[h] = s / (n - 1);
                w += variances[h] / m;
                grand += means[h] / m;
            }
            if (!(w > 0)) {
                continue;
            }
            double b = 0;
            for (int h = 0; h < m; h++) {
                b += (means[h] - grand) * (means[h] - grand);
            }
            b *= (double) n / (m - 1);
            double varPlus = (n - 1.0) / n * w + b / n;
            double rhat = Math.sqrt(varPlus / w);
            double ess = effectiveSize(x, means, m, n, w, varPlus);
            measured++;
            worstRhat = Double.isNaN(worstRhat) ? rhat : Math.max(worstRhat, rhat);
            leastEss = Double.isNaN(leastEss) ? ess : Math.min(leastEss, ess);
        }
        return new Result(worstRhat, leastEss, measured);
    }

    /** {@code m n / tau} with Geyer's initial monotone sequence of paired autocorrelations. */
    private static double effectiveSize(double[] x, double[] means, int m, int n, double w, double varPlus) {
        double tau = -1;
        double previousPair = Double.POSITIVE_INFINITY;
        for (int t = 0; t + 1 < Math.min(n, MAX_LAG); t += 2) {
            double pair = rho(x, means, m, n, w, varPlus, t) + rho(x, means, m, n, w, varPlus, t + 1);
            if (!(pair > 0)) {
                break;
            }
            pair = Math.min(pair, previousPair);
            tau += 2 * pair;
            previousPair = pair;
        }
        return m * (double) n / Math.max(tau, 1.0 / Math.log10(m * (double) n));
    }

    /** {@code 1 - (W - mean autocovariance at lag t) / var+}, the autocovariances biased (divided by n). */
    private static double rho(double[] x, double[] means, int m, int n, double w, double varPlus, int lag) {
        double acov = 0;
        for (int h = 0; h < m; h++) {
            int o = h * n;
            double mean = means[h];
            double s = 0;
            for (int t = 0; t + lag < n; t++) {
                s += (x[o + t] - mean) * (x[o + t + lag] - mean);
            }
            acov += s / n;
        }
        acov /= m;
        return 1 - (w - acov) / varPlus;
    }

    /**
     * The autocorrelation of the mean of the units of every draw, chain by chain, at lags
     * {@code 0 .. maxLag} (fewer when the shortest chain is shorter), averaged over chains: how
     * many draws a chain takes to forget. Each chain's autocovariances are about its own mean
     * and divided by its length (the biased estimate, as for the ESS), then normalized by its
     * lag-0 value; chains whose statistic never varies are left out.
     *
     * @return {@code rho[0] = 1, rho[1], ...}; empty when no chain varies or one has fewer than 2 draws
     */
    public static double[] autocorrelation(double[] values, int dimension, int[] counts, int maxLag) {
        int shortest = Integer.MAX_VALUE;
        for (int c : counts) {
            shortest = Math.min(shortest, c);
        }
        if (counts.length == 0 || shortest < 2) {
            return new double[0];
        }
        int lags = Math.min(maxLag, shortest - 1) + 1;
        double[] rho = new double[lags];
        int used = 0;
        int row = 0;
        for (int count : counts) {
            double[] s = new double[count];
            double mean = 0;
            for (int t = 0; t < count; t++) {
                double sum = 0;
                for (int u = 0; u < dimension; u++) {
                    sum += values[(row + t) * dimension + u];
                }
                s[t] = sum / dimension;
                mean += s[t] / count;
            }
            row += count;
            double[] acov = new double[lags];
            for (int k = 0; k < lags; k++) {
                double a = 0;
                for (int t = 0; t + k < count; t++) {
                    a += (s[t] - mean) * (s[t + k] - mean);
                }
                acov[k] = a / count;
            }
            if (!(acov[0] > 0)) {
                continue;
            }
            for (int k = 0; k < lags; k++) {
                rho[k] += acov[k] / acov[0];
            }
            used++;
        }
        if (used == 0) {
            return new double[0];
        }
        for (int k = 0; k < lags; k++) {
            rho[k] /= used;
        }
        return rho;
    }
}
