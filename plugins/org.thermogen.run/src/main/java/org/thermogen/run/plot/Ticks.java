package org.thermogen.run.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at "nice" numbers: steps of 1, 2 or 5 times a power of ten on linear axes,
 * powers of ten (or 1-2-5 within them) on logarithmic axes. The axis range is widened to
 * the outermost ticks, so the data never touches the frame between two labels.
 *
 * <pre>{@code
 * Ticks t = Ticks.linear(0.13, 9.7, 6);   // values 0, 2, 4, 6, 8, 10
 * }</pre>
 *
 * Tick values are computed as {@code k * m / 10^d} from integers, so {@code 0.6} is the
 * double {@code 0.6}, not {@code 3 * 0.2 = 0.6000000000000001}.
 */
public final class Ticks {
    private static final int[] MANTISSAS = {1, 2, 5};

    private final double low;
    private final double high;
    private final double[] values;
    private final String[] labels;

    private Ticks(double low, double high, double[] values, String[] labels) {
        this.low = low;
        this.high = high;
        this.values = values;
        this.labels = labels;
    }

    /** The axis start (the first tick, unless made by {@link #inside}). */
    public double low() {
        return low;
    }

    /** The axis end (the last tick, unless made by {@link #inside}). */
    public double high() {
        return high;
    }

    /** The tick values, ascending. */
    public double[] values() {
        return values.clone();
    }

    /** The tick labels, one per value, with as many decimals as the step needs. */
    public String[] labels() {
        return labels.clone();
    }

    /**
     * Ticks for data in {@code [min, max]}: the smallest step {@code m * 10^e}, {@code m} in
     * {1, 2, 5}, whose ticks cover the data in at most {@code maxIntervals} intervals. An
     * empty range is widened around its value.
     */
    public static Ticks linear(double min, double max, int maxIntervals) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("axis range must be finite: " + min + " .. " + max);
        }
        if (maxIntervals < 1) {
            throw new IllegalArgumentException("at least one interval, not " + maxIntervals);
        }
        if (max < min) {
            double t = min;
            min = max;
            max = t;
        }
        if (max == min) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        int e = (int) Math.floor(Math.log10((max - min) / maxIntervals)) - 1;
        while (true) {
            for (int m : MANTISSAS) {
                double step = m * pow10(e);
                // A relative slack keeps 0.6 / 0.2 = 2.9999999999999996 from adding a tick below 0.6.
                long lowK = (long) Math.floor(min / step + 1e-9);
                long highK = (long) Math.ceil(max / step - 1e-9);
                if (highK - lowK <= maxIntervals) {
                    return build(lowK, highK, m, e);
                }
            }
            e++;
        }
    }

    /**
     * Ticks for an axis that must span exactly {@code [min, max]} (an equal-aspect plot):
     * the step {@link #linear} would choose, but only the ticks inside the range, which is
     * kept as it is.
     */
    public static Ticks inside(double min, double max, int maxIntervals) {
        Ticks around = linear(min, max, maxIntervals);
        if (!(max > min)) {
            return around;
        }
        int first = 0;
        int last = around.values.length - 1;
        double slack = 1e-9 * (max - min);
        while (first < last && around.values[first] < min - slack) {
            first++;
        }
        while (last > first && around.values[last] > max + slack) {
            last--;
        }
        return new Ticks(min, max, java.util.Arrays.copyOfRange(around.values, first, last + 1),
                java.util.Arrays.copyOfRange(around.labels, first, last + 1));
    }

    private static Ticks build(long lowK, long highK, int m, int e) {
        int n = (int) (highK - lowK + 1);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = value((lowK + i) * m, e);
        }
        double largest = Math.max(Math.abs(v[0]), Math.abs(v[n - 1]));
        boolean scientific = largest >= 1e6 || e < -5;
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = scientific ? scientific(v[i], largest, e) : fixed(v[i], Math.max(0, -e));
        }
        return new Ticks(v[0], v[n - 1], v, labels);
    }

    /**
     * Ticks for a logarithmic axis over positive data in {@code [min, max]}: every power of
     * ten when the data spans more than two decades (every second, third, ... when there
     * are more than eight), otherwise 1, 2 and 5 times the powers of ten.
     */
    public static Ticks logarithmic(double min, double max) {
        if (!(min > 0) || !(max > 0) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("a logarithmic axis needs positive finite data: " + min + " .. " + max);
        }
        if (max < min) {
            double t = min;
            min = max;
            max = t;
        }
        int lowE = (int) Math.floor(Math.log10(min) + 1e-9);
        int highE = (int) Math.ceil(Math.log10(max) - 1e-9);
        if (highE == lowE) {
            highE++;
        }
        List<Double> v = new ArrayList<>();
        List<String> l = new ArrayList<>();
        if (highE - lowE > 2) {
            int stride = (highE - lowE + 7) / 8;
            lowE = Math.floorDiv(lowE, stride) * stride;
            highE = -Math.floorDiv(-highE, stride) * stride;
            for (int k = lowE; k <= highE; k += stride) {
                v.add(pow10(k));
                l.add(power(k, 1));
            }
        } else {
            for (int k = lowE; k <= highE; k++) {
                for (int m : MANTISSAS) {
                    if (k == highE && m > 1) {
                        break;
                    }
                    v.add(value(m, k));
                    l.add(power(k, m));
                }
            }
        }
        double[] values = v.stream().mapToDouble(Double::doubleValue).toArray();
        return new Ticks(values[0], values[values.length - 1], values, l.toArray(new String[0]));
    }

    /** {@code m * 10^e} rounded once, from the integer {@code m}. */
    private static double value(long m, int e) {
        return e >= 0 ? m * pow10(e) : m / pow10(-e);
    }

    /** {@code 10^e} correctly rounded (the literal {@code 1e<e>}). */
    private static double pow10(int e) {
        return Double.parseDouble("1e" + e);
    }

    private static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v + 0.0);
    }

    private static String scientific(double v, double largest, int e) {
        if (v == 0) {
            return "0";
        }
        int digits = Math.max(1, (int) Math.floor(Math.log10(Math.abs(v))) - e + 1);
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
        String s = d.unscaledValue().abs().toString();
        int exponent = s.length() - 1 - d.scale();
        String mantissa = s.length() == 1 ? s : s.charAt(0) + "." + s.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** {@code 100}, {@code 0.02}, {@code 5e-7}. */
    private static String power(int k, int m) {
        if (k >= -3 && k <= 5) {
            return new BigDecimal(m).scaleByPowerOfTen(k).stripTrailingZeros().toPlainString();
        }
        return m + "e" + k;
    }
}
