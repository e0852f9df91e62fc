package org.thermogen.lang.semantics;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.NegatedValue;
import org.thermogen.lang.thermogen.Negation;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.NumberValue;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.Value;
import org.thermogen.lang.thermogen.ValueOperation;

/** Evaluates expressions made of numbers and constants at generation time. */
public final class ConstantFolder {
    private ConstantFolder() {
    }

    /** The value of {@code e}, or null if it depends on variables, parameters or indices. */
    public static Double value(Expr e) {
        return value(e, new HashSet<>(), Map.of());
    }

    /**
     * The value of {@code e} with some symbols bound to numbers: the step {@code t} and the
     * step count {@code T} of a schedule formula {@code beta(t) = ...}.
     */
    public static Double value(Expr e, Map<? extends Symbol, Double> bound) {
        return value(e, new HashSet<>(), bound);
    }

    /** The value of {@code v} if it is arithmetic on numbers ({@code 1/16}, {@code -0.5}), else null. */
    public static Double value(Value v) {
        if (v instanceof NumberValue n) {
            return n.getValue();
        }
        if (v instanceof Call c && !c.isHasArguments() && c.getName() != null
                && !c.getName().contains(".")) {
            // `units N`: a constant of the file or its package, where a number is expected.
            Constant k = ModelLookup.find(c, c.getName(), Constant.class);
            return k == null ? null : value(k.getValue());
        }
        if (v instanceof NegatedValue n) {
            Double x = value(n.getOperand());
            return x == null ? null : -x;
        }
        if (v instanceof ValueOperation op) {
            Double a = value(op.getLeft());
            Double b = value(op.getRight());
            if (a == null || b == null) {
                return null;
            }
            return switch (op.getOp()) {
                case "+" -> a + b;
                case "-" -> a - b;
                case "*" -> a * b;
                case "/" -> a / b;
                default -> null;
            };
        }
        return null;
    }

    /** The value of {@code e} if it is a whole number, else null. */
    public static Integer intValue(Expr e) {
        Double d = value(e);
        if (d == null || d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            return null;
        }
        return d.intValue();
    }

    private static Double value(Expr e, Set<Constant> visiting, Map<? extends Symbol, Double> bound) {
        if (e instanceof NumberLiteral n) {
            return n.getValue();
        }
        if (e instanceof SymbolRef r && r.getIndices().isEmpty() && bound.containsKey(r.getSymbol())) {
            return bound.get(r.getSymbol());
        }
        if (e instanceof Negation n) {
            Double x = value(n.getOperand(), visiting, bound);
            return x == null ? null : -x;
        }
        if (e instanceof SymbolRef r && r.getSymbol() instanceof Constant c && r.getIndices().isEmpty()) {
            if (c.getValue() == null || !visiting.add(c)) {
                return null;
            }
            try {
                return value(c.getValue(), visiting, bound);
            } finally {
                visiting.remove(c);
            }
        }
        if (e instanceof Binary b) {
            Double x = value(b.getLeft(), visiting, bound);
            Double y = value(b.getRight(), visiting, bound);
            if (x == null || y == null) {
                return null;
            }
            return switch (b.getOp()) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "/" -> x / y;
                case "^" -> Math.pow(x, y);
                default -> null;
            };
        }
        if (e instanceof Application a && a.getArguments().size() == 1) {
            Double x = value(a.getArguments().get(0), visiting, bound);
            if (x == null) {
                return null;
            }
            return switch (a.getFunction()) {
                case "exp" -> Math.exp(x);
                case "log" -> Math.log(x);
                case "sqrt" -> Math.sqrt(x);
                case "abs" -> Math.abs(x);
                case "cos" -> Math.cos(x);
                case "sin" -> Math.sin(x);
                case "tanh" -> Math.tanh(x);
                default -> null;
            };
        }
        return null;
    }
}
