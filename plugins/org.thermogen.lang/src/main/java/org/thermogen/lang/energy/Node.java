package org.thermogen.lang.energy;

import java.util.List;

/**
 * A scalar expression in index form: what an energy becomes after its vector and matrix
 * operations are written out as sums over indices. Tensor-valued parts survive only as
 * {@link Temp}s (an inverse, a log-determinant) computed before the expression.
 */
public sealed interface Node {

    /** A number. */
    record Const(double value) implements Node {
    }

    /** What an {@link Elem} reads. */
    enum Source {
        /** The state vector {@code x}. */
        STATE,
        /** The parameter vector {@code theta}. */
        PARAM,
        /** A temporary matrix ({@link Temp}). */
        TEMP
    }

    /**
     * One element of a variable, parameter or temporary matrix.
     *
     * @param source   which array
     * @param name     the .gen name (for comments and messages)
     * @param offset   where the object starts in its array
     * @param dims     its dimensions
     * @param indices  one index per dimension
     * @param periodic indices wrap around (lattice variables)
     * @param temp     the temporary, for {@link Source#TEMP}
     */
    record Elem(Source source, String name, int offset, int[] dims, List<Index> indices, boolean periodic, Temp temp)
            implements Node {
    }

    /** A sum index used as a number. */
    record IndexValue(Index index) implements Node {
    }

    record Add(List<Node> terms) implements Node {
    }

    record Mul(List<Node> factors) implements Node {
    }

    record Neg(Node operand) implements Node {
    }

    record Div(Node numerator, Node denominator) implements Node {
    }

    /** {@code base ^ exponent} with a constant exponent. */
    record Pow(Node base, double exponent) implements Node {
    }

    /** An element-wise function: exp, log, softplus, tanh, sigmoid, sqrt, abs, cosh, logcosh. */
    record Fn(String function, Node argument) implements Node {
    }

    /** A sum over loops, with relations such as {@code k < l} between them. */
    record Sum(List<Loop> loops, List<Relation> relations, Node body) implements Node {
    }

    /** The value of a scalar {@link Temp} (a log-determinant or trace). */
    record TempValue(Temp temp) implements Node {
    }

    /**
     * Marks the part of the energy that a line of the .gen file wrote.
     *
     * @param comment the file, line and text, written above the term in the generated Java
     * @param line    the line in the .gen file (0 if unknown), for the generated class's line table
     */
    record Origin(String comment, int line, Node node) implements Node {
    }

    /** {@code a op b} between two loops. */
    record Relation(Loop left, String op, Loop right) {
    }
}
