package org.thermogen.runtime.energy;

/**
 * Element-wise functions that generated energies call, with their derivatives, computed
 * without overflow for large arguments.
 */
public final class Functions {
    private Functions() {
    }

    /** {@code log(1 + exp(x))}. */
    public static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** {@code 1 / (1 + exp(-x))}: also the derivative of softplus. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** {@code log(cosh(x))}: the marginal of a spin unit is {@code 2 cosh(field)}. */
    public static double logcosh(double x) {
        double a = Math.abs(x);
        return a + Math.log1p(Math.exp(-2.0 * a)) - Math.log(2.0);
    }

    /** Derivative of {@link #sigmoid}. */
    public static double sigmoidDerivative(double x) {
        double s = sigmoid(x);
        return s * (1.0 - s);
    }

    /** Derivative of {@code tanh}. */
    public static double tanhDerivative(double x) {
        double t = Math.tanh(x);
        return 1.0 - t * t;
    }
}
