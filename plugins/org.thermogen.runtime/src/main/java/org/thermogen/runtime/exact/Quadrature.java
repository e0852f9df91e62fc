package org.thermogen.runtime.exact;

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
        int d = f.spec().stateSize();
        if (d < 1 || d > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("quadrature integrates energies of 1 to " + MAX_DIMENSIONS
                    + " real units; " + f.spec().name() + " has " + d);
        }
        double half = 1;
        int points = 65;
        Sum box = sum(f, theta, d, half, points);
        while (!(box.faceMax - box.max < Math.log(1e-16))) {
            if (half >= 4096) {
                throw new IllegalArgumentException("the mass of exp(-E) of " + f.spec().name() + " reaches past |x| = "
                        + half + ": its integral may not exist (does the energy grow in every direction?)");
            }
            half *= 2;
            box = sum(f, theta, d, half, points);
        }
        double previous = box.logIntegral;
        while (true) {
            int next = 2 * points - 1;
            if (next > MOST_POINTS[d]) {
                throw new IllegalArgumentException("the quadrature of ln Z of " + f.spec().name() + " did not settle to "
                        + TOLERANCE + " with " + points + " points per axis");
            }
            double current = sum(f, theta, d, half, next).logIntegral;
            points = next;
            if (Math.abs(current - previous) <= TOLERANCE) {
                return new Result(current, Math.abs(current - previous), half, points);
            }
            previous = current;
        }
    }

    /** The log of the trapezoid sum, the largest exponent, and the largest on the box's faces. */
    private record Sum(double logIntegral, double max, double faceMax) {
    }

    private static Sum sum(EnergyFunction f, double[] theta, int d, double half, int points) {
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
        for (long k = 0; k < total; k++) {
            boolean face = place(k, points, half, h, x, index);
            double e = -f.energy(x, theta);
            if (Double.isNaN(e)) {
                throw new IllegalArgumentException("the energy of " + f.spec().name() + " is NaN at " + java.util.Arrays
                        .toString(x));
            }
            if (face) {
                faceMax = Math.max(faceMax, e);
            }
            if (e > max) {
                sum = max == Double.NEGATIVE_INFINITY ? 0 : sum * Math.exp(max - e);
                max = e;
            }
            double w = 1;
            for (int i = 0; i < d; i++) {
                if (index[i] == 0 || index[i] == points - 1) {
                    w *= 0.5;
                }
            }
            sum += w * Math.exp(e - max);
        }
        return new Sum(max + Math.log(sum) + d * Math.log(h), max, faceMax);
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
