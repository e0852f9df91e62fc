package org.thermogen.lang.energy;

import java.util.ArrayList;
import java.util.List;
import org.thermogen.lang.energy.Node.Add;
import org.thermogen.lang.energy.Node.Const;
import org.thermogen.lang.energy.Node.Div;
import org.thermogen.lang.energy.Node.Fn;
import org.thermogen.lang.energy.Node.Mul;
import org.thermogen.lang.energy.Node.Neg;
import org.thermogen.lang.energy.Node.Origin;
import org.thermogen.lang.energy.Node.Pow;
import org.thermogen.lang.energy.Node.Sum;

/**
 * Tidies index-form expressions so the generated Java reads like the mathematics:
 * flattens nested sums and products, folds constants, drops multiplications by one and
 * double negations. Never changes a value (beyond floating-point reassociation of
 * constant factors).
 */
public final class Simplify {
    private Simplify() {
    }

    public static Node node(Node n) {
        if (n instanceof Add a) {
            List<Node> terms = new ArrayList<>();
            double c = 0;
            for (Node t : a.terms()) {
                Node s = node(t);
                if (s instanceof Add inner) {
                    terms.addAll(inner.terms());
                } else if (s instanceof Const k) {
                    c += k.value();
                } else {
                    terms.add(s);
                }
            }
            if (c != 0 || terms.isEmpty()) {
                terms.add(new Const(c));
            }
            return terms.size() == 1 ? terms.get(0) : new Add(terms);
        }
        if (n instanceof Mul m) {
            List<Node> factors = new ArrayList<>();
            double c = 1;
            for (Node f : m.factors()) {
                Node s = node(f);
                while (s instanceof Neg neg) {
                    c = -c;
                    s = neg.operand();
                }
                if (s instanceof Mul inner) {
                    for (Node g : inner.factors()) {
                        if (g instanceof Const k) {
                            c *= k.value();
                        } else {
                            factors.add(g);
                        }
                    }
                } else if (s instanceof Const k) {
                    c *= k.value();
                } else {
                    factors.add(s);
                }
            }
            if (c == 0) {
                return new Const(0);
            }
            if (factors.isEmpty()) {
                return new Const(c);
            }
            Node body = factors.size() == 1 ? factors.get(0) : new Mul(factors);
            if (c == 1) {
                return body;
            }
            if (c == -1) {
                return new Neg(body);
            }
            List<Node> withConst = new ArrayList<>();
            withConst.add(new Const(c));
            withConst.addAll(factors);
            return new Mul(withConst);
        }
        if (n instanceof Neg g) {
            Node s = node(g.operand());
            if (s instanceof Neg inner) {
                return inner.operand();
            }
            if (s instanceof Const k) {
                return new Const(-k.value());
            }
            if (s instanceof Mul m && m.factors().get(0) instanceof Const k) {
                List<Node> f = new ArrayList<>(m.factors());
                f.set(0, new Const(-k.value()));
                return node(new Mul(f));
            }
            return new Neg(s);
        }
        if (n instanceof Div d) {
            Node num = node(d.numerator());
            Node den = node(d.denominator());
            if (den instanceof Const k) {
                if (k.value() == 1) {
                    return num;
                }
                return node(new Mul(List.of(new Const(1.0 / k.value()), num)));
            }
            return new Div(num, den);
        }
        if (n instanceof Pow p) {
            Node b = node(p.base());
            if (p.exponent() == 1) {
                return b;
            }
            if (p.exponent() == 0) {
                return new Const(1);
            }
            if (b instanceof Const k) {
                return new Const(Math.pow(k.value(), p.exponent()));
            }
            return new Pow(b, p.exponent());
        }
        if (n instanceof Fn f) {
            return new Fn(f.function(), node(f.argument()));
        }
        if (n instanceof Sum s) {
            Node body = node(s.body());
            if (body instanceof Const k && k.value() == 0) {
                return body;
            }
            return new Sum(s.loops(), s.relations(), body);
        }
        if (n instanceof Origin o) {
            return new Origin(o.comment(), o.line(), node(o.node()));
        }
        return n;
    }
}
