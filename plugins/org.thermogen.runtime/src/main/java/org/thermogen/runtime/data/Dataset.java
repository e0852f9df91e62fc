package org.thermogen.runtime.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A table of examples: {@code rows} by {@code columns} doubles, row-major. Immutable.
 * Optional integer labels ride along (a CSV's label column) but are never model input.
 */
public final class Dataset {
    private final String name;
    private final int rows;
    private final int columns;
    private final double[] values;
    private final int[] labels;
    private final List<String> columnNames;

    /**
     * @param values {@code rows * columns} values, row-major; not copied, do not modify
     * @param labels one label per row, or null
     */
    public Dataset(String name, int rows, int columns, double[] values, int[] labels) {
        this(name, rows, columns, values, labels, null);
    }

    /**
     * @param columnNames the columns' names (a CSV's header), or null
     * @throws IllegalArgumentException if the names are not one per column
     */
    public Dataset(String name, int rows, int columns, double[] values, int[] labels, List<String> columnNames) {
        if (columnNames != null && columnNames.size() != columns) {
            throw new IllegalArgumentException(columns + " column names expected, got " + columnNames.size());
        }
        this.columnNames = columnNames == null ? null : List.copyOf(columnNames);
        if (values.length != (long) rows * columns) {
            throw new IllegalArgumentException(rows + " x " + columns + " values expected, got " + values.length);
        }
        if (labels != null && labels.length != rows) {
            throw new IllegalArgumentException(rows + " labels expected, got " + labels.length);
        }
        this.name = name;
        this.rows = rows;
        this.columns = columns;
        this.values = values;
        this.labels = labels;
    }

    /** {@code Spins16.train}. */
    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public double get(int row, int column) {
        return values[row * columns + column];
    }

    /** The backing array, row-major. Do not modify. */
    public double[] values() {
        return values;
    }

    /** Copies row {@code row} into {@code out[0 .. columns)}. */
    public void row(int row, double[] out) {
        System.arraycopy(values, row * columns, out, 0, columns);
    }

    /** The columns' names as the source gave them (a CSV's header), if it did. */
    public Optional<List<String>> columnNames() {
        return Optional.ofNullable(columnNames);
    }

    /** Labels, one per row, or null. Do not modify. */
    public int[] labels() {
        return labels;
    }

    /** The rows at {@code indices}, in that order, under a new name. */
    public Dataset select(String newName, int[] indices) {
        double[] v = new double[indices.length * columns];
        int[] l = labels == null ? null : new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(values, indices[i] * columns, v, i * columns, columns);
            if (l != null) {
                l[i] = labels[indices[i]];
            }
        }
        return new Dataset(newName, indices.length, columns, v, l, columnNames);
    }

    /** The same values under another name. */
    public Dataset named(String newName) {
        return new Dataset(newName, rows, columns, values, labels);
    }

    /** SHA-256 of the shape and the values as IEEE doubles: what provenance records. */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8 * 1024);
            buf.putInt(rows).putInt(columns);
            for (double v : values) {
                if (buf.remaining() < 8) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putDouble(v);
            }
            md.update(buf.array(), 0, buf.position());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + rows + " x " + columns + ")";
    }
}
