package org.thermogen.runtime.energy;

import java.util.Arrays;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.model.Domain;

/**
 * The natural parameters of a restricted Boltzmann machine with {@code nv} visible and
 * {@code nh} hidden units (notes 01, section 4):
 * <pre>
 *   E(v, h) = c0 + sum_i a_i v_i^2 - sum_i b_i v_i - sum_j c_j h_j - sum_ij v_i W_ij h_j
 * </pre>
 * Hidden units are binary or spin; visible units binary, spin or real. The quadratic term
 * {@code a} matters only for real visibles (a Gaussian-Bernoulli RBM, where it must be
 * positive): for binary units {@code v^2 = v} and for spins {@code v^2 = 1}, so
 * {@link #addQuadratic} folds it into {@code b} or {@code c0}. {@code W} is row-major
 * {@code nv x nh}. The same class holds gradients with respect to these parameters (the
 * adjoint of {@link BipartiteForm}).
 *
 * <p>Given the visibles, the hiddens are independent with field
 * {@code x_j = c_j + sum_i v_i W_ij}; given the hiddens, the visibles are independent with
 * field {@code y_i = b_i + sum_j W_ij h_j} (a real visible is then normal with mean
 * {@code y_i / (2 a_i)} and variance {@code 1 / (2 a_i)}).
 */
public final class BipartiteEnergy implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int nv;
    private final int nh;
    private final Domain visibleDomain;
    private final Domain hiddenDomain;
    private final double[] w;
    private final double[] a;
    private final double[] b;
    private final double[] c;
    private double c0;

    public BipartiteEnergy(int nv, int nh, Domain visibleDomain, Domain hiddenDomain) {
        if (hiddenDomain == Domain.REAL) {
            throw new IllegalArgumentException("hidden units of an RBM are binary or spin");
        }
        this.nv = nv;
        this.nh = nh;
        this.visibleDomain = visibleDomain;
        this.hiddenDomain = hiddenDomain;
        this.w = new double[nv * nh];
        this.a = new double[nv];
        this.b = new double[nv];
        this.c = new double[nh];
    }

    public BipartiteEnergy copy() {
        BipartiteEnergy e = new BipartiteEnergy(nv, nh, visibleDomain, hiddenDomain);
        e.set(this);
        return e;
    }

    /** Copies another energy of the same sizes and domains into this one. */
    public void set(BipartiteEnergy o) {
        if (o.nv != nv || o.nh != nh || o.visibleDomain != visibleDomain || o.hiddenDomain != hiddenDomain) {
            throw new IllegalArgumentException("sizes or domains differ");
        }
        System.arraycopy(o.w, 0, w, 0, w.length);
        System.arraycopy(o.a, 0, a, 0, nv);
        System.arraycopy(o.b, 0, b, 0, nv);
        System.arraycopy(o.c, 0, c, 0, nh);
        c0 = o.c0;
    }

    public int visibleSize() {
        return nv;
    }

    public int hiddenSize() {
        return nh;
    }

    public Domain visibleDomain() {
        return visibleDomain;
    }

    public Domain hiddenDomain() {
        return hiddenDomain;
    }

    public void clear() {
        Arrays.fill(w, 0.0);
        Arrays.fill(a, 0.0);
        Arrays.fill(b, 0.0);
        Arrays.fill(c, 0.0);
        c0 = 0.0;
    }

    /** Adds {@code v} to {@code W_ij}: the energy gains {@code -v v_i h_j}. */
    public void addPair(int i, int j, double v) {
        w[i * nh + j] += v;
    }

    /**
     * Adds {@code s * theta[from + r * cols + c]} to {@code W_(i + r)(j + c)} for {@code r < rows},
     * {@code c < cols}: a whole parameter matrix at once, the same sums as {@link #addPair}
     * element by element but one SIMD kernel call per row ({@link DenseKernels#axpy}). The
     * generated couplings of a term such as {@code -(v' * W * h)} call it.
     */
    public void addPairs(int i, int j, int rows, int cols, double[] theta, int from, double s) {
        checkBlock(i, j, rows, cols);
        DenseKernels k = Backend.kernels();
        if (cols == nh) {
            k.axpy(rows * cols, s, theta, from, w, i * nh);   // whole rows: one contiguous block
            return;
        }
        for (int r = 0; r < rows; r++) {
            k.axpy(cols, s, theta, from + r * cols, w, (i + r) * nh + j);
        }
    }

    /**
     * The adjoint of {@link #addPairs}: adds {@code s * W_(i + r)(j + c)} to
     * {@code grad[from + r * cols + c]}, reading this energy as a gradient with respect to the
     * natural parameters.
     */
    public void addPairsAdjoint(int i, int j, int rows, int cols, double s, double[] grad, int from) {
        checkBlock(i, j, rows, cols);
        DenseKernels k = Backend.kernels();
        if (cols == nh) {
            k.axpy(rows * cols, s, w, i * nh, grad, from);
            return;
        }
        for (int r = 0; r < rows; r++) {
            k.axpy(cols, s, w, (i + r) * nh + j, grad, from + r * cols);
        }
    }

    private void checkBlock(int i, int j, int rows, int cols) {
        if (i < 0 || j < 0 || rows < 0 || cols < 0 || i + rows > nv || j + cols > nh) {
            throw new IndexOutOfBoundsException("a block of " + rows + " x " + cols + " pairs at (" + i + ", " + j
                    + ") does not fit " + nv + " x " + nh);
        }
    }

    /** Adds {@code v} to {@code b_i}: the energy gains {@code -v v_i}. */
    public void addVisible(int i, double v) {
        b[i] += v;
    }

    /** Adds {@code v} to {@code c_j}: the energy gains {@code -v h_j}. */
    public void addHidden(int j, double v) {
        c[j] += v;
    }

    /**
     * The energy gains {@code v * v_i^2}: kept in {@code a_i} for real visibles, folded into
     * {@code b_i} (binary) or {@code c0} (spin) otherwise.
     */
    public void addQuadratic(int i, double v) {
        switch (visibleDomain) {
            case REAL -> a[i] += v;
            case BINARY -> b[i] -= v;
            case SPIN -> c0 += v;
        }
    }

    /** The energy gains {@code v * h_j^2}, folded like {@link #addQuadratic} for hidden units. */
    public void addHiddenQuadratic(int j, double v) {
        if (hiddenDomain == Domain.BINARY) {
            c[j] -= v;
        } else {
            c0 += v;
        }
    }

    public void addConstant(double v) {
        c0 += v;
    }

    public double pair(int i, int j) {
        return w[i * nh + j];
    }

    public double visible(int i) {
        return b[i];
    }

    public double hidden(int j) {
        return c[j];
    }

    /** {@code a_i}, or the parameter a self-product was folded into, so adjoints read back what was added. */
    public double quadratic(int i) {
        return switch (visibleDomain) {
            case REAL -> a[i];
            case BINARY -> -b[i];
            case SPIN -> c0;
        };
    }

    /** The parameter a hidden self-product was folded into, for adjoints. */
    public double hiddenQuadratic(int j) {
        return hiddenDomain == Domain.BINARY ? -c[j] : c0;
    }

    public double constant() {
        return c0;
    }

    /** {@code W}, row-major {@code nv x nh}. Live: do not modify. */
    public double[] weights() {
        return w;
    }

    /** {@code a}. Live: do not modify. */
    public double[] quadratics() {
        return a;
    }

    /** {@code b}. Live: do not modify. */
    public double[] visibleBiases() {
        return b;
    }

    /** {@code c}. Live: do not modify. */
    public double[] hiddenBiases() {
        return c;
    }

    public void setPair(int i, int j, double v) {
        w[i * nh + j] = v;
    }

    /** Sets all of {@code W} from the first {@code nv * nh} values of {@code rowMajor} (float32 kernels' results). */
    public void setPairs(float[] rowMajor) {
        for (int k = 0; k < w.length; k++) {
            w[k] = rowMajor[k];
        }
    }

    /** Sets all of {@code W} from the first {@code nv * nh} values of {@code rowMajor}. */
    public void setPairs(double[] rowMajor) {
        System.arraycopy(rowMajor, 0, w, 0, w.length);
    }

    /** Sets {@code W} to {@code sign} ({@code 1} or {@code -1}) times the row-major block at {@code from[offset]}. */
    public void setPairs(double[] from, int offset, double sign) {
        if (sign == 1.0) {
            System.arraycopy(from, offset, w, 0, w.length);
            return;
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = sign * from[offset + k];
        }
    }

    public void setVisible(int i, double v) {
        b[i] = v;
    }

    public void setHidden(int j, double v) {
        c[j] = v;
    }

    public void setQuadratic(int i, double v) {
        a[i] = v;
    }

    public void setConstant(double v) {
        c0 = v;
    }

    /** {@code E(v, h)}. */
    public double energy(double[] v, double[] h) {
        double e = c0;
        for (int i = 0; i < nv; i++) {
            double vi = v[i];
            e += a[i] * vi * vi - b[i] * vi;
            if (vi == 0.0) {
                continue;
            }
            int row = i * nh;
            double s = 0;
            for (int j = 0; j < nh; j++) {
                s += w[row + j] * h[j];
            }
            e -= vi * s;
        }
        for (int j = 0; j < nh; j++) {
            e -= c[j] * h[j];
        }
        return e;
    }

    /**
     * The free energy {@code F(v) = -ln sum_h exp(-E(v, h))}, summing each hidden unit out:
     * {@code ln(1 + e^x)} for binary, {@code ln(2 cosh x)} for spin hiddens (notes 01, (4.5)).
     * Then {@code q(v) = exp(-F(v)) / Z}.
     */
    public double freeEnergy(double[] v) {
        double f = c0;
        for (int i = 0; i < nv; i++) {
            f += a[i] * v[i] * v[i] - b[i] * v[i];
        }
        for (int j = 0; j < nh; j++) {
            double x = hiddenField(j, v);
            f -= hiddenDomain == Domain.BINARY ? Functions.softplus(x) : Functions.logcosh(x) + Math.log(2);
        }
        return f;
    }

    /** {@code x_j = c_j + sum_i v_i W_ij}. */
    public double hiddenField(int j, double[] v) {
        double x = c[j];
        for (int i = 0; i < nv; i++) {
            x += v[i] * w[i * nh + j];
        }
        return x;
    }

    /** {@code y_i = b_i + sum_j W_ij h_j}. */
    public double visibleField(int i, double[] h) {
        double y = b[i];
        int row = i * nh;
        for (int j = 0; j < nh; j++) {
            y += w[row + j] * h[j];
        }
        return y;
    }
}
