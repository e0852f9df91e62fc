package org.thermogen.runtime.mixture;

/**
 * The outcome of {@link ExpectationMaximization#fit}.
 *
 * @param mixture        the parameters after the last M-step
 * @param logLikelihoods the mean log-likelihood per row of the parameters after {@code i}
 *                       iterations, for {@code i = 0 .. iterations} (entry 0 is the start);
 *                       never decreasing, up to rounding, when {@code reg_covar} is 0
 * @param iterations     EM iterations run (scikit-learn's {@code n_iter_})
 * @param converged      whether the change of the mean log-likelihood fell below the tolerance
 * @param lowerBound     scikit-learn's {@code lower_bound_}: the mean log-likelihood computed in
 *                       the last iteration's E-step, i.e. of the parameters <em>before</em> the
 *                       last M-step ({@code logLikelihoods[iterations - 1]}); minus infinity
 *                       when no iteration ran
 */
public record MixtureFit(GaussianMixture mixture, double[] logLikelihoods, int iterations, boolean converged,
        double lowerBound) {

    /** The mean log-likelihood per row of the returned parameters. */
    public double logLikelihood() {
        return logLikelihoods[iterations];
    }
}
