package org.thermogen.runtime.sample;

import java.util.Locale;
import java.util.Optional;

/**
 * How much work a method's settings ask of the machine, counted in unit updates (one unit of
 * one chain moved once), held against a limit so that settings no machine finishes
 * ({@code sweeps 2e9} on a million chains) are refused before anything runs, with the figure,
 * the time it would take and the limit. The limit ({@value #DEFAULT_LIMIT}, hours on one
 * core) is raised with {@code --max-work N} on the command line, which sets the system
 * property {@value #PROPERTY}, for a user who really means it.
 */
public final class Work {
    /** The system property that raises (or lowers) the limit: a number of unit updates. */
    public static final String PROPERTY = "thermogen.maxWork";
    /** The limit without the property: about three hours at {@link #RATE}. */
    public static final double DEFAULT_LIMIT = 1e13;
    /** Unit updates per second one core makes, the order of a heat-bath sweep's: for the time in messages. */
    static final double RATE = 1e9;

    private Work() {
    }

    /**
     * The limit in force.
     *
     * @throws IllegalArgumentException if the property is set to something other than a positive number
     */
    public static double limit() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) {
            return DEFAULT_LIMIT;
        }
        double d;
        try {
            d = Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!(d > 0)) {
            throw new IllegalArgumentException("the work limit (--max-work, " + PROPERTY + ") must be a positive number"
                    + " of unit updates, not " + v);
        }
        return d;
    }

    /**
     * Why {@code updates} unit updates are too many, if they are beyond the limit.
     *
     * @param who     the method, for the message: {@code gibbs}
     * @param updates the unit updates its settings make
     * @param how     where they come from, in .gen words: {@code chains 64 x (burnin 200 + sweeps 1000) x 16 units}
     * @param fewer   what to lower: {@code fewer chains or sweeps}
     */
    public static Optional<String> refusal(String who, double updates, String how, String fewer) {
        double limit = limit();
        if (!(updates > limit)) {
            return Optional.empty();
        }
        return Optional.of(who + " makes about " + figure(updates) + " unit updates (" + how + "), " + duration(updates)
                + " at " + figure(RATE) + " a second; the limit is " + figure(limit) + " (" + duration(limit) + "): use "
                + fewer + ", or raise the limit with --max-work " + figure(Math.ceil(updates / Math.pow(10,
                        Math.floor(Math.log10(updates)) - 1)) * Math.pow(10, Math.floor(Math.log10(updates)) - 1)));
    }

    /** {@code 3.2e15}, {@code 1e13}, {@code 640000}. */
    static String figure(double v) {
        if (v < 1e7 && v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        int exponent = (int) Math.floor(Math.log10(v));
        double mantissa = v / Math.pow(10, exponent);
        String m = String.format(Locale.ROOT, "%.1f", mantissa);
        if (m.equals("10.0")) {
            m = "1.0";
            exponent++;
        }
        return (m.endsWith(".0") ? m.substring(0, m.length() - 2) : m) + "e" + exponent;
    }

    /** The time {@code updates} take at {@link #RATE}, in the largest unit that fits: {@code about 37 days}. */
    static String duration(double updates) {
        double s = updates / RATE;
        if (s < 120) {
            return "about " + Math.round(s) + " seconds";
        }
        if (s < 2 * 3600) {
            return "about " + Math.round(s / 60) + " minutes";
        }
        if (s < 2 * 86400) {
            return "about " + Math.round(s / 3600) + " hours";
        }
        if (s < 2 * 365 * 86400) {
            return "about " + Math.round(s / 86400) + " days";
        }
        return "about " + figure(Math.round(s / (365 * 86400.0))) + " years";
    }
}
