package org.thermogen.runtime.sample;

/**
 * What a set of log importance weights {@code ln w_r} says of the mean weight, as annealed
 * importance sampling reads it: {@code ln mean(w)} computed stably (shifted by the largest),
 * its standard error by the delta method, {@code s / (m sqrt(R))} with {@code m} and {@code s}
 * the mean and sample standard deviation of the {@code R} weights (itself an estimate, too
 * small when the weights are heavy-tailed), and the effective number of runs
 * {@code (sum w)^2 / sum w^2}, far below {@code R} when a few weights dominate.
 *
 * @param logMean       {@code ln mean(w)}
 * @param standardError the delta-method standard error of {@code logMean}
 * @param effectiveRuns {@code (sum w)^2 / sum w^2}
 */
public record ImportanceWeights(double logMean, double standardError, double effectiveRuns) {

    /** The summary of {@code logWeights} (at least 2). */
    public static ImportanceWeights of(double[] logWeights) {
        int runs = logWeights.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double lw : logWeights) {
            max = Double.isNaN(lw) ? Double.NaN : Math.max(max, lw);
        }
        double sum = 0;
        double sumSq = 0;
        for (double lw : logWeights) {
            double w = Math.exp(lw - max);
            sum += w;
            sumSq += w * w;
        }
        double mean = sum / runs;
        double var = 0;
        for (double lw : logWeights) {
            double d = Math.exp(lw - max) - mean;
            var += d * d;
        }
        var /= runs - 1;
        return new ImportanceWeights(max + Math.log(mean), Math.sqrt(var) / (mean * Math.sqrt(runs)), sum * sum / sumSq);
    }
}
