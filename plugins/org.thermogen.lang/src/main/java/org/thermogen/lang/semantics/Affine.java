package org.thermogen.lang.semantics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.IndexVar;
import org.thermogen.lang.thermogen.Negation;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.SymbolRef;

/**
 * An index expression {@code c + sum_v a_v * v} over sum indices with whole coefficients:
 * {@code k}, {@code i+1}, {@code 2*j - 1}, {@code 3}.
 */
public final class Affine {
    private final Map<IndexVar, Integer> coefficients;
    private final int constant;

    private Affine(Map<IndexVar, Integer> coefficients, int constant) {
        this.coefficients = coefficients;
        this.constant = constant;
    }

    /** The affine form of {@code e}, or null if it is not one. */
    public static Affine of(Expr e) {
        if (e instanceof NumberLiteral n) {
            double v = n.getValue();
            return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE ? constant((int) v) : null;
        }
        if (e instanceof SymbolRef r && r.getIndices().isEmpty()) {
            if (r.getSymbol() instanceof IndexVar v) {
                Map<IndexVar, Integer> m = new LinkedHashMap<>();
                m.put(v, 1);
                return new Affine(m, 0);
            }
            if (r.getSymbol() instanceof Constant) {
                Integer v = ConstantFolder.intValue(e);
                return v == null ? null : constant(v);
            }
            return null;
        }
        if (e instanceof Negation n) {
            Affine a = of(n.getOperand());
            return a == null ? null : a.times(-1);
        }
        if (e instanceof Binary b) {
            Affine l = of(b.getLeft());
            Affine r = of(b.getRight());
            if (l == null || r == null) {
                return null;
            }
            switch (b.getOp()) {
                case "+":
                    return l.plus(r, 1);
                case "-":
                    return l.plus(r, -1);
                case "*":
                    if (l.coefficients.isEmpty()) {
                        return r.times(l.constant);
                    }
                    if (r.coefficients.isEmpty()) {
                        return l.times(r.constant);
                    }
                    return null;
                default:
                    return null;
            }
        }
        return null;
    }

    public static Affine constant(int c) {
        return new Affine(Collections.emptyMap(), c);
    }

    public Map<IndexVar, Integer> coefficients() {
        return Collections.unmodifiableMap(coefficients);
    }

    public int constant() {
        return constant;
    }

    public int coefficient(IndexVar v) {
        return coefficients.getOrDefault(v, 0);
    }

    /** The one index this expression uses, or null. */
    public IndexVar singleVariable() {
        return coefficients.size() == 1 ? coefficients.keySet().iterator().next() : null;
    }

    /** {min, max} over the given index ranges, or null if a range is missing. */
    public int[] bounds(Map<IndexVar, int[]> ranges) {
        long lo = constant;
        long hi = constant;
        for (Map.Entry<IndexVar, Integer> e : coefficients.entrySet()) {
            int[] r = ranges.get(e.getKey());
            if (r == null) {
                return null;
            }
            long a = (long) e.getValue() * r[0];
            long b = (long) e.getValue() * r[1];
            lo += Math.min(a, b);
            hi += Math.max(a, b);
        }
        return new int[] {(int) lo, (int) hi};
    }

    private Affine plus(Affine o, int sign) {
        Map<IndexVar, Integer> m = new LinkedHashMap<>(coefficients);
        o.coefficients.forEach((v, c) -> m.merge(v, sign * c, Integer::sum));
        m.values().removeIf(c -> c == 0);
        return new Affine(m, constant + sign * o.constant);
    }

    private Affine times(int k) {
        Map<IndexVar, Integer> m = new LinkedHashMap<>();
        if (k != 0) {
            coefficients.forEach((v, c) -> m.put(v, c * k));
        }
        return new Affine(m, constant * k);
    }
}
