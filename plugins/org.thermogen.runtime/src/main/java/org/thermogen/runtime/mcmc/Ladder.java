package org.thermogen.runtime.mcmc;

import java.util.Arrays;

/**
 * The temperatures of replica exchange, increasing: {@code temperatures geometric(1, 3.5, 16)}
 * or {@code temperatures [1, 1.5, 2]}. A geometric ladder keeps the ratio of neighbouring
 * temperatures constant, which keeps swap acceptance roughly even when the heat capacity
 * varies slowly.
 */
public final class Ladder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] temperatures;
    private final String text;

    private Ladder(double[] temperatures, String text) {
        this.temperatures = temperatures;
        this.text = text;
    }

    /**
     * {@code count} temperatures from {@code min} to {@code max} with a constant ratio:
     * {@code T_k = min * (max / min)^(k / (count - 1))}; the ends are exactly {@code min} and {@code max}.
     */
    public static Ladder geometric(double min, double max, int count) {
        if (!(min > 0) || !(max > min) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("geometric(min, max, count) needs 0 < min < max, not geometric(" + number(min)
                    + ", " + number(max) + ", " + count + ")");
        }
        if (count < 2) {
            throw new IllegalArgumentException("geometric(min, max, count) needs a count of at least 2, not " + count);
        }
        double[] t = new double[count];
        double ratio = max / min;
        for (int k = 0; k < count; k++) {
            t[k] = min * Math.pow(ratio, (double) k / (count - 1));
        }
        t[0] = min;
        t[count - 1] = max;
        return new Ladder(t, "geometric(" + number(min) + ", " + number(max) + ", " + count + ")");
    }

    /** The given temperatures, which must be positive and increasing: {@code [1, 1.5, 2]}. */
    public static Ladder list(double[] temperatures) {
        if (temperatures.length == 0) {
            throw new IllegalArgumentException("temperatures need at least one value: temperatures [1, 1.5, 2]");
        }
        StringBuilder b = new StringBuilder("[");
        for (int k = 0; k < temperatures.length; k++) {
            double t = temperatures[k];
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new IllegalArgumentException("temperatures must be positive and finite, not " + number(t));
            }
            if (k > 0 && !(t > temperatures[k - 1])) {
                throw new IllegalArgumentException("temperatures must increase: " + number(temperatures[k - 1])
                        + " is followed by " + number(t));
            }
            b.append(k == 0 ? "" : ", ").append(number(t));
        }
        return new Ladder(temperatures.clone(), b.append(']').toString());
    }

    /** The temperatures, increasing (a copy). */
    public double[] temperatures() {
        return temperatures.clone();
    }

    public int size() {
        return temperatures.length;
    }

    public double temperature(int k) {
        return temperatures[k];
    }

    /** The index of the temperature closest to 1 (the lower one on a tie). */
    public int closestToOne() {
        int best = 0;
        for (int k = 1; k < temperatures.length; k++) {
            if (Math.abs(temperatures[k] - 1.0) < Math.abs(temperatures[best] - 1.0)) {
                best = k;
            }
        }
        return best;
    }

    /** The ladder in .gen syntax. */
    public String describe() {
        return text;
    }

    @Override
    public String toString() {
        return text + " = " + Arrays.toString(temperatures);
    }

    /** {@code 1} for integers, {@code 1.5} otherwise, as a .gen file would write them. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
