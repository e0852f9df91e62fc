package org.thermogen.runtime.data;

import java.util.Optional;

/**
 * The transforms a {@code dataset} declaration can apply, in .gen syntax
 * {@code scale 1/16 binarize 0.5 spins}; each returns a new dataset and leaves its input alone.
 *
 * <pre>{@code
 * DatasetDefinition digits = DatasetDefinition.builder("Digits", "digits.gen", 3)
 *         .source(CsvSource.builder().path("data/digits.csv").label(64).build())
 *         .transform(Transforms.scale(0.0625))
 *         .transform(Transforms.binarize(0.5))
 *         .build();
 * }</pre>
 */
public final class Transforms {
    private Transforms() {
    }

    /** Multiplies every value by {@code factor}: {@code scale 1/16}. */
    public static Transform scale(double factor) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale needs a finite factor, not " + factor);
        }
        return new Scale(factor);
    }

    /** Maps values above {@code threshold} to 1 and the rest to 0: {@code binarize 0.5}. */
    public static Transform binarize(double threshold) {
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("binarize needs a threshold number such as 0.5");
        }
        return new Binarize(threshold);
    }

    /** {@code binarize} with the default threshold 0.5. */
    public static Transform binarize() {
        return new Binarize(0.5);
    }

    /**
     * Maps 0 to -1 and 1 to +1: {@code spins}. Any other value is a {@link DataException}
     * naming the dataset, the row (from 1) and the column (from 0).
     */
    public static Transform spins() {
        return new Spins();
    }

    /**
     * Gives every column zero mean and unit variance (the variance with divisor n, so that
     * the result's variance is exactly 1): {@code standardize}. Constant columns become zero.
     * In a split dataset the mean and deviation are those of the split's first part (the rows
     * trained on), applied to every part, so that no held-out row leaks into training.
     */
    public static Transform standardize() {
        return new Standardize();
    }

    /** True for {@link #standardize()}, whose fit is the columns' means and deviations ({@link #standardized}). */
    public static boolean standardizes(Transform t) {
        return t instanceof Standardize;
    }

    /**
     * {@code standardize} with its fit given: {@code z = (x - mean) * inverseStd}, and the
     * inverse. For rows kept elsewhere, whose means and deviations are summed where they are.
     *
     * @param inverseStd one over each column's population deviation; 0 for a constant column
     */
    public static Transform.Fitted standardized(Dataset data, double[] mean, double[] inverseStd) {
        return Standardize.standardized(data, mean.clone(), inverseStd.clone());
    }

    /** Adds {@code offset} to every value ({@code scale 2 shift -1} maps [0, 1] to [-1, 1]). */
    public static Transform shift(double offset) {
        return new Shift(offset);
    }

    private record Shift(double offset) implements Transform, java.io.Serializable {
        @Override
        public boolean rowWise() {
            return true;
        }

        @Override
        public String describe() {
            return "shift " + GenNumbers.format(offset);
        }

        @Override
        public Dataset apply(Dataset data) {
            double[] in = data.values();
            double[] out = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[i] + offset;
            }
            return new Dataset(data.name(), data.rows(), data.columns(), out, data.labels());
        }

        @Override
        public Fitted fit(Dataset data, int[] fitRows) {
            return new Fitted(apply(data), Optional.of((values, columns) -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] -= offset;
                }
            }));
        }
    }

    private record Scale(double factor) implements Transform, java.io.Serializable {
        @Override
        public boolean rowWise() {
            return true;
        }

        @Override
        public String describe() {
            // 0.0625 reads better as the 1/16 a person wrote.
            double inverse = 1.0 / factor;
            if (Math.abs(factor) < 1 && inverse == Math.rint(inverse) && Math.abs(inverse) < 1e9
                    && 1.0 / inverse == factor) {
                return "scale " + (inverse < 0 ? "-" : "") + "1/" + (long) Math.abs(inverse);
            }
            return "scale " + GenNumbers.format(factor);
        }

        @Override
        public Dataset apply(Dataset data) {
            double[] in = data.values();
            double[] out = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[i] * factor;
            }
            return new Dataset(data.name(), data.rows(), data.columns(), out, data.labels());
        }

        @Override
        public Fitted fit(Dataset data, int[] fitRows) {
            return new Fitted(apply(data), factor == 0 ? Optional.empty() : Optional.of((values, columns) -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] /= factor;
                }
            }));
        }
    }

    private record Binarize(double threshold) implements Transform, java.io.Serializable {
        @Override
        public boolean rowWise() {
            return true;
        }

        @Override
        public String describe() {
            return "binarize " + GenNumbers.format(threshold);
        }

        @Override
        public Dataset apply(Dataset data) {
            double[] in = data.values();
            double[] out = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                out[i] = in[i] > threshold ? 1.0 : 0.0;
            }
            return new Dataset(data.name(), data.rows(), data.columns(), out, data.labels());
        }
    }

    private record Spins() implements Transform, java.io.Serializable {
        @Override
        public boolean rowWise() {
            return true;
        }

        @Override
        public String describe() {
            return "spins";
        }

        @Override
        public Dataset apply(Dataset data) {
            double[] in = data.values();
            double[] out = new double[in.length];
            for (int i = 0; i < in.length; i++) {
                double v = in[i];
                if (v == 0.0) {
                    out[i] = -1.0;
                } else if (v == 1.0) {
                    out[i] = 1.0;
                } else {
                    throw new DataException(data.name(), 0, "row " + (i / data.columns() + 1) + ", column "
                            + i % data.columns() + " holds " + v + ", but spins maps only 0 and 1"
                            + " to -1 and +1: put binarize before spins");
                }
            }
            return new Dataset(data.name(), data.rows(), data.columns(), out, data.labels());
        }
    }

    private record Standardize() implements Transform, java.io.Serializable {
        @Override
        public String describe() {
            return "standardize";
        }

        @Override
        public Dataset apply(Dataset data) {
            return apply(data, null);
        }

        /** The mean and deviation of {@code fitRows} (all rows for null), applied to every row. */
        @Override
        public Dataset apply(Dataset data, int[] fitRows) {
            return fit(data, fitRows).result();
        }

        /** The inverse: {@code x = z sd + mean}; a constant column (standardized to 0) goes back to its value. */
        @Override
        public Fitted fit(Dataset data, int[] fitRows) {
            double[] mean = new double[data.columns()];
            double[] inverseStd = new double[data.columns()];
            moments(data, fitRows, mean, inverseStd);
            return standardized(data, mean, inverseStd);
        }

        private static Fitted standardized(Dataset data, double[] mean, double[] inverseStd) {
            int rows = data.rows();
            int cols = data.columns();
            double[] in = data.values();
            double[] out = new double[in.length];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = (in[r * cols + c] - mean[c]) * inverseStd[c];
                }
            }
            Inverse back = (values, columns) -> {
                if (columns != cols) {
                    throw new IllegalArgumentException("standardize was fitted to " + cols + " columns, not " + columns);
                }
                for (int i = 0; i < values.length; i++) {
                    int c = i % cols;
                    values[i] = inverseStd[c] == 0 ? mean[c] : values[i] / inverseStd[c] + mean[c];
                }
            };
            return new Fitted(new Dataset(data.name(), rows, cols, out, data.labels()), Optional.of(back));
        }

        /** The column means and inverse deviations of {@code fitRows} (all rows for null); 0 for a constant column. */
        private static void moments(Dataset data, int[] fitRows, double[] mean, double[] inverseStd) {
            int rows = data.rows();
            int cols = data.columns();
            double[] in = data.values();
            int[] fit = fitRows == null || fitRows.length == 0 ? null : fitRows;
            int n = fit == null ? rows : fit.length;
            for (int k = 0; k < n; k++) {
                int r = fit == null ? k : fit[k];
                for (int c = 0; c < cols; c++) {
                    mean[c] += in[r * cols + c];
                }
            }
            for (int c = 0; c < cols; c++) {
                mean[c] /= n;
            }
            // Two passes: subtracting the mean first keeps the variance accurate for data far from 0.
            double[] var = new double[cols];
            for (int k = 0; k < n; k++) {
                int r = fit == null ? k : fit[k];
                for (int c = 0; c < cols; c++) {
                    double d = in[r * cols + c] - mean[c];
                    var[c] += d * d;
                }
            }
            // A constant column is tested exactly: its computed mean may differ from the value by
            // a rounding error, and dividing that by a tiny deviation would turn it into noise.
            boolean[] varies = new boolean[cols];
            int first = fit == null ? 0 : fit[0];
            for (int k = 1; k < n; k++) {
                int r = fit == null ? k : fit[k];
                for (int c = 0; c < cols; c++) {
                    varies[c] |= in[r * cols + c] != in[first * cols + c];
                }
            }
            for (int c = 0; c < cols; c++) {
                inverseStd[c] = varies[c] ? 1.0 / Math.sqrt(var[c] / n) : 0.0;
            }
        }
    }
}
