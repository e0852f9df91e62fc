package org.thermogen.runtime.mixture;

import org.thermogen.runtime.model.Shape;

/**
 * How the components of a Gaussian mixture share and shape their covariances, as
 * scikit-learn's {@code covariance_type}. The layout of the covariance parameter follows
 * scikit-learn's {@code covariances_}: {@link #shape} gives it for {@code K} components in
 * {@code D} dimensions.
 */
public enum CovarianceType {
    /** Each component has its own covariance matrix: {@code Sigma[K,D,D]}. */
    FULL("full"),
    /** All components share one covariance matrix: {@code Sigma[D,D]}. */
    TIED("tied"),
    /** Each component has its own diagonal covariance, stored as variances: {@code Sigma[K,D]}. */
    DIAG("diag"),
    /** Each component has one variance for all dimensions: {@code Sigma[K]}. */
    SPHERICAL("spherical");

    private final String keyword;

    CovarianceType(String keyword) {
        this.keyword = keyword;
    }

    /** The word used in .gen files and by scikit-learn. */
    public String keyword() {
        return keyword;
    }

    /** The type a keyword names ({@code full}, {@code tied}, {@code diag}, {@code spherical}), or null. */
    public static CovarianceType ofKeyword(String word) {
        for (CovarianceType t : values()) {
            if (t.keyword.equals(word)) {
                return t;
            }
        }
        return null;
    }

    /** The shape of the covariance parameter for {@code k} components in {@code d} dimensions. */
    public Shape shape(int k, int d) {
        return switch (this) {
            case FULL -> Shape.of(k, d, d);
            case TIED -> Shape.of(d, d);
            case DIAG -> Shape.of(k, d);
            case SPHERICAL -> Shape.of(k);
        };
    }

    /** Number of values of the covariance parameter: the size of {@link #shape}. */
    public int size(int k, int d) {
        return switch (this) {
            case FULL -> k * d * d;
            case TIED -> d * d;
            case DIAG -> k * d;
            case SPHERICAL -> k;
        };
    }

    /**
     * Free parameters of a mixture of this type, as scikit-learn's {@code _n_parameters}
     * counts them (the basis of BIC and AIC): {@code K - 1} weights, {@code K D} means, and
     * {@code K D (D + 1) / 2}, {@code D (D + 1) / 2}, {@code K D} or {@code K} covariance values.
     */
    public long parameterCount(int k, int d) {
        long cov = switch (this) {
            case FULL -> (long) k * d * (d + 1) / 2;
            case TIED -> (long) d * (d + 1) / 2;
            case DIAG -> (long) k * d;
            case SPHERICAL -> k;
        };
        return cov + (long) k * d + k - 1;
    }
}
