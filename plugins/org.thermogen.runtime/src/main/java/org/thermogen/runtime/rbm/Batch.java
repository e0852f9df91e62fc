package org.thermogen.runtime.rbm;

import java.util.random.RandomGenerator;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The states of a batch of block-Gibbs chains with their fields, preallocated as arrays of
 * rows: one {@link #sweep} draws every hidden unit given the visibles, then every visible
 * unit given the hiddens, for all rows with two matrix products. Row {@code r} draws from
 * {@code randoms[first + r]}.
 */
final class Batch {
    final int capacity;
    final double[][] v;
    final double[][] h;
    /** Hidden fields {@code v W + c} of the last {@link #hiddenGivenVisible} or {@link #hiddenFields}. */
    final double[][] x;
    /** Visible fields {@code h W' + b} of the last {@link #visibleGivenHidden}. */
    final double[][] y;
    private final RandomGenerator[] randoms;
    private final int first;
    private int rows;
    private long visibleChanges;

    Batch(int rows, int nv, int nh, RandomGenerator[] randoms, int first) {
        this.capacity = rows;
        this.rows = rows;
        this.v = new double[rows][nv];
        this.h = new double[rows][nh];
        this.x = new double[rows][nh];
        this.y = new double[rows][nv];
        this.randoms = randoms;
        this.first = first;
    }

    /** Uses only the first {@code rows} rows (a short last mini-batch). */
    void rows(int n) {
        if (n > capacity) {
            throw new IllegalArgumentException(n + " rows do not fit a batch of " + capacity);
        }
        this.rows = n;
    }

    int rows() {
        return rows;
    }

    /**
     * A random start: uniform visible states for binary or spin visibles; for real visibles
     * uniform hidden states and then visibles drawn given them.
     */
    void randomStart(Weights wts) {
        BipartiteEnergy e = wts.energy;
        if (e.visibleDomain() == Domain.REAL) {
            Layers.uniform(e.hiddenDomain(), randoms, first, rows, h);
            visibleGivenHidden(wts);
        } else {
            Layers.uniform(e.visibleDomain(), randoms, first, rows, v);
        }
    }

    /** {@code x = v W + c}. */
    void hiddenFields(Weights wts) {
        Layers.product(v, rows, wts.w, wts.energy.hiddenBiases(), x);
    }

    /** Draws {@code h} given {@code v}. */
    void hiddenGivenVisible(Weights wts) {
        hiddenFields(wts);
        Layers.sample(wts.energy.hiddenDomain(), x, rows, null, randoms, first, h);
    }

    /** Draws {@code v} given {@code h}. */
    void visibleGivenHidden(Weights wts) {
        BipartiteEnergy e = wts.energy;
        Layers.product(h, rows, wts.wt, e.visibleBiases(), y);
        visibleChanges += Layers.sample(e.visibleDomain(), y, rows, e.quadratics(), randoms, first, v);
    }

    /** One block-Gibbs sweep: {@code h | v}, then {@code v | h}. */
    void sweep(Weights wts) {
        hiddenGivenVisible(wts);
        visibleGivenHidden(wts);
    }

    /** Discrete visible units that changed value in draws so far. */
    long visibleChanges() {
        return visibleChanges;
    }
}
