package org.thermogen.runtime.model;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What is known of a model before its Java exists: its name, the family the generator
 * recognizes in it, and its units. The checker builds one from a {@code .gen} file and asks
 * each trainer, sampler and metric for its {@code refusal} (for example
 * {@link org.thermogen.runtime.train.Trainer#refusal}), so that {@code thermogen check} and
 * the editor refuse at the token what a run would refuse; the runtime builds one from the
 * model itself with {@link #of(Model)} and refuses with the same words. The rule is written
 * once, in the runtime class it guards.
 *
 * @param name           the model's name
 * @param family         the class of the model's {@link Structure}, e.g. {@code MixtureStructure.class}
 * @param description    the family in words, for messages: "pairwise energy (Boltzmann machine)"
 * @param observedUnits  units a data row supplies
 * @param hiddenUnits    units summed out
 * @param observedDomain the domains of the observed units
 * @param hiddenDomain   the domains of the hidden units (empty without hidden units)
 */
public record ModelOutline(String name, Class<? extends Structure> family, String description, int observedUnits,
        int hiddenUnits, Set<Domain> observedDomain, Set<Domain> hiddenDomain) {

    public ModelOutline {
        observedDomain = observedDomain.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(observedDomain));
        hiddenDomain = hiddenDomain.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(hiddenDomain));
    }

    /** The outline of a built model: what its spec and structure say. */
    public static ModelOutline of(Model model) {
        ModelSpec spec = model.spec();
        Set<Domain> observed = EnumSet.noneOf(Domain.class);
        Set<Domain> hidden = EnumSet.noneOf(Domain.class);
        int h = 0;
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved()) {
                observed.add(v.domain());
            } else {
                hidden.add(v.domain());
                h += v.size();
            }
        }
        Structure s = model.structure();
        return new ModelOutline(spec.name(), s.getClass(), s.describe(), spec.observedSize(), h, observed, hidden);
    }

    /**
     * True if the model's family offers {@code capability}, as its {@link Offers} declares: what
     * the built model's {@link Model#capability(Class)} would find, known before it is built.
     *
     * @param capability what an algorithm works with, e.g. {@code BipartiteForm.class}
     */
    public boolean offers(Class<?> capability) {
        Offers offered = family.getAnnotation(Offers.class);
        if (offered != null) {
            for (Class<?> type : offered.value()) {
                if (capability.isAssignableFrom(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean hasHidden() {
        return hiddenUnits > 0;
    }

    /** Every unit, observed or hidden, binary or spin. */
    public boolean discrete() {
        return !observedDomain.contains(Domain.REAL) && !hiddenDomain.contains(Domain.REAL);
    }

    /** Every observed unit real. */
    public boolean allObservedReal() {
        return observedDomain.equals(Set.of(Domain.REAL));
    }

    /**
     * Throws the refusal, if any: what the runtime's methods do with the answer of a
     * {@code refusal} method, so a run refuses with the words {@code check} uses.
     *
     * @throws IllegalArgumentException with the refusal's message
     */
    public static void require(Optional<String> refusal) {
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(refusal.get());
        }
    }
}
