package org.thermogen.runtime.energy;

import java.util.List;
import org.thermogen.runtime.model.Offers;
import org.thermogen.runtime.model.Structure;

/**
 * A Boltzmann machine: {@code E(s) = c0 - sum_k b_k s_k - sum_{k<l} W_kl s_k s_l} on binary or
 * spin units, with the natural parameters {@code W, b, c0} computed from {@code theta} by
 * {@link PairwiseForm}. Local-field Gibbs sampling, Gray-code enumeration and moment
 * matching read it.
 */
@Offers({PairwiseForm.class})
public record PairwiseStructure(PairwiseForm form) implements Structure {
    @Override
    public String describe() {
        return form.affine()
                ? "pairwise energy (Boltzmann machine), couplings linear in the parameters"
                : "pairwise energy (Boltzmann machine)";
    }

    /** {@inheritDoc} */
    @Override
    public List<Object> capabilities() {
        return List.of(form);
    }
}
