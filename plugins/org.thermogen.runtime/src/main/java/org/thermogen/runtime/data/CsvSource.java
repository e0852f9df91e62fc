package org.thermogen.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Rows of a CSV file, {@code csv("data/digits.csv", features 0..63, label 64)} in a .gen file.
 *
 * <pre>{@code
 * DataSource digits = CsvSource.builder()
 *         .path("data/digits.csv")          // relative to the .gen file's folder
 *         .features(Interval.of(0, 63))
 *         .label(64)
 *         .build();
 * Dataset d = digits.read(Path.of("examples"), "Digits");
 * }</pre>
 *
 * <p>Columns count from 0, in {@code features}, {@code label} and in messages. Every data
 * line must have as many fields as the first line; blank lines are skipped. Fields may be
 * enclosed in double quotes. A file whose name ends in {@code .gz} is decompressed on the
 * fly. The file is streamed: only the selected values are kept.
 *
 * <p>Defaults: all columns except the label are features, no label, a header is detected
 * (a first line with a field that is not a number is a header), delimiter {@code ","}. A
 * blank delimiter ({@code " "} or a tab) splits at every run of spaces and tabs.
 */
public final class CsvSource implements DataSource, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final Interval featureRange;
    private final int[] featureList;
    private final int label;
    private final Boolean header;
    private final String delimiter;

    private CsvSource(Builder b) {
        this.path = b.path;
        this.featureRange = b.featureRange;
        this.featureList = b.featureList;
        this.label = b.label;
        this.header = b.header;
        this.delimiter = b.delimiter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The path as written in the .gen file. */
    public String path() {
        return path;
    }

    /**
     * The same source reading another file ({@code thermogen run --data FILE}): the same
     * columns, label, header and delimiter.
     */
    public CsvSource withPath(String other) {
        Builder b = new Builder().path(other).label(label).delimiter(delimiter);
        if (featureRange != null) {
            b.features(featureRange);
        } else if (featureList != null) {
            b.features(featureList);
        }
        if (header != null) {
            b.header(header);
        }
        return b.build();
    }

    /** The label's column, or -1 without one. */
    public int label() {
        return label;
    }

    /** The feature columns of a file of {@code columns} columns, in the order they are kept. */
    public int[] featureColumns(int columns) {
        Reading r = new Reading();
        r.columns = columns;
        return r.selectedColumns();
    }

    /**
     * Lines of this source's file parsed as {@link #read} parses the whole file, for readers that
     * split a file between machines (Spark's executors, each with its part of the lines).
     * {@code firstLine} is the file's first line that is not blank: it says how many columns
     * each line has and whether they have a header, and a line equal to a header is skipped
     * wherever it appears (each file of a folder starts with one). The result has no name; a
     * {@link DataException} counts lines from 1 at the first of {@code lines}.
     */
    public Dataset parse(String firstLine, java.util.Iterator<String> lines) {
        Reading r = new Reading();
        r.lineNumber = 1;
        r.accept(firstLine);
        boolean header = r.names != null;
        String headerLine = header ? stripBom(firstLine) : null;
        r.rows = 0;
        r.lineNumber = 0;
        while (lines.hasNext()) {
            String line = stripBom(lines.next());
            r.lineNumber++;
            if (header && line.equals(headerLine)) {
                continue;
            }
            r.accept(line);
        }
        double[] values = Arrays.copyOf(r.values, r.rows * r.selected.length);
        int[] labels = label >= 0 ? Arrays.copyOf(r.labels, r.rows) : null;
        return new Dataset("", r.rows, r.selected.length, values, labels, r.names);
    }

    /** The names of the feature columns in a header {@code firstLine}, or empty if it is a row. */
    public Optional<List<String>> columnNames(String firstLine) {
        Reading r = new Reading();
        r.lineNumber = 1;
        r.accept(firstLine);
        return Optional.ofNullable(r.names);
    }

    private static String stripBom(String line) {
        return !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("csv(").append(GenNumbers.quote(path));
        if (featureRange != null) {
            b.append(", features ").append(featureRange);
        } else if (featureList != null) {
            b.append(", features [");
            for (int i = 0; i < featureList.length; i++) {
                b.append(i == 0 ? "" : ", ").append(featureList[i]);
            }
            b.append(']');
        }
        if (label >= 0) {
            b.append(", label ").append(label);
        }
        if (header != null) {
            b.append(header ? ", header" : ", header false");
        }
        if (!delimiter.equals(",")) {
            b.append(", delimiter ").append(GenNumbers.quote(delimiter));
        }
        return b.append(')').toString();
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        Path file = baseDirectory.resolve(path);
        if (Files.isDirectory(file)) {
            throw new DataException(path, 0, "is a folder, not a file (looked at " + file.toAbsolutePath() + ")");
        }
        if (!Files.exists(file)) {
            throw new DataException(path, 0, "no such file (looked for " + file.toAbsolutePath().normalize() + ")");
        }
        Reading r = new Reading();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                r.lineNumber++;
                r.accept(line);
            }
        } catch (ZipException e) {
            throw new DataException(path, 0, "is not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (AccessDeniedException e) {
            throw new DataException(path, 0, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DataException(path, r.lineNumber, "cannot be read: " + e, e);
        }
        if (r.columns < 0) {
            throw new DataException(path, 0, "the file is empty");
        }
        if (r.rows == 0) {
            throw new DataException(path, 0, "has a header line but no data rows");
        }
        double[] values = Arrays.copyOf(r.values, r.rows * r.selected.length);
        int[] labels = label >= 0 ? Arrays.copyOf(r.labels, r.rows) : null;
        return new Dataset(name, r.rows, r.selected.length, values, labels, r.names);
    }

    /** The state of one pass over the file. */
    private final class Reading {
        int lineNumber;
        int referenceLine;
        int columns = -1;
        int[] selected;
        int rows;
        double[] values = new double[1024];
        int[] labels = new int[256];
        final List<String> fields = new ArrayList<>();
        /** The header's names of the feature columns, or null without a header. */
        List<String> names;

        void accept(String line) {
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                return;
            }
            split(line);
            if (columns < 0) {
                first();
                if (isHeader()) {
                    names = new ArrayList<>();
                    for (int c : selected) {
                        names.add(fields.get(c).strip());
                    }
                    return;
                }
            } else if (fields.size() != columns) {
                throw new DataException(path, lineNumber, "expected " + columns + " columns as on line "
                        + referenceLine + ", found " + fields.size());
            }
            row();
        }

        private void first() {
            columns = fields.size();
            referenceLine = lineNumber;
            if (label >= columns) {
                throw new DataException(path, lineNumber, "label " + label + " is beyond the " + columns
                        + " columns of this line (0.." + (columns - 1) + ")");
            }
            selected = selectedColumns();
            for (int c : selected) {
                if (c >= columns) {
                    throw new DataException(path, lineNumber, "features " + describeFeatures() + " reach column " + c
                            + ", but this line has " + columns + " columns (0.." + (columns - 1) + ")");
                }
            }
            if (selected.length == 0) {
                throw new DataException(path, lineNumber, "has only the label column: no features are left");
            }
        }

        private boolean isHeader() {
            if (header != null) {
                return header;
            }
            for (String f : fields) {
                if (!isNumber(f)) {
                    return true;
                }
            }
            return false;
        }

        private void row() {
            int n = selected.length;
            long need = (long) (rows + 1) * n;
            if (need > values.length) {
                // The rows are copied once more at the end: half the heap holds at most a quarter of it in rows.
                long heap = Runtime.getRuntime().maxMemory();
                long limit = Math.min(Integer.MAX_VALUE - 8L, heap / 4 / Double.BYTES);
                if (need > limit) {
                    throw new DataException(path, lineNumber, "the file holds more than " + rows + " rows of " + n
                            + " values, more than this Java can keep (" + String.format(java.util.Locale.ROOT,
                                    "%.1f GB", heap / 1e9) + " of memory): use a shorter file or give Java more memory"
                            + " (-Xmx)");
                }
                values = Arrays.copyOf(values, (int) Math.min(limit, Math.max(values.length * 2L, need)));
            }
            int base = rows * n;
            for (int j = 0; j < n; j++) {
                values[base + j] = number(selected[j]);
            }
            if (label >= 0) {
                double v = number(label);
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new DataException(path, lineNumber, "column " + label + " holds '" + shorten(fields.get(label))
                            + "', not an integer label");
                }
                if (rows == labels.length) {
                    labels = Arrays.copyOf(labels, labels.length * 2);
                }
                labels[rows] = (int) v;
            }
            rows++;
        }

        private double number(int column) {
            String f = fields.get(column);
            if (f.isEmpty()) {
                throw new DataException(path, lineNumber, "column " + column + " is empty, but a number belongs there");
            }
            if (!isNumber(f)) {
                throw new DataException(path, lineNumber, "column " + column + " holds '" + shorten(f)
                        + "', not a number");
            }
            return Double.parseDouble(f);
        }

        private void split(String line) {
            fields.clear();
            if (delimiter.isBlank()) {
                for (String f : line.strip().split("[ \t]+")) {
                    fields.add(unquote(f));
                }
                return;
            }
            int i = 0;
            int n = line.length();
            while (true) {
                int start = i;
                while (start < n && line.charAt(start) == ' ') {
                    start++;
                }
                if (start < n && line.charAt(start) == '"') {
                    StringBuilder b = new StringBuilder();
                    int j = start + 1;
                    while (j < n) {
                        char c = line.charAt(j);
                        if (c == '"') {
                            if (j + 1 < n && line.charAt(j + 1) == '"') {
                                b.append('"');
                                j += 2;
                                continue;
                            }
                            break;
                        }
                        b.append(c);
                        j++;
                    }
                    if (j >= n) {
                        throw new DataException(path, lineNumber, "a quoted field is not closed");
                    }
                    fields.add(b.toString().strip());
                    int next = line.indexOf(delimiter, j + 1);
                    if (next < 0) {
                        return;
                    }
                    i = next + delimiter.length();
                    continue;
                }
                int next = line.indexOf(delimiter, i);
                if (next < 0) {
                    fields.add(line.substring(i).strip());
                    return;
                }
                fields.add(line.substring(i, next).strip());
                i = next + delimiter.length();
            }
        }

        private String unquote(String f) {
            return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")
                    ? f.substring(1, f.length() - 1).replace("\"\"", "\"")
                    : f;
        }

        private int[] selectedColumns() {
            if (featureRange != null) {
                return featureRange.indices();
            }
            if (featureList != null) {
                return featureList.clone();
            }
            int[] all = new int[label >= 0 ? columns - 1 : columns];
            int k = 0;
            for (int c = 0; c < columns; c++) {
                if (c != label) {
                    all[k++] = c;
                }
            }
            return all;
        }
    }

    private String describeFeatures() {
        if (featureRange != null) {
            return featureRange.toString();
        }
        return Arrays.toString(featureList);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * True for a decimal number as spreadsheets write it ({@code -1}, {@code 0.5}, {@code .5},
     * {@code 1e-4}); false for what {@link Double#parseDouble} also accepts but a CSV never
     * means as a value ({@code NaN}, {@code Infinity}, {@code 1d}, {@code 0x1p3}).
     */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Settings of a {@code csv(...)} source. */
    public static final class Builder {
        private String path;
        private Interval featureRange;
        private int[] featureList;
        private int label = -1;
        private Boolean header;
        private String delimiter = ",";

        private Builder() {
        }

        /** The file, relative to the base directory given to {@link CsvSource#read}. Required. */
        public Builder path(String path) {
            this.path = path;
            return this;
        }

        /** The feature columns, {@code features 0..63}. Default: every column except the label. */
        public Builder features(Interval columns) {
            this.featureRange = columns;
            this.featureList = null;
            return this;
        }

        /** The feature columns in this order, {@code features [0, 2, 5]}. */
        public Builder features(int... columns) {
            this.featureList = columns.clone();
            this.featureRange = null;
            return this;
        }

        /** A column of integer labels kept beside the data (never model input). Default: none. */
        public Builder label(int column) {
            this.label = column;
            return this;
        }

        /** Whether the first line names the columns. Default: detected from the first line. */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The field separator. Default {@code ","}. */
        public Builder delimiter(String delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public CsvSource build() {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("csv needs the path of the file: csv(\"data/file.csv\")");
            }
            if (delimiter == null || delimiter.isEmpty()) {
                throw new IllegalArgumentException("csv delimiter must not be empty");
            }
            if (delimiter.contains("\"")) {
                throw new IllegalArgumentException("csv delimiter must not contain a double quote");
            }
            if (label < -1) {
                throw new IllegalArgumentException("csv label is a column index, 0 or more, not " + label);
            }
            if (featureList != null) {
                if (featureList.length == 0) {
                    throw new IllegalArgumentException("csv features lists no columns");
                }
                for (int c : featureList) {
                    if (c < 0) {
                        throw new IllegalArgumentException("csv features are column indices, 0 or more, not " + c);
                    }
                }
            }
            return new CsvSource(this);
        }
    }
}
