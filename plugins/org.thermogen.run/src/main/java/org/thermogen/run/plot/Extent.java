package org.thermogen.run.plot;

/** The smallest and largest of the finite values seen so far. */
final class Extent {
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
        if (Double.isFinite(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    void addAll(double[] v) {
        for (double d : v) {
            add(d);
        }
    }

    boolean isEmpty() {
        return min > max;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    /** {min, max}, or null if nothing finite was seen. */
    double[] toArray() {
        return isEmpty() ? null : new double[] {min, max};
    }
}
