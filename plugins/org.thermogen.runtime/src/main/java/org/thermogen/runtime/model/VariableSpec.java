package org.thermogen.runtime.model;

/**
 * A variable of a model and where its units sit in the state vector. The state vector
 * of a model holds the observed variables first, in declaration order, then the hidden
 * ones; every variable is flattened row-major.
 *
 * @param name     the name in the .gen file
 * @param role     visible, hidden or observed
 * @param domain   the values each unit takes
 * @param shape    dimensions; the scalar shape for a single unit
 * @param offset   index of the first unit in the state vector
 * @param periodic whether indices wrap around (lattices)
 */
public record VariableSpec(String name, Role role, Domain domain, Shape shape, int offset, boolean periodic) {

    public int size() {
        return shape.size();
    }
}
