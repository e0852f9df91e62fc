package org.thermogen.runtime.train;

/**
 * A setting that may change over training: {@code lr 0.05} stays, {@code momentum 0.5 -> 0.9}
 * moves linearly from its first value (at the start) to its second (at the last epoch).
 */
public final class Schedule {
    private final double from;
    private final double to;

    private Schedule(double from, double to) {
        this.from = from;
        this.to = to;
    }

    public static Schedule constant(double value) {
        return new Schedule(value, value);
    }

    /** {@code from -> to}. */
    public static Schedule ramp(double from, double to) {
        return new Schedule(from, to);
    }

    /** The value at {@code progress} in [0, 1] (the fraction of training done). */
    public double at(double progress) {
        double p = Math.max(0, Math.min(1, progress));
        return from + (to - from) * p;
    }

    public double first() {
        return from;
    }

    public double last() {
        return to;
    }

    public boolean isConstant() {
        return from == to;
    }

    /** {@code 0.05} or {@code 0.5 -> 0.9}. */
    public String describe() {
        return isConstant() ? Double.toString(from) : from + " -> " + to;
    }
}
