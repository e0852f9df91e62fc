package org.thermogen.runtime.rbm;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;

/**
 * The states of a batch of block-Gibbs chains with their fields, preallocated: one
 * {@link #sweep} draws every hidden unit given the visibles, then every visible unit given
 * the hiddens, for all rows with two matrix products. Row {@code r} draws from
 * {@code randoms[first + r]}.
 */
final class Batch {
    final int capacity;
    final DMatrixRMaj v;
    final DMatrixRMaj h;
    /** Hidden fields {@code v W + c} of the last {@link #hiddenGivenVisible} or {@link #hiddenFields}. */
    final DMatrixRMaj x;
    /** Visible fields {@code h W' + b} of the last {@link #visibleGivenHidden}. */
    final DMatrixRMaj y;
    private final SplittableRandom[] randoms;
    private final int first;
    private long visibleChanges;

    Batch(int rows, int nv, int nh, SplittableRandom[] randoms, int first) {
        this.capacity = rows;
        this.v = new DMatrixRMaj(rows, nv);
        this.h = new DMatrixRMaj(rows, nh);
        this.x = new DMatrixRMaj(rows, nh);
        this.y = new DMatrixRMaj(rows, nv);
        this.randoms = randoms;
        this.first = first;
    }

    /** Uses only the first {@code rows} rows (a short last mini-batch); never allocates. */
    void rows(int rows) {
        if (rows > capacity) {
            throw new IllegalArgumentException(rows + " rows do not fit a batch of " + capacity);
        }
        v.reshape(rows, v.numCols, true);
        h.reshape(rows, h.numCols, true);
        x.reshape(rows, x.numCols, true);
        y.reshape(rows, y.numCols, true);
    }

    /**
     * A random start: uniform visible states for binary or spin visibles; for real visibles
     * uniform hidden states and then visibles drawn given them.
     */
    void randomStart(Weights wts) {
        BipartiteEnergy e = wts.energy;
        if (e.visibleDomain() == Domain.REAL) {
            Layers.uniform(e.hiddenDomain(), randoms, first, h);
            visibleGivenHidden(wts);
        } else {
            Layers.uniform(e.visibleDomain(), randoms, first, v);
        }
    }

    /** {@code x = v W + c}. */
    void hiddenFields(Weights wts) {
        Layers.hiddenFields(v, wts.w, wts.energy.hiddenBiases(), x);
    }

    /** Draws {@code h} given {@code v}. */
    void hiddenGivenVisible(Weights wts) {
        hiddenFields(wts);
        Layers.sample(wts.energy.hiddenDomain(), x, null, randoms, first, h);
    }

    /** Draws {@code h} given the hidden fields already in {@link #x}. */
    void hiddenFromFields(Weights wts) {
        Layers.sample(wts.energy.hiddenDomain(), x, null, randoms, first, h);
    }

    /** Draws {@code v} given {@code h}. */
    void visibleGivenHidden(Weights wts) {
        BipartiteEnergy e = wts.energy;
        Layers.visibleFields(h, wts.wt, e.visibleBiases(), y);
        visibleChanges += Layers.sample(e.visibleDomain(), y, e.quadratics(), randoms, first, v);
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
