package org.thermogen.runtime.model;

/**
 * Keeps parameters inside their constraints. Trainers work in the full parameter vector
 * and pass every gradient through {@link #project}, which maps it to the gradient with
 * respect to the free parameters, embedded back: for a symmetric matrix both mirror
 * entries receive {@code g[k][l] + g[l][k]}, so a step keeps the matrix symmetric.
 */
public final class Constraints {
    private Constraints() {
    }

    /**
     * Replaces {@code grad} by {@code P grad}, where {@code P = E E^T} and {@code E} embeds
     * the free parameters into the full vector: symmetric pairs are summed, zero
     * diagonals and fixed parameters get zero.
     */
    public static void project(ModelSpec spec, double[] grad) {
        for (ParamSpec p : spec.params()) {
            int o = p.offset();
            if (p.fixed()) {
                java.util.Arrays.fill(grad, o, o + p.size(), 0.0);
                continue;
            }
            if (p.shape().isSquareMatrix()) {
                int n = p.shape().dim(0);
                if (p.has(Constraint.SYMMETRIC) || p.has(Constraint.SPD)) {
                    for (int k = 0; k < n; k++) {
                        for (int l = k + 1; l < n; l++) {
                            double s = grad[o + k * n + l] + grad[o + l * n + k];
                            grad[o + k * n + l] = s;
                            grad[o + l * n + k] = s;
                        }
                    }
                }
                if (p.has(Constraint.ZERO_DIAGONAL)) {
                    for (int k = 0; k < n; k++) {
                        grad[o + k * n + k] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * Makes {@code theta} satisfy the structural constraints: symmetric matrices become
     * {@code (A + A^T) / 2}, zero diagonals are zeroed. Positivity, definiteness and the
     * simplex are the business of the trainers that update such parameters.
     */
    public static void impose(ModelSpec spec, double[] theta) {
        for (ParamSpec p : spec.params()) {
            if (!p.shape().isSquareMatrix()) {
                continue;
            }
            int o = p.offset();
            int n = p.shape().dim(0);
            if (p.has(Constraint.SYMMETRIC) || p.has(Constraint.SPD)) {
                for (int k = 0; k < n; k++) {
                    for (int l = k + 1; l < n; l++) {
                        double m = 0.5 * (theta[o + k * n + l] + theta[o + l * n + k]);
                        theta[o + k * n + l] = m;
                        theta[o + l * n + k] = m;
                    }
                }
            }
            if (p.has(Constraint.ZERO_DIAGONAL)) {
                for (int k = 0; k < n; k++) {
                    theta[o + k * n + k] = 0.0;
                }
            }
        }
    }
}
