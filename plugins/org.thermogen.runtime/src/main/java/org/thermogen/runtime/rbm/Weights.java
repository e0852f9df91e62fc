package org.thermogen.runtime.rbm;

import org.thermogen.runtime.energy.BipartiteEnergy;

/**
 * The weight matrix of an energy as arrays of rows in both orientations: {@code W}
 * ({@code nv x nh}) for hidden fields and {@code W'} for visible fields, so both products
 * are AXPYs over whole rows (see {@link Layers}). Copies: call {@link #refresh} after the
 * energy's parameters change.
 */
final class Weights {
    final BipartiteEnergy energy;
    final int nv;
    final int nh;
    final double[][] w;
    final double[][] wt;

    Weights(BipartiteEnergy energy) {
        this.energy = energy;
        this.nv = energy.visibleSize();
        this.nh = energy.hiddenSize();
        this.w = new double[nv][nh];
        this.wt = new double[nh][nv];
        refresh();
    }

    /** Copies the energy's current {@code W}. */
    void refresh() {
        Layers.split(energy.weights(), nv, nh, w, wt);
    }
}
