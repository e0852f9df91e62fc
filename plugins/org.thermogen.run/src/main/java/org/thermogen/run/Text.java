package org.thermogen.run;

import java.util.Locale;

/** Numbers and names as the job's files and messages write them. */
final class Text {
    private Text() {
    }

    /**
     * A value for a CSV file: whole numbers without a fraction ({@code -1}, {@code 3}), other
     * finite values exactly ({@link Double#toString}), and {@code nan}, {@code inf},
     * {@code -inf}, which NumPy and pandas read.
     */
    static String csv(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A value for a message: {@code 0}, {@code 1}, {@code 0.5}, {@code NaN}. */
    static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** Six significant digits for people: {@code -7.12346}, {@code 1.5e-05}, {@code 120000}. */
    static String figure(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return e < 0 ? mantissa : mantissa + s.substring(e);
    }

    /** Seconds with millisecond resolution, for run.json. */
    static double seconds(long nanos) {
        return Math.round(nanos / 1e6) / 1e3;
    }

    /** A CSV header field, quoted when it holds the delimiter ({@code "v[2,5]"}). */
    static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
