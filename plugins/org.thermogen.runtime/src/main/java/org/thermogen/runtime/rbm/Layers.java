package org.thermogen.runtime.rbm;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.thermogen.runtime.model.Domain;

/**
 * The conditionals of an RBM for a batch of rows at once (notes 01, (4.6), (4.7)): fields
 * by one matrix product per layer, then element-wise means or samples. Row {@code r} of a
 * batch draws only from its own random stream, unit by unit in order, so a chain's numbers
 * do not depend on which other chains share its batch. Nothing here allocates.
 */
final class Layers {
    private Layers() {
    }

    /** {@code x = v W + c}: hidden fields, {@code v} is {@code rows x nv}, {@code W} {@code nv x nh}. */
    static void hiddenFields(DMatrixRMaj v, DMatrixRMaj w, double[] c, DMatrixRMaj x) {
        CommonOps_DDRM.mult(v, w, x);
        addRow(x, c);
    }

    /**
     * {@code y = h W' + b}: visible fields. {@code wt} is {@code W'} ({@code nh x nv}), kept
     * transposed so the product runs along contiguous rows.
     */
    static void visibleFields(DMatrixRMaj h, DMatrixRMaj wt, double[] b, DMatrixRMaj y) {
        CommonOps_DDRM.mult(h, wt, y);
        addRow(y, b);
    }

    /** Adds {@code row} to every row of {@code m}. */
    static void addRow(DMatrixRMaj m, double[] row) {
        double[] d = m.data;
        int cols = m.numCols;
        int end = m.numRows * cols;
        for (int o = 0; o < end; o += cols) {
            for (int j = 0; j < cols; j++) {
                d[o + j] += row[j];
            }
        }
    }

    /**
     * Conditional means given the fields: {@code sigmoid(f)} for binary units, {@code tanh(f)}
     * for spins, {@code f / (2 a)} for real units (quadratic coefficients {@code a}).
     */
    static void means(Domain domain, DMatrixRMaj field, double[] a, DMatrixRMaj out) {
        double[] f = field.data;
        double[] o = out.data;
        int cols = field.numCols;
        int end = field.numRows * cols;
        switch (domain) {
            case BINARY -> {
                for (int i = 0; i < end; i++) {
                    o[i] = sigmoid(f[i]);
                }
            }
            case SPIN -> {
                for (int i = 0; i < end; i++) {
                    o[i] = Math.tanh(f[i]);
                }
            }
            case REAL -> {
                for (int r = 0; r < end; r += cols) {
                    for (int j = 0; j < cols; j++) {
                        o[r + j] = f[r + j] / (2 * a[j]);
                    }
                }
            }
        }
    }

    /**
     * Draws every unit from its conditional given the fields: {@code P(1) = sigmoid(f)} for
     * binary units, {@code P(+1) = sigmoid(2 f)} for spins, normal with mean {@code f / (2 a)}
     * and variance {@code 1 / (2 a)} for real units. Row {@code r} draws from
     * {@code randoms[first + r]}.
     *
     * @return how many discrete units changed value (0 for real units)
     */
    static int sample(Domain domain, DMatrixRMaj field, double[] a, SplittableRandom[] randoms, int first,
            DMatrixRMaj out) {
        double[] f = field.data;
        double[] o = out.data;
        int cols = field.numCols;
        int rows = field.numRows;
        int changed = 0;
        switch (domain) {
            case BINARY -> {
                for (int r = 0; r < rows; r++) {
                    SplittableRandom random = randoms[first + r];
                    int base = r * cols;
                    for (int j = 0; j < cols; j++) {
                        double now = random.nextDouble() < sigmoid(f[base + j]) ? 1.0 : 0.0;
                        changed += o[base + j] != now ? 1 : 0;
                        o[base + j] = now;
                    }
                }
            }
            case SPIN -> {
                for (int r = 0; r < rows; r++) {
                    SplittableRandom random = randoms[first + r];
                    int base = r * cols;
                    for (int j = 0; j < cols; j++) {
                        double now = random.nextDouble() < sigmoid(2 * f[base + j]) ? 1.0 : -1.0;
                        changed += o[base + j] != now ? 1 : 0;
                        o[base + j] = now;
                    }
                }
            }
            case REAL -> {
                for (int r = 0; r < rows; r++) {
                    SplittableRandom random = randoms[first + r];
                    int base = r * cols;
                    for (int j = 0; j < cols; j++) {
                        double twoA = 2 * a[j];
                        o[base + j] = f[base + j] / twoA + random.nextGaussian() / Math.sqrt(twoA);
                    }
                }
            }
        }
        return changed;
    }

    /** A uniformly random binary or spin state for each row, from each row's own stream. */
    static void uniform(Domain domain, SplittableRandom[] randoms, int first, DMatrixRMaj out) {
        double low = domain == Domain.SPIN ? -1.0 : 0.0;
        int cols = out.numCols;
        for (int r = 0; r < out.numRows; r++) {
            SplittableRandom random = randoms[first + r];
            for (int j = 0; j < cols; j++) {
                out.data[r * cols + j] = random.nextBoolean() ? 1.0 : low;
            }
        }
    }

    /** Writes the transpose of row-major {@code rows x cols} {@code m} into {@code t}. */
    static void transpose(double[] m, int rows, int cols, double[] t) {
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[row + j];
            }
        }
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
