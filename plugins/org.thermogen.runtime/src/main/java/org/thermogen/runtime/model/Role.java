package org.thermogen.runtime.model;

/** How a variable of a model meets the data. */
public enum Role {
    /** Observed in the data; a unit of a Boltzmann machine. */
    VISIBLE,
    /** Never observed: summed out (RBM hidden layers). */
    HIDDEN,
    /** Observed in the data; a real-valued quantity of a density model. */
    OBSERVED;

    /** True for the variables that a dataset row supplies. */
    public boolean isObserved() {
        return this != HIDDEN;
    }
}
