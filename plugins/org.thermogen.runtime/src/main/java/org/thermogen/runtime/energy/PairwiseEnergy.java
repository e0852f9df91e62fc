package org.thermogen.runtime.energy;

import java.util.Arrays;
import org.thermogen.runtime.model.Domain;

/**
 * The natural parameters of a Boltzmann machine on {@code n} binary or spin units:
 * <pre>
 *   E(s) = c0 - sum_k b_k s_k - sum_{k &lt; l} W_kl s_k s_l,    q(s) = exp(-E(s)) / Z
 * </pre>
 * {@code W} is kept as a full symmetric {@code n x n} row-major array with a zero
 * diagonal, so that the local field {@code f_k = b_k + sum_l W_kl s_l} is one row times
 * the state. The same class also holds gradients with respect to these parameters
 * (the adjoint of {@link PairwiseForm}).
 *
 * <p>A product of one unit with itself is folded where it belongs: {@code s_k s_k = 1}
 * for spins (into {@code c0}), {@code s_k s_k = s_k} for binary units (into {@code b_k}).
 */
public final class PairwiseEnergy implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int n;
    private final Domain domain;
    private final double[] w;
    private final double[] b;
    private double c0;

    public PairwiseEnergy(int n, Domain domain) {
        if (domain == Domain.REAL) {
            throw new IllegalArgumentException("a pairwise energy needs binary or spin units");
        }
        this.n = n;
        this.domain = domain;
        this.w = new double[n * n];
        this.b = new double[n];
    }

    /** A deep copy. */
    public PairwiseEnergy copy() {
        PairwiseEnergy c = new PairwiseEnergy(n, domain);
        c.set(this);
        return c;
    }

    /** Copies {@code other}'s parameters into this one (same size and domain). */
    public void set(PairwiseEnergy other) {
        if (other.n != n || other.domain != domain) {
            throw new IllegalArgumentException("size or domain differ");
        }
        System.arraycopy(other.w, 0, w, 0, w.length);
        System.arraycopy(other.b, 0, b, 0, n);
        c0 = other.c0;
    }

    public int size() {
        return n;
    }

    public Domain domain() {
        return domain;
    }

    /** Sets every parameter to zero. */
    public void clear() {
        Arrays.fill(w, 0.0);
        Arrays.fill(b, 0.0);
        c0 = 0.0;
    }

    /**
     * Adds {@code v} to the coupling of units {@code k} and {@code l}: the energy gains
     * {@code -v s_k s_l}. For {@code k == l} the term is folded into the bias (binary) or
     * the constant (spin).
     */
    public void addPair(int k, int l, double v) {
        if (k == l) {
            if (domain == Domain.BINARY) {
                b[k] += v;
            } else {
                c0 -= v;
            }
            return;
        }
        w[k * n + l] += v;
        w[l * n + k] += v;
    }

    /** Adds {@code v} to the bias of unit {@code k}: the energy gains {@code -v s_k}. */
    public void addBias(int k, double v) {
        b[k] += v;
    }

    /** Adds {@code v} to the constant {@code c0}. */
    public void addConstant(double v) {
        c0 += v;
    }

    /**
     * The coupling {@code W_kl}; for {@code k == l} the parameter a self-product was
     * folded into ({@code b_k} for binary units, {@code -c0} for spins), so that an adjoint
     * reads back exactly what {@link #addPair} wrote.
     */
    public double pair(int k, int l) {
        if (k == l) {
            return domain == Domain.BINARY ? b[k] : -c0;
        }
        return w[k * n + l];
    }

    public double bias(int k) {
        return b[k];
    }

    public double constant() {
        return c0;
    }

    /** The coupling matrix, row-major, symmetric, zero diagonal. Live: do not modify. */
    public double[] couplings() {
        return w;
    }

    /** The biases. Live: do not modify. */
    public double[] biases() {
        return b;
    }

    /** Sets {@code W_kl = W_lk = v} ({@code k != l}). */
    public void setPair(int k, int l, double v) {
        if (k == l) {
            throw new IllegalArgumentException("the diagonal of W is zero");
        }
        w[k * n + l] = v;
        w[l * n + k] = v;
    }

    public void setBias(int k, double v) {
        b[k] = v;
    }

    public void setConstant(double v) {
        c0 = v;
    }

    /** {@code E(s)} for a state of {@code n} units (values 0/1 or -1/+1). */
    public double energy(double[] s) {
        double e = c0;
        for (int k = 0; k < n; k++) {
            double sk = s[k];
            if (sk == 0.0) {
                continue;
            }
            double f = b[k];
            int row = k * n;
            for (int l = k + 1; l < n; l++) {
                f += w[row + l] * s[l];
            }
            e -= sk * f;
        }
        return e;
    }

    /** The local field {@code f_k = b_k + sum_l W_kl s_l}. */
    public double localField(int k, double[] s) {
        double f = b[k];
        int row = k * n;
        for (int l = 0; l < n; l++) {
            f += w[row + l] * s[l];
        }
        return f;
    }
}
