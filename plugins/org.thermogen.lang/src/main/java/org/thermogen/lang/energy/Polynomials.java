package org.thermogen.lang.energy;

import java.util.ArrayList;
import java.util.List;
import org.thermogen.lang.energy.Node.Add;
import org.thermogen.lang.energy.Node.Const;
import org.thermogen.lang.energy.Node.Div;
import org.thermogen.lang.energy.Node.Elem;
import org.thermogen.lang.energy.Node.Fn;
import org.thermogen.lang.energy.Node.IndexValue;
import org.thermogen.lang.energy.Node.Mul;
import org.thermogen.lang.energy.Node.Neg;
import org.thermogen.lang.energy.Node.Origin;
import org.thermogen.lang.energy.Node.Pow;
import org.thermogen.lang.energy.Node.Relation;
import org.thermogen.lang.energy.Node.Source;
import org.thermogen.lang.energy.Node.Sum;
import org.thermogen.lang.energy.Node.TempValue;

/**
 * Expands an energy into monomials in the state (distributing products over sums), and
 * measures how coefficients depend on parameters. This is how the generator recognizes a
 * Boltzmann machine (degree two in the units) or a Gaussian (degree two in a real vector).
 */
public final class Polynomials {
    /** Beyond this many symbolic terms the energy is treated as general. */
    private static final int MAX_TERMS = 4096;

    private Polynomials() {
    }

    /** Why an energy is not a polynomial in the state. */
    public static final class NotPolynomial extends Exception {
        private static final long serialVersionUID = 1L;

        NotPolynomial(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The monomials of {@code n}. */
    public static List<Monomial> expand(Node n) throws NotPolynomial {
        return expand(n, "", 0);
    }

    private static List<Monomial> expand(Node n, String origin, int line) throws NotPolynomial {
        if (!readsState(n)) {
            return List.of(new Monomial(List.of(), List.of(), n, List.of(), origin, line));
        }
        if (n instanceof Origin o) {
            return expand(o.node(), o.comment(), o.line());
        }
        if (n instanceof Elem e) {
            return List.of(new Monomial(List.of(), List.of(), new Const(1), List.of(e), origin, line));
        }
        if (n instanceof Add a) {
            List<Monomial> out = new ArrayList<>();
            for (Node t : a.terms()) {
                out.addAll(expand(t, origin, line));
                limit(out.size());
            }
            return out;
        }
        if (n instanceof Neg g) {
            List<Monomial> out = new ArrayList<>();
            for (Monomial m : expand(g.operand(), origin, line)) {
                out.add(withCoefficient(m, Simplify.node(new Neg(m.coefficient()))));
            }
            return out;
        }
        if (n instanceof Mul m) {
            List<Monomial> acc = List.of(new Monomial(List.of(), List.of(), new Const(1), List.of(), origin, line));
            for (Node f : m.factors()) {
                List<Monomial> fm = expand(f, origin, line);
                List<Monomial> next = new ArrayList<>();
                for (Monomial a : acc) {
                    for (Monomial b : fm) {
                        next.add(product(a, b));
                    }
                }
                limit(next.size());
                acc = next;
            }
            return acc;
        }
        if (n instanceof Div d) {
            if (readsState(d.denominator())) {
                throw new NotPolynomial("it divides by an expression of the state");
            }
            List<Monomial> out = new ArrayList<>();
            for (Monomial m : expand(d.numerator(), origin, line)) {
                out.add(withCoefficient(m, Simplify.node(new Div(m.coefficient(), d.denominator()))));
            }
            return out;
        }
        if (n instanceof Pow p) {
            double e = p.exponent();
            if (e != Math.rint(e) || e < 0 || e > 4) {
                throw new NotPolynomial("it raises an expression of the state to the power " + e);
            }
            List<Node> factors = new ArrayList<>();
            for (int i = 0; i < (int) e; i++) {
                factors.add(p.base());
            }
            return expand(new Mul(factors), origin, line);
        }
        if (n instanceof Sum s) {
            List<Monomial> out = new ArrayList<>();
            for (Monomial m : expand(s.body(), origin, line)) {
                List<Loop> loops = new ArrayList<>(s.loops());
                loops.addAll(m.loops());
                List<Relation> rel = new ArrayList<>(s.relations());
                rel.addAll(m.relations());
                out.add(new Monomial(loops, rel, m.coefficient(), m.vars(), m.origin(), m.line()));
            }
            return out;
        }
        if (n instanceof Fn f) {
            throw new NotPolynomial("it applies " + f.function() + " to an expression of the state");
        }
        throw new NotPolynomial("it uses the state inside a matrix function");
    }

    private static void limit(int size) throws NotPolynomial {
        if (size > MAX_TERMS) {
            throw new NotPolynomial("its expansion has more than " + MAX_TERMS + " terms");
        }
    }

    private static Monomial product(Monomial a, Monomial b) {
        List<Loop> loops = new ArrayList<>(a.loops());
        loops.addAll(b.loops());
        List<Relation> rel = new ArrayList<>(a.relations());
        rel.addAll(b.relations());
        List<Elem> vars = new ArrayList<>(a.vars());
        vars.addAll(b.vars());
        Node c = Simplify.node(new Mul(List.of(a.coefficient(), b.coefficient())));
        return a.origin().isEmpty() ? new Monomial(loops, rel, c, vars, b.origin(), b.line())
                : new Monomial(loops, rel, c, vars, a.origin(), a.line());
    }

    private static Monomial withCoefficient(Monomial m, Node c) {
        return new Monomial(m.loops(), m.relations(), c, m.vars(), m.origin(), m.line());
    }

    /** True if {@code n} reads the state vector. */
    public static boolean readsState(Node n) {
        return reads(n, Source.STATE);
    }

    /** True if {@code n} reads the parameter vector. */
    public static boolean readsParams(Node n) {
        return reads(n, Source.PARAM);
    }

    /** True if {@code n} reads array {@code source}, directly or through a temporary. */
    public static boolean reads(Node n, Source source) {
        if (n instanceof Elem e) {
            if (e.source() == source) {
                return true;
            }
            return e.source() == Source.TEMP && reads(e.temp().element(), source);
        }
        if (n instanceof TempValue t) {
            return reads(t.temp().element(), source);
        }
        if (n instanceof Add a) {
            return a.terms().stream().anyMatch(t -> reads(t, source));
        }
        if (n instanceof Mul m) {
            return m.factors().stream().anyMatch(t -> reads(t, source));
        }
        if (n instanceof Neg g) {
            return reads(g.operand(), source);
        }
        if (n instanceof Div d) {
            return reads(d.numerator(), source) || reads(d.denominator(), source);
        }
        if (n instanceof Pow p) {
            return reads(p.base(), source);
        }
        if (n instanceof Fn f) {
            return reads(f.argument(), source);
        }
        if (n instanceof Sum s) {
            return reads(s.body(), source);
        }
        if (n instanceof Origin o) {
            return reads(o.node(), source);
        }
        return false;
    }

    /**
     * The polynomial degree of {@code n} in the parameters: 0 for constants, 1 for linear
     * expressions, {@link Integer#MAX_VALUE} for anything non-polynomial.
     */
    public static int paramDegree(Node n) {
        if (n instanceof Const || n instanceof IndexValue) {
            return 0;
        }
        if (n instanceof Elem e) {
            if (e.source() == Source.PARAM) {
                return 1;
            }
            if (e.source() == Source.TEMP) {
                return readsParams(e.temp().element()) ? Integer.MAX_VALUE : 0;
            }
            return 0;
        }
        if (n instanceof TempValue t) {
            return readsParams(t.temp().element()) ? Integer.MAX_VALUE : 0;
        }
        if (n instanceof Add a) {
            int d = 0;
            for (Node t : a.terms()) {
                d = Math.max(d, paramDegree(t));
            }
            return d;
        }
        if (n instanceof Mul m) {
            long d = 0;
            for (Node t : m.factors()) {
                d += paramDegree(t);
            }
            return (int) Math.min(d, Integer.MAX_VALUE);
        }
        if (n instanceof Neg g) {
            return paramDegree(g.operand());
        }
        if (n instanceof Div d) {
            return paramDegree(d.denominator()) == 0 ? paramDegree(d.numerator()) : Integer.MAX_VALUE;
        }
        if (n instanceof Pow p) {
            int b = paramDegree(p.base());
            if (b == 0) {
                return 0;
            }
            double e = p.exponent();
            return e == Math.rint(e) && e > 0 && e < 8 ? (int) Math.min((long) b * (long) e, Integer.MAX_VALUE)
                    : Integer.MAX_VALUE;
        }
        if (n instanceof Fn f) {
            return paramDegree(f.argument()) == 0 ? 0 : Integer.MAX_VALUE;
        }
        if (n instanceof Sum s) {
            return paramDegree(s.body());
        }
        if (n instanceof Origin o) {
            return paramDegree(o.node());
        }
        return Integer.MAX_VALUE;
    }
}
