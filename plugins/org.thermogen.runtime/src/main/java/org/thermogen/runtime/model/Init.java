package org.thermogen.runtime.model;

import java.util.SplittableRandom;

/**
 * How a parameter starts before training: {@code init zeros}, {@code init normal(0, 0.01)},
 * {@code init identity}, a constant, or fixed values.
 */
public sealed interface Init {

    /** Writes {@code shape.size()} initial values into {@code out} at {@code offset}. */
    void fill(Shape shape, double[] out, int offset, SplittableRandom random);

    static Init zeros() {
        return new Constant(0.0);
    }

    static Init constant(double value) {
        return new Constant(value);
    }

    static Init normal(double mean, double std) {
        return new Normal(mean, std);
    }

    static Init uniform(double low, double high) {
        return new Uniform(low, high);
    }

    /** The identity matrix (for square matrices), ones for scalars and vectors. */
    static Init identity() {
        return new Identity();
    }

    /** Explicit values in row-major order. */
    static Init values(double... values) {
        return new Values(values.clone());
    }

    record Constant(double value) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            java.util.Arrays.fill(out, offset, offset + shape.size(), value);
        }
    }

    record Normal(double mean, double std) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            for (int i = 0; i < shape.size(); i++) {
                out[offset + i] = mean + std * random.nextGaussian();
            }
        }
    }

    record Uniform(double low, double high) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            for (int i = 0; i < shape.size(); i++) {
                out[offset + i] = low + (high - low) * random.nextDouble();
            }
        }
    }

    record Identity() implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            if (shape.isSquareMatrix()) {
                int n = shape.dim(0);
                java.util.Arrays.fill(out, offset, offset + n * n, 0.0);
                for (int i = 0; i < n; i++) {
                    out[offset + i * n + i] = 1.0;
                }
            } else {
                java.util.Arrays.fill(out, offset, offset + shape.size(), 1.0);
            }
        }
    }

    record Values(double[] values) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            if (values.length != shape.size()) {
                throw new IllegalArgumentException(
                        "expected " + shape.size() + " initial values, got " + values.length);
            }
            System.arraycopy(values, 0, out, offset, values.length);
        }
    }
}
