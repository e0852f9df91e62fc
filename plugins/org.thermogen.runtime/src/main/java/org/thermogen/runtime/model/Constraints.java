package org.thermogen.runtime.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;

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
     * Makes {@code theta} satisfy the structural constraints: a symmetric matrix takes its
     * upper triangle mirrored ({@code A_lk = A_kl} for {@code k < l}), so that a random entry
     * keeps the spread its {@code init} drew it with ({@code (A + A^T) / 2} would shrink a
     * standard deviation s to s / sqrt(2)); zero diagonals are zeroed. Positivity,
     * definiteness and the simplex are the business of the trainers that update such
     * parameters.
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
                        theta[o + l * n + k] = theta[o + k * n + l];
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

    /**
     * What in {@code theta} breaks a declared constraint, or null when nothing does: for a
     * checkpoint read back, which training left inside its constraints. Symmetry within
     * 1e-9 relative, zero diagonals exactly, positive definiteness by a Cholesky
     * factorization (each {@code [d,d]} slice of a {@code [K,d,d]} parameter), positivity, and
     * a simplex's weights non-negative with a sum within 1e-9 of 1.
     */
    public static String violation(ModelSpec spec, double[] theta) {
        for (ParamSpec p : spec.params()) {
            int o = p.offset();
            for (int i = 0; i < p.size(); i++) {
                if (!Double.isFinite(theta[o + i])) {
                    return p.name() + " holds " + theta[o + i];
                }
            }
            Shape shape = p.shape();
            int rank = shape.rank();
            boolean squares = rank >= 2 && shape.dim(rank - 1) == shape.dim(rank - 2);
            int n = rank >= 2 ? shape.dim(rank - 1) : 0;
            int slices = squares ? p.size() / (n * n) : 0;
            if (squares && (p.has(Constraint.SYMMETRIC) || p.has(Constraint.SPD))) {
                for (int m = 0; m < slices; m++) {
                    int base = o + m * n * n;
                    for (int k = 0; k < n; k++) {
                        for (int l = k + 1; l < n; l++) {
                            double a = theta[base + k * n + l];
                            double b = theta[base + l * n + k];
                            if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)))) {
                                return p.name() + " is not symmetric (" + a + " and " + b + ")";
                            }
                        }
                    }
                }
            }
            if (squares && rank == 2 && p.has(Constraint.ZERO_DIAGONAL)) {
                for (int k = 0; k < n; k++) {
                    if (theta[o + k * n + k] != 0) {
                        return p.name() + " has " + theta[o + k * n + k] + " on its zero diagonal";
                    }
                }
            }
            if (squares && p.has(Constraint.SPD)) {
                for (int m = 0; m < slices; m++) {
                    if (!choleskyWorks(theta, o + m * n * n, n)) {
                        return p.name() + " is not positive definite";
                    }
                }
            }
            if (p.has(Constraint.POSITIVE)) {
                for (int i = 0; i < p.size(); i++) {
                    if (!(theta[o + i] > 0)) {
                        return p.name() + " holds " + theta[o + i] + ", not positive";
                    }
                }
            }
            if (p.has(Constraint.SIMPLEX) && rank == 1) {
                double sum = 0;
                for (int i = 0; i < p.size(); i++) {
                    if (theta[o + i] < 0) {
                        return p.name() + " holds the negative weight " + theta[o + i];
                    }
                    sum += theta[o + i];
                }
                if (Math.abs(sum - 1) > 1e-9 * Math.max(1, p.size())) {
                    return p.name() + " sums to " + sum + ", not 1";
                }
            }
        }
        return null;
    }

    /** Whether the symmetric {@code n x n} matrix at {@code offset} has a Cholesky factor (EJML's, as Gaussian uses). */
    private static boolean choleskyWorks(double[] theta, int offset, int n) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        System.arraycopy(theta, offset, m.data, 0, n * n);
        return new CholeskyDecompositionInner_DDRM(true).decompose(m);
    }
}
