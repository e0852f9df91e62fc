package org.thermogen.runtime.train;

import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * Thouless-Anderson-Palmer moments, without sampling ({@code expectation tap(damping 0.5,
 * iterations 1000, tolerance 1e-10)}): naive mean field ({@link MeanFieldExpectation}) with
 * the Onsager reaction term, the second order of the Plefka expansion,
 * {@code m_i = tanh(h_i + sum_j J_ij m_j - m_i sum_j J_ij^2 (1 - m_j^2))}. Pair moments by
 * linear response of these equations (Kappen and Rodriguez 1998; Tanaka 1998):
 * {@code (C^-1)_ij = delta_ij (1 / (1 - m_i^2) + sum_k J_ik^2 (1 - m_k^2)) - J_ij - 2 J_ij^2 m_i m_j}.
 * Exact to one more order in the couplings than naive mean field, so closer to the true
 * moments when couplings are weak. Binary units are mapped to spins exactly, iteration
 * and warm starts are as in {@link MeanFieldExpectation}, and trainers must be given a
 * step size.
 *
 * <p>Defaults: {@code damping 0.5}, {@code iterations 1000}, {@code tolerance 1e-10}.
 */
public final class TapExpectation implements Expectation {
    private final double damping;
    private final int iterations;
    private final double tolerance;

    private TapExpectation(Builder b) {
        this.damping = b.damping;
        this.iterations = b.iterations;
        this.tolerance = b.tolerance;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "tap(damping " + damping + ", iterations " + iterations + ", tolerance " + tolerance + ")";
    }

    @Override
    public Engine start(ModelSpec spec, RunContext context) {
        return new MeanFieldExpectation.Solver(spec, context, "tap", true, damping, iterations, tolerance);
    }

    /** Settings of {@code tap(...)}. */
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

        public TapExpectation build() {
            MeanFieldExpectation.Builder.check("tap", damping, iterations, tolerance);
            return new TapExpectation(this);
        }
    }
}
