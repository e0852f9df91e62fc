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
        return new Normal(mean, std, -1);
    }

    /**
     * Normal draws from a stream of their own when {@code seed} is 0 or more ({@code init
     * normal(0, 1, seed 7)}): the same values whatever the run's seed, as a fixed random
     * coupling matrix (a spin glass's) needs; the run's stream when it is negative.
     */
    static Init normal(double mean, double std, int seed) {
        return new Normal(mean, std, seed);
    }

    static Init uniform(double low, double high) {
        return new Uniform(low, high, -1);
    }

    /** Uniform draws, from a stream of their own when {@code seed} is 0 or more (see {@link #normal(double, double, int)}). */
    static Init uniform(double low, double high, int seed) {
        return new Uniform(low, high, seed);
    }

    /** The stream a random init draws from: its own for a seed of 0 or more, else the run's. */
    private static SplittableRandom stream(int seed, SplittableRandom run) {
        return seed >= 0 ? new SplittableRandom(seed) : run;
    }

    /** The identity matrix (for square matrices, and for each matrix of a stack {@code [K, D, D]}), ones for scalars and vectors. */
    static Init identity() {
        return new Identity();
    }

    /** Every weight {@code 1/K} for a vector of {@code K}: the uniform point of a simplex (the default for {@code simplex}). */
    static Init uniformWeights() {
        return new UniformWeights();
    }

    /**
     * Glorot and Bengio (2010) for a weight matrix of shape {@code [fanIn, fanOut]}: variance
     * {@code 2 / (fanIn + fanOut)}, from a uniform law on {@code +-sqrt(6 / (fanIn + fanOut))}
     * or a normal law. Keeps activations and gradients at the same scale through tanh,
     * sigmoid and linear layers.
     */
    static Init xavier(boolean normal) {
        return new Xavier(normal);
    }

    /**
     * He et al. (2015) for a weight matrix of shape {@code [fanIn, fanOut]}: variance
     * {@code 2 / fanIn}, uniform on {@code +-sqrt(6 / fanIn)} or normal. Compensates the half
     * of the signal that relu-like activations discard.
     */
    static Init he(boolean normal) {
        return new He(normal);
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

    /** @param seed the draws' own stream's seed, or -1 for the run's stream */
    record Normal(double mean, double std, int seed) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            SplittableRandom r = stream(seed, random);
            for (int i = 0; i < shape.size(); i++) {
                out[offset + i] = mean + std * r.nextGaussian();
            }
        }
    }

    /** @param seed the draws' own stream's seed, or -1 for the run's stream */
    record Uniform(double low, double high, int seed) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            SplittableRandom r = stream(seed, random);
            for (int i = 0; i < shape.size(); i++) {
                out[offset + i] = low + (high - low) * r.nextDouble();
            }
        }
    }

    record UniformWeights() implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            java.util.Arrays.fill(out, offset, offset + shape.size(), 1.0 / shape.size());
        }
    }

    record Identity() implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            int rank = shape.rank();
            if (rank >= 2 && shape.dim(rank - 1) == shape.dim(rank - 2)) {
                // A square matrix, or a stack of them (Sigma[K,D,D] of a mixture): each one the identity.
                int n = shape.dim(rank - 1);
                java.util.Arrays.fill(out, offset, offset + shape.size(), 0.0);
                for (int block = offset; block < offset + shape.size(); block += n * n) {
                    for (int i = 0; i < n; i++) {
                        out[block + i * n + i] = 1.0;
                    }
                }
            } else {
                java.util.Arrays.fill(out, offset, offset + shape.size(), 1.0);
            }
        }
    }

    /** See {@link #xavier}. For a vector or scalar, fan-in and fan-out are both its size. */
    record Xavier(boolean normal) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            int fanIn = shape.rank() >= 2 ? shape.dim(0) : shape.size();
            int fanOut = shape.size() / fanIn;
            fillScaled(normal, 2.0 / (fanIn + fanOut), shape.size(), out, offset, random);
        }
    }

    /** See {@link #he}. For a vector or scalar, the fan-in is its size. */
    record He(boolean normal) implements Init {
        @Override
        public void fill(Shape shape, double[] out, int offset, SplittableRandom random) {
            int fanIn = shape.rank() >= 2 ? shape.dim(0) : shape.size();
            fillScaled(normal, 2.0 / fanIn, shape.size(), out, offset, random);
        }
    }

    /** Zero-mean values of the given variance: normal, or uniform on {@code +-sqrt(3 variance)}. */
    private static void fillScaled(boolean normal, double variance, int n, double[] out, int offset,
            SplittableRandom random) {
        if (normal) {
            double std = Math.sqrt(variance);
            for (int i = 0; i < n; i++) {
                out[offset + i] = std * random.nextGaussian();
            }
        } else {
            double limit = Math.sqrt(3 * variance);
            for (int i = 0; i < n; i++) {
                out[offset + i] = limit * (2 * random.nextDouble() - 1);
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
