package org.thermogen.runtime.rbm;

import org.ejml.data.DMatrixRMaj;
import org.thermogen.runtime.energy.BipartiteEnergy;

/**
 * The weight matrix of an energy in both orientations: {@code W} ({@code nv x nh}, a view
 * of the energy's live array) for hidden fields and a copy of {@code W'} for visible
 * fields, so both products run along contiguous rows. Call {@link #refresh} after the
 * energy's parameters change.
 */
final class Weights {
    final BipartiteEnergy energy;
    final int nv;
    final int nh;
    final DMatrixRMaj w;
    final DMatrixRMaj wt;

    Weights(BipartiteEnergy energy) {
        this.energy = energy;
        this.nv = energy.visibleSize();
        this.nh = energy.hiddenSize();
        this.w = DMatrixRMaj.wrap(nv, nh, energy.weights());
        this.wt = new DMatrixRMaj(nh, nv);
        refresh();
    }

    /** Copies the energy's current {@code W} into the transpose. */
    void refresh() {
        Layers.transpose(energy.weights(), nv, nh, wt.data);
    }
}
