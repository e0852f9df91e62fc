package org.thermogen.runtime.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table of figures per training step: the first column is the step counter
 * ({@code epoch} or {@code iteration}), the second the loss that {@code loss.png} plots.
 */
public final class MetricsHistory {
    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    /** {@code new MetricsHistory("epoch", "neg_log_likelihood", "moment_error", "step_size")} */
    public MetricsHistory(String... columns) {
        if (columns.length < 2) {
            throw new IllegalArgumentException("a history needs a step column and a loss column");
        }
        this.columns = List.of(columns);
    }

    public List<String> columns() {
        return columns;
    }

    /** Appends a row with one value per column. */
    public void add(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        rows.add(values.clone());
    }

    public List<double[]> rows() {
        return Collections.unmodifiableList(rows);
    }

    public int size() {
        return rows.size();
    }

    /** The values of one column, in order. */
    public double[] column(String name) {
        int c = columns.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(i)[c];
        }
        return v;
    }

    /** The name of the loss column (the second). */
    public String lossColumn() {
        return columns.get(1);
    }
}
