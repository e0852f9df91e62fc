package org.thermogen.runtime.train;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * Naive mean-field moments, without sampling ({@code expectation mean_field(damping 0.5,
 * iterations 1000, tolerance 1e-10)}). In spin units the magnetizations solve
 * {@code m_i = tanh(h_i + sum_j J_ij m_j)}, found by damped parallel iteration
 * {@code m <- damping * m + (1 - damping) * tanh(h + J m)} until no {@code m_i} moves by more
 * than {@code tolerance} (or {@code iterations} are spent, which the listener hears about),
 * warm-started from the previous training step. Pair moments come from linear response:
 * the connected correlations are {@code C = dm/dh = A^-1} with
 * {@code A_ij = delta_ij / (1 - m_i^2) - J_ij} (Kappen and Rodriguez 1998), and
 * {@code <s_i s_j> = C_ij + m_i m_j}. Binary units are mapped to spins exactly,
 * {@code x = (1 + s) / 2}: {@code J = W / 4}, {@code h_i = b_i / 2 + sum_j W_ij / 4}, and the
 * moments back, {@code <x_i> = (1 + m_i) / 2}, {@code <x_i x_j> = (1 + m_i + m_j + <s_i s_j>) / 4}.
 *
 * <p>The approximation is good when the couplings are weak against the temperature and
 * worsens as they grow; {@link TapExpectation} adds the Onsager reaction term and is exact to
 * one more order. The covariance products that {@code lr auto} needs would require fourth
 * moments, so a trainer with this expectation must be given a step size.
 *
 * <p>Defaults: {@code damping 0.5}, {@code iterations 1000}, {@code tolerance 1e-10}.
 */
public final class MeanFieldExpectation implements Expectation {
    private final double damping;
    private final int iterations;
    private final double tolerance;

    private MeanFieldExpectation(Builder b) {
        this.damping = b.damping;
        this.iterations = b.iterations;
        this.tolerance = b.tolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "mean_field(damping " + damping + ", iterations " + iterations + ", tolerance " + tolerance + ")";
    }

    @Override
    public Engine start(ModelSpec spec, RunContext context) {
        return new Solver(spec, context, "mean_field", false, damping, iterations, tolerance);
    }

    /**
     * The fixed-point iteration and linear response for naive mean field or TAP, with the
     * magnetizations of the last solution kept as the next starting point.
     */
    static final class Solver implements Engine {
        private final String name;
        private final boolean tap;
        private final double damping;
        private final int iterations;
        private final double tolerance;
        private final RunContext context;
        private final int n;
        private final Domain domain;
        private final double[] j;
        private final double[] h;
        private final double[] m;
        private final double[] next;
        private final double[] onsager;
        private final DMatrixRMaj system;
        private final DMatrixRMaj rhs;
        private final DMatrixRMaj correlation;
        private final LinearSolverDense<DMatrixRMaj> lu;
        private boolean warned;

        Solver(ModelSpec spec, RunContext context, String name, boolean tap, double damping, int iterations,
                double tolerance) {
            this.name = name;
            this.tap = tap;
            this.damping = damping;
            this.iterations = iterations;
            this.tolerance = tolerance;
            this.context = context;
            this.n = spec.stateSize();
            this.domain = spec.uniformDomain().orElseThrow(
                    () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units"));
            this.j = new double[n * n];
            this.h = new double[n];
            this.m = new double[n];
            this.next = new double[n];
            this.onsager = new double[n];
            this.system = new DMatrixRMaj(n, n);
            this.rhs = new DMatrixRMaj(n, n);
            this.correlation = new DMatrixRMaj(n, n);
            this.lu = LinearSolverFactory_DDRM.lu(n);
        }

        @Override
        public Enumeration.Moments moments(PairwiseEnergy eta) {
            if (eta.size() != n || eta.domain() != domain) {
                throw new IllegalArgumentException("the energy changed its units between steps");
            }
            toSpins(eta);
            solve();
            linearResponse();
            return fromSpins();
        }

        /** Couplings and fields of the same distribution written in spins {@code s = 2x - 1}. */
        private void toSpins(PairwiseEnergy eta) {
            double[] w = eta.couplings();
            boolean binary = domain == Domain.BINARY;
            for (int k = 0; k < n; k++) {
                double rowSum = 0;
                for (int l = 0; l < n; l++) {
                    double v = w[k * n + l];
                    j[k * n + l] = binary ? v / 4 : v;
                    rowSum += v;
                }
                h[k] = binary ? eta.bias(k) / 2 + rowSum / 4 : eta.bias(k);
            }
        }

        /** Damped parallel iteration of the mean-field (or TAP) equations from the last solution. */
        private void solve() {
            double change = Double.NaN;
            for (int it = 0; it < iterations; it++) {
                if (tap) {
                    for (int i = 0; i < n; i++) {
                        double r = 0;
                        for (int k = 0; k < n; k++) {
                            double c = j[i * n + k];
                            r += c * c * (1 - m[k] * m[k]);
                        }
                        onsager[i] = r;
                    }
                }
                change = 0;
                for (int i = 0; i < n; i++) {
                    double f = h[i];
                    int row = i * n;
                    for (int k = 0; k < n; k++) {
                        f += j[row + k] * m[k];
                    }
                    if (tap) {
                        f -= m[i] * onsager[i];
                    }
                    next[i] = damping * m[i] + (1 - damping) * Math.tanh(f);
                }
                for (int i = 0; i < n; i++) {
                    change = Math.max(change, Math.abs(next[i] - m[i]));
                    m[i] = next[i];
                }
                if (!(change > tolerance)) {
                    break;
                }
            }
            if (change > tolerance && !warned) {
                warned = true;
                context.listener().note(name + " did not converge in " + iterations + " iterations (last change " + change
                        + "); raise damping or iterations");
            }
        }

        /**
         * {@code C = A^-1}, solved as {@code (I + D G) C = D} with {@code D = diag(1 - m^2)}
         * and {@code A = D^-1 + G}, so that saturated units ({@code m_i^2 = 1}, correlation 0)
         * need no infinite entries. Naive: {@code G = -J}; TAP: {@code G_ii = sum_k J_ik^2 (1 -
         * m_k^2)}, {@code G_ij = -J_ij - 2 J_ij^2 m_i m_j}.
         */
        private void linearResponse() {
            double[] a = system.data;
            double[] d = rhs.data;
            java.util.Arrays.fill(d, 0.0);
            for (int i = 0; i < n; i++) {
                double di = 1 - m[i] * m[i];
                d[i * n + i] = di;
                for (int k = 0; k < n; k++) {
                    double c = j[i * n + k];
                    double g = -c;
                    if (tap) {
                        g -= 2 * c * c * m[i] * m[k];
                    }
                    a[i * n + k] = di * g;
                }
                a[i * n + i] = 1 + (tap ? di * onsagerAt(i) : 0.0);
            }
            boolean solved = lu.setA(system);
            if (solved) {
                lu.solve(rhs, correlation);
                for (double v : correlation.data) {
                    solved &= Double.isFinite(v);
                }
            }
            if (!solved && allFinite()) {
                throw new IllegalArgumentException(name + " linear response is singular at these couplings (the"
                        + " approximation breaks down near a phase transition); use gibbs(...) or parallel_tempering(...)");
            }
        }

        /** Non-finite couplings give non-finite moments, which the trainer reports as divergence. */
        private boolean allFinite() {
            for (double v : j) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            for (double v : h) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
            return true;
        }

        /** {@code sum_k J_ik^2 (1 - m_k^2)} at the solution. */
        private double onsagerAt(int i) {
            double r = 0;
            for (int k = 0; k < n; k++) {
                double c = j[i * n + k];
                r += c * c * (1 - m[k] * m[k]);
            }
            return r;
        }

        private Enumeration.Moments fromSpins() {
            double[] mean = new double[n];
            double[] second = new double[n * n];
            double[] c = correlation.data;
            boolean binary = domain == Domain.BINARY;
            for (int k = 0; k < n; k++) {
                mean[k] = binary ? (1 + m[k]) / 2 : m[k];
                for (int l = k + 1; l < n; l++) {
                    // The response is symmetric in exact arithmetic; average away the rounding.
                    double ss = 0.5 * (c[k * n + l] + c[l * n + k]) + m[k] * m[l];
                    double v = binary ? (1 + m[k] + m[l] + ss) / 4 : ss;
                    second[k * n + l] = v;
                    second[l * n + k] = v;
                }
            }
            for (int k = 0; k < n; k++) {
                second[k * n + k] = binary ? mean[k] : 1.0;
            }
            return new Enumeration.Moments(Double.NaN, mean, second);
        }

        @Override
        public void covarianceProduct(PairwiseEnergy v, PairwiseEnergy out) {
            throw new IllegalArgumentException("lr auto needs exact or sampled expectations; with " + name + " give lr");
        }

        /** The warm start and the correlations of the last solution. */
        @Override
        public double[] state() {
            double[] s = new double[n + n * n];
            System.arraycopy(m, 0, s, 0, n);
            System.arraycopy(correlation.data, 0, s, n, n * n);
            return s;
        }

        @Override
        public Enumeration.Moments restore(double[] state) {
            if (state.length != n + n * n) {
                throw new IllegalArgumentException("the saved run's " + name + " state has " + state.length
                        + " values, not " + (n + n * n));
            }
            System.arraycopy(state, 0, m, 0, n);
            System.arraycopy(state, n, correlation.data, 0, n * n);
            return fromSpins();
        }

        @Override
        public boolean exact() {
            return false;
        }
    }

    /** Settings of {@code mean_field(...)}. */
    public static final class Builder {
        private double damping = 0.5;
        private int iterations = 1000;
        private double tolerance = 1e-10;

        /** Weight of the old magnetizations in each update, in [0, 1). */
        public Builder damping(double v) {
            this.damping = v;
            return this;
        }

        public Builder iterations(int v) {
            this.iterations = v;
            return this;
        }

        /** Largest change of a magnetization at which the iteration stops. */
        public Builder tolerance(double v) {
            this.tolerance = v;
            return this;
        }

        public MeanFieldExpectation build() {
            check("mean_field", damping, iterations, tolerance);
            return new MeanFieldExpectation(this);
        }

        static void check(String name, double damping, int iterations, double tolerance) {
            if (!(damping >= 0 && damping < 1)) {
                throw new IllegalArgumentException(name + " needs damping in [0, 1), not " + damping);
            }
            if (iterations < 1) {
                throw new IllegalArgumentException(name + " needs iterations of at least 1");
            }
            if (!(tolerance > 0)) {
                throw new IllegalArgumentException(name + " needs a positive tolerance");
            }
        }
    }
}
