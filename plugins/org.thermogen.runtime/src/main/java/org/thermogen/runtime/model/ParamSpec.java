package org.thermogen.runtime.model;

import java.util.Set;

/**
 * A parameter of a model and where its elements sit in the flat parameter vector.
 *
 * @param name        the name in the .gen file
 * @param shape       dimensions; the scalar shape for a single number
 * @param offset      index of the first element in the parameter vector
 * @param constraints structural constraints every trainer keeps
 * @param init        initial values
 * @param fixed       true if training never changes it ({@code param a = 1.0 fixed})
 */
public record ParamSpec(String name, Shape shape, int offset, Set<Constraint> constraints, Init init, boolean fixed) {

    public ParamSpec {
        constraints = Set.copyOf(constraints);
    }

    public int size() {
        return shape.size();
    }

    public boolean has(Constraint c) {
        return constraints.contains(c);
    }
}
