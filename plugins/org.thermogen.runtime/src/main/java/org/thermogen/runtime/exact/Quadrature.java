package org.thermogen.runtime.exact;

import java.util.function.ToDoubleFunction;
import org.thermogen.runtime.model.EnergyFunction;

/**
 * {@code ln Z = ln integral exp(-E(x)) dx} of an energy on at most {@value #MAX_DIMENSIONS}
 * real units, by the trapezoid rule on a grid, for energies no closed form covers (a double
 * well, a banana).
 *
 * <p>The box is the cube {@code [-L, L]^d} centred on the origin, {@code L} doubled from 1
 * until {@code exp(-E)} on its faces is below {@code 1e-16} of its largest value on the grid
 * (at most {@code L = 2^12}): the mass the box leaves out is then below rounding for an
 * integrand decaying at least exponentially. On a smooth integrand that vanishes at the box
 * the trapezoid rule converges faster than any power of the spacing, so the grid is refined
 * (doubling the points per axis) until two successive estimates of {@code ln Z} agree to
 * {@value #TOLERANCE}; their difference is reported as the error bound. Sums are shifted by
 * the largest exponent, so steep energies do not overflow.
 *
 * <p>The same grid gives expectations under the normalized density,
 * {@link #expectation}: {@code KL(p || q) = E_p[ln p - ln q]} between densities that have no
 * closed form.
 */
public final class Quadrature {
    /** The most real units integrated on a grid. */
    public static final int MAX_DIMENSIONS = 3;
    /** The agreement of successive refinements at which the grid stops. */
    public static final double TOLERANCE = 1e-9;
    /** The most points along an axis, by dimension. */
    private static final int[] MOST_POINTS = {0, 1 << 20, 1 << 11, 1 << 8};

    private Quadrature() {
    }

    /**
     * {@code ln Z} and the difference to the previous, coarser grid.
     *
     * @param logPartition the estimate
     * @param error        the change from the previous refinement (an error bound for a converged grid)
     * @param halfWidth    {@code L} of the box {@code [-L, L]^d}
     * @param points       grid points per axis
     */
    public record Result(double logPartition, double error, double halfWidth, int points) {
    }

    /**
     * Integrates {@code exp(-E(x, theta))} over the real units.
     *
     * @throws IllegalArgumentException beyond {@value #MAX_DIMENSIONS} units, or when no box of
     *                                  half-width up to 4096 holds the mass or the grid does not converge
     */
    public static Result logPartition(EnergyFunction f, double[] theta) {
        Sum s = integrate(f.spec().stateSize(), f.spec().name(), x -> -f.energy(x, theta), null);
        return new Result(s.logIntegral, s.error, s.half, s.points);
    }

    /**
     * {@code E_p[g]} under {@code p(x) = exp(logWeight(x)) / integral exp(logWeight)} on
     * {@code d <= 3} real units: the box grown as for {@link #logPartition}, the grid refined
     * until {@code ln Z} and the expectation both settle ({@value #TOLERANCE}, relative to the
     * expectation's size when it exceeds 1).
     *
     * @param name for messages: whose density this is
     * @return the expectation and the change from the previous refinement
     * @throws IllegalArgumentException as {@link #logPartition}
     */
    public static Expectation expectation(int d, String name, ToDoubleFunction<double[]> logWeight,
            ToDoubleFunction<double[]> g) {
        Sum s = integrate(d, name, logWeight, g);
        return new Expectation(s.mean, s.meanError, s.half, s.points);
    }

    /** {@code E_p[g]}, with the change from the previous, coarser grid and the grid it settled on. */
    public record Expectation(double value, double error, double halfWidth, int points) {
    }

    private static Sum integrate(int d, String name, ToDoubleFunction<double[]> logWeight, ToDoubleFunction<double[]> g) {
        if (d < 1 || d > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("quadrature integrates energies of 1 to " + MAX_DIMENSIONS
                    + " real units; " + name + " has " + d);
        }
        double half = 1;
        int points = 65;
        Sum box = sum(logWeight, g, name, d, half, points);
        while (!(box.faceMax - box.max < Math.log(1e-16))) {
            if (half >= 4096) {
                throw new IllegalArgumentException("the mass of exp(-E) of " + name + " reaches past |x| = "
                        + half + ": its integral may not exist (does the energy grow in every direction?)");
            }
            half *= 2;
            box = sum(logWeight, g, name, d, half, points);
        }
        Sum previous = box;
        while (true) {
            int next = 2 * points - 1;
            if (next > MOST_POINTS[d]) {
                throw new IllegalArgumentException("the quadrature of " + (g == null ? "ln Z" : "an expectation") + " of "
                        + name + " did not settle to " + TOLERANCE + " with " + points + " points per axis");
            }
            Sum current = sum(logWeight, g, name, d, half, next);
            points = next;
            double error = Math.abs(current.logIntegral - previous.logIntegral);
            double meanError = g == null ? 0 : Math.abs(current.mean - previous.mean);
            if (error <= TOLERANCE && (g == null || meanError <= TOLERANCE * Math.max(1, Math.abs(current.mean)))) {
                return new Sum(current.logIntegral, current.max, current.faceMax, current.mean, error, meanError, half,
                        points);
            }
            previous = current;
        }
    }

    /**
     * The log of the trapezoid sum, the largest exponent, the largest on the box's faces, and
     * the weighted mean of {@code g} (NaN without one); with the grid's changes once settled.
     */
    private record Sum(double logIntegral, double max, double faceMax, double mean, double error, double meanError,
            double half, int points) {
    }

    private static Sum sum(ToDoubleFunction<double[]> logWeight, ToDoubleFunction<double[]> g, String name, int d,
            double half, int points) {
        double h = 2 * half / (points - 1);
        long total = 1;
        for (int i = 0; i < d; i++) {
            total *= points;
        }
        double[] x = new double[d];
        int[] index = new int[d];
        // One pass, the sum shifted by the largest exponent so far (rescaled when it grows).
        double max = Double.NEGATIVE_INFINITY;
        double faceMax = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double weighted = 0;
        for (long k = 0; k < total; k++) {
            boolean face = place(k, points, half, h, x, index);
            double e = logWeight.applyAsDouble(x);
            if (Double.isNaN(e)) {
                throw new IllegalArgumentException("the energy of " + name + " is NaN at " + java.util.Arrays
                        .toString(x));
            }
            if (face) {
                faceMax = Math.max(faceMax, e);
            }
            if (e > max) {
                double rescale = max == Double.NEGATIVE_INFINITY ? 0 : Math.exp(max - e);
                sum *= rescale;
                weighted *= rescale;
                max = e;
            }
            double w = 1;
            for (int i = 0; i < d; i++) {
                if (index[i] == 0 || index[i] == points - 1) {
                    w *= 0.5;
                }
            }
            double p = w * Math.exp(e - max);
            sum += p;
            if (g != null && p > 0) {
                // Points without weight add nothing, whatever g is there (it may be infinite far out).
                weighted += p * g.applyAsDouble(x);
            }
        }
        return new Sum(max + Math.log(sum) + d * Math.log(h), max, faceMax, g == null ? Double.NaN : weighted / sum,
                Double.NaN, Double.NaN, half, points);
    }

    /** Grid point {@code k} into {@code x}; true if it lies on a face of the box. */
    private static boolean place(long k, int points, double half, double h, double[] x, int[] index) {
        boolean face = false;
        for (int i = 0; i < x.length; i++) {
            index[i] = (int) (k % points);
            k /= points;
            x[i] = -half + index[i] * h;
            face |= index[i] == 0 || index[i] == points - 1;
        }
        return face;
    }
}
