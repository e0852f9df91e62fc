package org.thermogen.runtime.nn;

import java.util.Locale;

/**
 * Elementwise nonlinearities of a network layer, with their derivatives. {@link #SIGMOID}
 * and {@link #SOFTPLUS} are evaluated in forms that neither overflow nor lose all digits
 * for large {@code |x|}.
 */
public enum Activation {
    /** {@code max(0, x)}; the derivative at 0 is taken as 0. */
    RELU {
        @Override
        public double value(double x) {
            return x > 0 ? x : 0.0;
        }

        @Override
        public double derivative(double x, double y) {
            return x > 0 ? 1.0 : 0.0;
        }
    },
    TANH {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x, double y) {
            return 1 - y * y;
        }
    },
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID {
        @Override
        public double value(double x) {
            return sigmoid(x);
        }

        @Override
        public double derivative(double x, double y) {
            return y * (1 - y);
        }
    },
    /** {@code log(1 + exp(x))}. */
    SOFTPLUS {
        @Override
        public double value(double x) {
            return softplus(x);
        }

        @Override
        public double derivative(double x, double y) {
            return sigmoid(x);
        }
    },
    /** {@code x sigmoid(x)} (also called swish). */
    SILU {
        @Override
        public double value(double x) {
            return x * sigmoid(x);
        }

        @Override
        public double derivative(double x, double y) {
            double s = sigmoid(x);
            return s + x * s * (1 - s);
        }
    },
    IDENTITY {
        @Override
        public double value(double x) {
            return x;
        }

        @Override
        public double derivative(double x, double y) {
            return 1.0;
        }
    };

    /** The activation at {@code x}. */
    public abstract double value(double x);

    /**
     * The derivative at {@code x}, where {@code y = value(x)} is passed so that activations
     * whose derivative is cheapest from the output ({@link #TANH}, {@link #SIGMOID}) reuse it.
     */
    public abstract double derivative(double x, double y);

    /** The name in .gen syntax: {@code relu}, {@code tanh}, ... */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The activation named {@code keyword} ({@code relu}, {@code tanh}, {@code sigmoid},
     * {@code softplus}, {@code silu}, {@code identity}).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Activation of(String keyword) {
        for (Activation a : values()) {
            if (a.keyword().equals(keyword)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + keyword
                + "': use relu, tanh, sigmoid, softplus, silu or identity");
    }

    /** The logistic function; never evaluates {@code exp} of a positive number, so never overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * {@code log(1 + exp(x))} as {@code max(x, 0) + log1p(exp(-|x|))}: within a few ulps for
     * any x. {@code log1p} of {@code e} in [0, 1] is Goldberg's {@code e log(u) / (u - 1)} with
     * {@code u = 1 + e} (What Every Computer Scientist Should Know About Floating-Point
     * Arithmetic, theorem 4): as accurate as {@code Math.log1p} to a few ulps, on the JIT's
     * intrinsic {@code Math.log} instead of a software routine that took a twelfth of a
     * VAE's training step.
     */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + org.thermogen.runtime.compute.Elementary.log1p(Math.exp(-Math.abs(x)));
    }
}
