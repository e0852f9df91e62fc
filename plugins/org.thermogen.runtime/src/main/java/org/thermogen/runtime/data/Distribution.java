package org.thermogen.runtime.data;

import java.util.SplittableRandom;

/**
 * A scalar distribution for drawing synthetic parameters:
 * {@code coupling normal(0, 0.3)}, {@code field uniform(-1, 1)}, {@code constant(0.5)}.
 */
public sealed interface Distribution {

    double draw(SplittableRandom random);

    /** The distribution in .gen syntax. */
    String describe();

    static Distribution normal(double mean, double std) {
        return new Normal(mean, std);
    }

    static Distribution uniform(double low, double high) {
        return new Uniform(low, high);
    }

    static Distribution constant(double value) {
        return new Constant(value);
    }

    record Normal(double mean, double std) implements Distribution {
        @Override
        public double draw(SplittableRandom random) {
            return mean + std * random.nextGaussian();
        }

        @Override
        public String describe() {
            return "normal(" + mean + ", " + std + ")";
        }
    }

    record Uniform(double low, double high) implements Distribution {
        @Override
        public double draw(SplittableRandom random) {
            return low + (high - low) * random.nextDouble();
        }

        @Override
        public String describe() {
            return "uniform(" + low + ", " + high + ")";
        }
    }

    record Constant(double value) implements Distribution {
        @Override
        public double draw(SplittableRandom random) {
            return value;
        }

        @Override
        public String describe() {
            return "constant(" + value + ")";
        }
    }
}
