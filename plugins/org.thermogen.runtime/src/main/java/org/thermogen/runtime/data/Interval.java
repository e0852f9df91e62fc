package org.thermogen.runtime.data;

/**
 * An inclusive range of column indices, written {@code 0..63} in .gen files.
 *
 * <pre>{@code
 * Interval pixels = Interval.of(0, 63);   // 64 columns
 * }</pre>
 *
 * @param from first index, at least 0
 * @param to   last index, at least {@code from}
 */
public record Interval(int from, int to) implements java.io.Serializable {

    public Interval {
        if (from < 0) {
            throw new IllegalArgumentException("a column range starts at 0 or later, not " + from);
        }
        if (to < from) {
            throw new IllegalArgumentException(
                    "the column range " + from + ".." + to + " is empty: write the smaller index first");
        }
    }

    public static Interval of(int from, int to) {
        return new Interval(from, to);
    }

    /** Number of indices in the range. */
    public int size() {
        return to - from + 1;
    }

    public boolean contains(int index) {
        return index >= from && index <= to;
    }

    /** The indices {@code from, from + 1, ..., to}. */
    public int[] indices() {
        int[] r = new int[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    /** {@code 0..63}. */
    @Override
    public String toString() {
        return from + ".." + to;
    }
}
