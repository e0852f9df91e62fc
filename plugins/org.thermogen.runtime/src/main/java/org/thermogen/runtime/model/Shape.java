package org.thermogen.runtime.model;

import java.util.Arrays;

/**
 * The dimensions of a variable or parameter; the empty shape is a scalar. Elements are
 * stored row-major: the last index varies fastest.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        int s = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive: " + Arrays.toString(dims));
            }
            s = Math.multiplyExact(s, d);
        }
        this.dims = dims;
        this.size = s;
    }

    /** {@code Shape.of(16, 16)} is a 16 by 16 matrix; {@code Shape.of()} a scalar. */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    public boolean isSquareMatrix() {
        return dims.length == 2 && dims[0] == dims[1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [16,16]}, or the empty string for a scalar. */
    @Override
    public String toString() {
        if (dims.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ",").append(dims[i]);
        }
        return b.append(']').toString();
    }
}
