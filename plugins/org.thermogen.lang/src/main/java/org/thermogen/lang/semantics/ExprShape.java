package org.thermogen.lang.semantics;

import java.util.Arrays;

/**
 * The shape of an expression: a scalar, a vector (a column, or a row once transposed),
 * a matrix or a higher tensor. {@link #UNKNOWN} follows an error already reported, so
 * one mistake gives one message.
 */
public final class ExprShape {
    public static final ExprShape SCALAR = new ExprShape(new int[0], false, false);
    public static final ExprShape UNKNOWN = new ExprShape(new int[0], false, true);

    private final int[] dims;
    private final boolean row;
    private final boolean unknown;

    private ExprShape(int[] dims, boolean row, boolean unknown) {
        this.dims = dims;
        this.row = row;
        this.unknown = unknown;
    }

    public static ExprShape of(int... dims) {
        return dims.length == 0 ? SCALAR : new ExprShape(dims.clone(), false, false);
    }

    public static ExprShape row(int n) {
        return new ExprShape(new int[] {n}, true, false);
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

    public boolean isScalar() {
        return !unknown && dims.length == 0;
    }

    public boolean isVector() {
        return !unknown && dims.length == 1;
    }

    public boolean isColumn() {
        return isVector() && !row;
    }

    public boolean isRow() {
        return isVector() && row;
    }

    public boolean isMatrix() {
        return !unknown && dims.length == 2;
    }

    public boolean isSquare() {
        return isMatrix() && dims[0] == dims[1];
    }

    public boolean isUnknown() {
        return unknown;
    }

    public int size() {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }

    /** The transpose: a column becomes a row and back, a matrix swaps its axes. */
    public ExprShape transposed() {
        if (unknown || dims.length == 0) {
            return this;
        }
        if (dims.length == 1) {
            return new ExprShape(dims, !row, false);
        }
        int[] t = dims.clone();
        t[0] = dims[1];
        t[1] = dims[0];
        return new ExprShape(t, false, false);
    }

    /** The shape left after fixing the first {@code k} indices. */
    public ExprShape dropLeading(int k) {
        return of(Arrays.copyOfRange(dims, k, dims.length));
    }

    /** Same dimensions, ignoring row/column orientation. */
    public boolean sameDims(ExprShape o) {
        return Arrays.equals(dims, o.dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExprShape s && s.unknown == unknown && s.row == row && Arrays.equals(s.dims, dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims) * 31 + (row ? 1 : 0);
    }

    /** How messages show it: {@code a scalar}, {@code [16]}, {@code [16]'}, {@code [64,100]}. */
    @Override
    public String toString() {
        if (unknown) {
            return "?";
        }
        if (dims.length == 0) {
            return "a scalar";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            b.append(i == 0 ? "" : ",").append(dims[i]);
        }
        b.append(']');
        if (row) {
            b.append('\'');
        }
        return b.toString();
    }
}
