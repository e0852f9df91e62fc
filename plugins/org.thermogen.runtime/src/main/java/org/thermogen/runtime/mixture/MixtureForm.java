package org.thermogen.runtime.mixture;

import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Shape;


/**
 * Where the parameters of a Gaussian mixture {@code p(x) = sum_k pi_k N(x; mu_k, Sigma_k)}
 * sit in the flat parameter vector {@code theta}: the weights {@code pi[K]} (simplex), the
 * means {@code mu[K,D]} row by row, and the covariances in the layout of
 * {@link CovarianceType#shape} ({@code Sigma[K,D,D]} for {@code full}, {@code Sigma[D,D]} for
 * {@code tied}, {@code Sigma[K,D]} variances for {@code diag}, {@code Sigma[K]} for
 * {@code spherical}). A generated model class declares itself a mixture with
 *
 * <pre>{@code
 * public Structure structure() {
 *     return new MixtureStructure(MixtureForm.of(SPEC, "pi", "mu", "Sigma", CovarianceType.FULL));
 * }
 * }</pre>
 *
 * @param components       {@code K}
 * @param dimension        {@code D}, the model's observed units
 * @param covariance       how the components' covariances are shaped
 * @param weightsOffset    index of {@code pi[0]} in theta
 * @param meansOffset      index of {@code mu[0,0]} in theta
 * @param covariancesOffset index of the first covariance value in theta
 */
public record MixtureForm(int components, int dimension, CovarianceType covariance, int weightsOffset, int meansOffset,
        int covariancesOffset) {

    public MixtureForm {
        if (components < 1) {
            throw new IllegalArgumentException("a mixture needs at least 1 component, not " + components);
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("a mixture needs at least 1 dimension, not " + dimension);
        }
        if (covariance == null) {
            throw new IllegalArgumentException("a mixture needs a covariance type: full, tied, diag or spherical");
        }
    }

    /**
     * The form of a model whose parameters named {@code weights}, {@code means} and
     * {@code covariances} have the shapes {@code [K]}, {@code [K,D]} and
     * {@link CovarianceType#shape(int, int)}, with {@code D} the model's observed units.
     *
     * @throws IllegalArgumentException if a parameter is missing or has another shape
     */
    public static MixtureForm of(ModelSpec spec, String weights, String means, String covariances,
            CovarianceType type) {
        ParamSpec pi = find(spec, weights);
        ParamSpec mu = find(spec, means);
        ParamSpec sigma = find(spec, covariances);
        int d = spec.observedSize();
        if (pi.shape().rank() != 1) {
            throw new IllegalArgumentException(spec.name() + ": the mixture weights " + weights
                    + " must be a vector [K], not " + pi.shape());
        }
        int k = pi.shape().dim(0);
        if (!mu.shape().equals(Shape.of(k, d))) {
            throw new IllegalArgumentException(spec.name() + ": the means " + means + " must have shape "
                    + Shape.of(k, d) + " for " + k + " components of " + d + " observed units, not " + mu.shape());
        }
        Shape want = type.shape(k, d);
        if (!sigma.shape().equals(want)) {
            throw new IllegalArgumentException(spec.name() + ": " + type.keyword() + " covariances " + covariances
                    + " must have shape " + want + ", not " + sigma.shape());
        }
        return new MixtureForm(k, d, type, pi.offset(), mu.offset(), sigma.offset());
    }

    private static ParamSpec find(ModelSpec spec, String name) {
        return spec.param(name).orElseThrow(() -> new IllegalArgumentException(spec.name() + " has no parameter "
                + name + " for its mixture"));
    }
}
