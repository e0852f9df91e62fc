package org.thermogen.lang.energy;

import java.util.List;
import org.thermogen.lang.energy.Node.Elem;
import org.thermogen.lang.energy.Node.Relation;

/**
 * One term of an energy written as a polynomial in the state: inside the loops,
 * {@code coefficient * vars[0] * vars[1] * ...}, where the coefficient does not read the
 * state. A Boltzmann machine's energy has terms of degree at most two.
 *
 * @param loops       the enclosing sums, outermost first
 * @param relations   their relations ({@code k < l})
 * @param coefficient the factor that does not depend on the state
 * @param vars        the state elements multiplied together
 * @param origin      the .gen file, line and text it came from, for the comment above its code
 * @param line        that line (0 if unknown), for the generated class's line table
 */
public record Monomial(List<Loop> loops, List<Relation> relations, Node coefficient, List<Elem> vars, String origin,
        int line) {

    public int degree() {
        return vars.size();
    }
}
