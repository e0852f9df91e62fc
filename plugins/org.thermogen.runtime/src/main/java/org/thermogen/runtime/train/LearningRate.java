package org.thermogen.runtime.train;

/**
 * A step size: {@code lr 0.05}, or {@code lr auto} = {@code 1 / lambda_max} of the Hessian,
 * the bound under which a gradient step cannot increase the objective (notes 01, (2.44)).
 */
public final class LearningRate {
    private static final LearningRate AUTO = new LearningRate(Double.NaN);

    private final double value;

    private LearningRate(double value) {
        this.value = value;
    }

    public static LearningRate auto() {
        return AUTO;
    }

    public static LearningRate constant(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("a learning rate is a positive number, not " + value);
        }
        return new LearningRate(value);
    }

    public boolean isAuto() {
        return Double.isNaN(value);
    }

    /** The fixed step; NaN for {@code auto}. */
    public double value() {
        return value;
    }

    public String describe() {
        return isAuto() ? "auto" : Double.toString(value);
    }
}
