package org.thermogen.runtime.gaussian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Moments and mean log-densities summed in fixed pieces: the same bits on one thread and on
 * several, and within rounding of sums taken in exact decimal arithmetic.
 */
class GaussianPiecesTest {
    private static final int D = 4;
    /** Three pieces and a short last one. */
    private static final int ROWS = 2 * Gaussian.PIECE + 1234;

    private static double[] rows() {
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[ROWS * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = 100 + r.nextGaussian() * (1 + i % D);   // far from the origin: the two passes matter
        }
        return x;
    }

    @Test
    void momentsAreTheSameBitsOnAnyNumberOfThreadsAndExact() {
        double[] x = rows();
        double[] m1 = new double[D];
        double[] m2 = new double[D];
        DMatrixRMaj c1 = new DMatrixRMaj(D, D);
        DMatrixRMaj c2 = new DMatrixRMaj(D, D);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Gaussian.moments(x, ROWS, D, m1, c1, null);
            Gaussian.moments(x, ROWS, D, m2, c2, pool);
        } finally {
            pool.shutdown();
        }
        assertArrayEquals(m1, m2);
        assertArrayEquals(c1.data, c2.data);
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal[] mean = new BigDecimal[D];
        for (int i = 0; i < D; i++) {
            BigDecimal s = BigDecimal.ZERO;
            for (int r = 0; r < ROWS; r++) {
                s = s.add(new BigDecimal(x[r * D + i]));
            }
            mean[i] = s.divide(BigDecimal.valueOf(ROWS), mc);
            assertEquals(mean[i].doubleValue(), m1[i], 1e-13 * Math.abs(m1[i]));
        }
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                BigDecimal s = BigDecimal.ZERO;
                for (int r = 0; r < ROWS; r++) {
                    s = s.add(new BigDecimal(x[r * D + i]).subtract(mean[i]).multiply(
                            new BigDecimal(x[r * D + j]).subtract(mean[j]), mc), mc);
                }
                double exact = s.divide(BigDecimal.valueOf(ROWS), mc).doubleValue();
                assertEquals(exact, c1.get(i, j), 1e-11 * Math.sqrt(c1.get(i, i) * c1.get(j, j)), "cov " + i + "," + j);
            }
        }
    }

    @Test
    void meanLogDensityIsTheSameBitsOnAnyNumberOfThreadsAndTheMeanOfTheRows() {
        double[] x = rows();
        double[] mean = new double[D];
        DMatrixRMaj cov = new DMatrixRMaj(D, D);
        Gaussian.moments(x, ROWS, D, mean, cov, null);
        Gaussian g = new Gaussian(mean, cov);
        ForkJoinPool pool = new ForkJoinPool(2);
        double one;
        double two;
        try {
            one = g.meanLogDensity(x, ROWS, null);
            two = g.meanLogDensity(x, ROWS, pool);
        } finally {
            pool.shutdown();
        }
        assertEquals(Double.doubleToLongBits(one), Double.doubleToLongBits(two));
        BigDecimal s = BigDecimal.ZERO;
        for (int r = 0; r < ROWS; r++) {
            s = s.add(new BigDecimal(g.logDensity(x, r * D)));
        }
        assertEquals(s.divide(BigDecimal.valueOf(ROWS), MathContext.DECIMAL128).doubleValue(), one, 1e-13 * Math.abs(one));
        // At its own mean and covariance, E[(x - mu)' P (x - mu)] = d exactly: the fit's mean log-density is closed form.
        assertEquals(-0.5 * (D * Math.log(2 * Math.PI) + g.logDeterminant() + D), one, 1e-10);
    }
}
