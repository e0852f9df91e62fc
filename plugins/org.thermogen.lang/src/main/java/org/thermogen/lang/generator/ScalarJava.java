package org.thermogen.lang.generator;

import java.util.Map;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.Negation;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.SymbolRef;

/**
 * A scalar formula as a Java expression: numbers, constants (folded), bound symbols (the
 * step {@code t} and the step count {@code T} of a schedule), {@code + - * / ^} and the
 * functions the validator accepts. Every operand is parenthesized, so Java's precedence
 * can never differ from the formula's.
 */
final class ScalarJava {
    private ScalarJava() {
    }

    /** {@code bound} maps symbols to the Java text that stands for them. */
    static String of(Expr e, Map<? extends Symbol, String> bound) {
        Double constant = ConstantFolder.value(e);
        if (constant != null) {
            return JavaText.number(constant);
        }
        if (e instanceof NumberLiteral n) {
            return JavaText.number(n.getValue());
        }
        if (e instanceof SymbolRef r && bound.containsKey(r.getSymbol())) {
            return "(" + bound.get(r.getSymbol()) + ")";
        }
        if (e instanceof Negation n) {
            return "(-" + of(n.getOperand(), bound) + ")";
        }
        if (e instanceof Binary b) {
            String x = of(b.getLeft(), bound);
            String y = of(b.getRight(), bound);
            return switch (b.getOp()) {
                case "^" -> "Math.pow(" + x + ", " + y + ")";
                case "+", "-", "*", "/" -> "(" + x + " " + b.getOp() + " " + y + ")";
                default -> throw new IllegalStateException("no scalar meaning for " + b.getOp());
            };
        }
        if (e instanceof Application a && a.getArguments().size() == 1) {
            String x = of(a.getArguments().get(0), bound);
            return switch (a.getFunction()) {
                case "exp", "log", "sqrt", "abs", "cos", "sin", "tanh" -> "Math." + a.getFunction() + "(" + x + ")";
                default -> throw new IllegalStateException("no scalar function " + a.getFunction());
            };
        }
        throw new IllegalStateException("not a scalar formula: " + e);
    }
}
