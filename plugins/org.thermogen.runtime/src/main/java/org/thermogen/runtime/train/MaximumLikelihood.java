package org.thermogen.runtime.train;

import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.gaussian.Gaussian;
import org.thermogen.runtime.gaussian.GaussianEnergies;
import org.thermogen.runtime.gaussian.GaussianForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * Closed-form maximum likelihood for Gaussian energies ({@code max_likelihood}): the mean is
 * the data's mean and the covariance the data's biased (1/n) covariance (notes 01, (2.23),
 * (2.24)); the generated {@link org.thermogen.runtime.model.GaussianForm} maps them to the
 * model's parameters.
 */
public final class MaximumLikelihood implements Trainer {

    private MaximumLikelihood() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "max_likelihood";
    }

    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        ModelSpec spec = model.spec();
        GaussianForm form = model.capability(GaussianForm.class).orElseThrow(() -> new IllegalArgumentException(
                spec.isDiscrete()
                        ? "max_likelihood has a closed form only for Gaussian energies; train a Boltzmann machine with"
                                + " moment_matching(...)"
                        : "max_likelihood has a closed form only for Gaussian energies; " + spec.name() + " has "
                                + model.structure().describe()));
        int d = spec.observedSize();
        if (data.rows() <= d) {
            throw new IllegalArgumentException(data.name() + " has " + data.rows() + " rows: a " + d
                    + "-dimensional covariance needs more than " + d);
        }
        context.listener().begin("train " + spec.name(), 1);
        MetricsHistory history = new MetricsHistory("iteration", "neg_log_likelihood");
        double before = negativeLogLikelihood(model, initialTheta, data, context.pool());
        if (Double.isFinite(before)) {
            history.add(0, before);
        }
        double[] mean = new double[d];
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        Gaussian.moments(data.values(), data.rows(), d, mean, cov, context.pool());
        try {
            new Gaussian(mean, cov);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(data.name() + ": the data's covariance is singular (columns are collinear"
                    + " or constant), so no Gaussian fits them by maximum likelihood");
        }
        double[] theta = initialTheta.clone();
        form.setMoments(mean, cov, theta);
        double after = negativeLogLikelihood(model, theta, data, context.pool());
        history.add(1, after);
        context.listener().step(1, Map.of("neg_log_likelihood", after));
        context.listener().snapshot(1, theta);
        context.listener().end();
        return new TrainingResult(theta, history, Map.of());
    }

    /** Mean negative log-likelihood per example in nats; NaN where the energy is not normalizable. */
    static double negativeLogLikelihood(Model model, double[] theta, Dataset data, ForkJoinPool pool) {
        GaussianEnergies.Normalized q;
        try {
            q = GaussianEnergies.of(model.requireEnergy("maximum_likelihood"), theta);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
        return -q.distribution().meanLogDensity(data.values(), data.rows(), pool);
    }

    /** {@code max_likelihood} has no settings. */
    public static final class Builder {
        public MaximumLikelihood build() {
            return new MaximumLikelihood();
        }
    }
}
