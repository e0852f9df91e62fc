package org.thermogen.lang.generator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.thermogen.lang.energy.Index;
import org.thermogen.lang.energy.Loop;
import org.thermogen.lang.energy.Node;
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
import org.thermogen.lang.energy.Polynomials;
import org.thermogen.lang.energy.Temp;

/**
 * Emits Java for index-form expressions inside one method: {@link #value} writes the
 * statements an expression needs (sums become loops into locals) and returns a Java
 * expression for it; {@link #adjoint} writes reverse-mode derivative code, symbolic
 * differentiation done at generation time, accumulating into a gradient array.
 */
final class EnergyEmitter {
    private final JavaWriter w;
    private final Function<Elem, String> offsetName;
    private final Function<String, String> types;
    private final Set<String> taken = new HashSet<>();
    private final Map<Loop, String> loopNames = new HashMap<>();
    private final Set<String> active = new HashSet<>();
    private int counter;

    /**
     * @param w          where statements go
     * @param offsetName the Java constant holding the offset of a state or parameter element
     * @param reserved   names already used in the method (parameters, constants)
     * @param types      the name to write for a runtime class (importing it)
     */
    EnergyEmitter(JavaWriter w, Function<Elem, String> offsetName, Set<String> reserved, Function<String, String> types) {
        this.w = w;
        this.offsetName = offsetName;
        this.types = types;
        this.taken.addAll(reserved);
    }

    // ------------------------------------------------------------------ names

    String fresh(String prefix) {
        String n;
        do {
            n = prefix + (++counter);
        } while (taken.contains(n) || active.contains(n));
        taken.add(n);
        return n;
    }

    static String tempArray(Temp t) {
        return "t" + t.id();
    }

    static String tempAdjoint(Temp t) {
        return "dt" + t.id();
    }

    static String tempArgumentAdjoint(Temp t) {
        return "gt" + t.id();
    }

    static String tempScalar(Temp t) {
        return (t.kind() == Temp.Kind.LOGDET ? "logdet" : "trace") + t.id();
    }

    static String tempScalarAdjoint(Temp t) {
        return "d" + tempScalar(t);
    }

    static String matrixWorkspace(int n) {
        return "m" + n;
    }

    // ------------------------------------------------------------------ loops

    /** Opens the loops of a sum (with its relations as bounds or guards), runs body, closes them. */
    void loops(List<Loop> loops, List<Relation> relations, Runnable body) {
        List<String> opened = new ArrayList<>();
        List<Loop> done = new ArrayList<>();
        for (Loop l : loops) {
            String name = name(l);
            String lower = Integer.toString(l.lo());
            String upper = Integer.toString(l.hi() + 1);
            List<String> guards = new ArrayList<>();
            for (Relation r : relations) {
                Loop other;
                String op;
                if (r.right() == l && done.contains(r.left())) {
                    other = r.left();
                    op = r.op();
                } else if (r.left() == l && done.contains(r.right())) {
                    other = r.right();
                    op = flip(r.op());
                } else {
                    continue;
                }
                String o = loopNames.get(other);
                // Here `other op l` holds; turn it into bounds on l where possible.
                switch (op) {
                    case "<" -> lower = max(lower, o + " + 1", other.lo() + 1 >= l.lo());
                    case "<=" -> lower = max(lower, o, other.lo() >= l.lo());
                    case ">" -> upper = min(upper, o, other.hi() <= l.hi() + 1);
                    case ">=" -> upper = min(upper, o + " + 1", other.hi() + 1 <= l.hi() + 1);
                    default -> guards.add(o + " == " + name);
                }
            }
            w.open("for (int " + name + " = " + lower + "; " + name + " < " + upper + "; " + name + "++)");
            for (String g : guards) {
                w.open("if (" + g + ")").line("continue;").close();
            }
            opened.add(name);
            done.add(l);
        }
        body.run();
        for (int i = loops.size() - 1; i >= 0; i--) {
            w.close();
            release(loops.get(i));
        }
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private static String max(String a, String b, boolean bAlwaysLarger) {
        return bAlwaysLarger ? b : "Math.max(" + a + ", " + b + ")";
    }

    private static String min(String a, String b, boolean bAlwaysSmaller) {
        return bAlwaysSmaller ? b : "Math.min(" + a + ", " + b + ")";
    }

    private String name(Loop l) {
        String base = JavaText.identifier(l.name());
        String n = base;
        while (active.contains(n) || taken.contains(n)) {
            n = base + "_" + (++counter);
        }
        active.add(n);
        loopNames.put(l, n);
        return n;
    }

    private void release(Loop l) {
        active.remove(loopNames.remove(l));
    }

    // ------------------------------------------------------------------ indices

    String index(Index ix) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Loop, Integer> e : ix.coefficients().entrySet()) {
            String name = loopNames.get(e.getKey());
            if (name == null) {
                throw new IllegalStateException("loop " + e.getKey() + " used outside its sum");
            }
            int c = e.getValue();
            if (b.length() > 0) {
                b.append(c < 0 ? " - " : " + ");
            } else if (c < 0) {
                b.append('-');
            }
            if (Math.abs(c) != 1) {
                b.append(Math.abs(c)).append(" * ");
            }
            b.append(name);
        }
        if (b.length() == 0) {
            return Integer.toString(ix.constant());
        }
        if (ix.constant() != 0) {
            b.append(ix.constant() < 0 ? " - " : " + ").append(Math.abs(ix.constant()));
        }
        return b.toString();
    }

    /** The name of the offset of {@code e}'s array where its first element sits: {@code P_W}, {@code V_v}. */
    String base(Elem e) {
        return offsetName.apply(e);
    }

    /** The flat position of an element in its array, as Java. */
    String position(Elem e) {
        int[] dims = e.dims();
        List<String> terms = new ArrayList<>();
        int constant = 0;
        int stride = 1;
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            Index ix = e.indices().get(axis);
            if (ix.isConstant() && !e.periodic()) {
                constant += ix.constant() * stride;
            } else if (ix.isConstant()) {
                constant += Math.floorMod(ix.constant(), dims[axis]) * stride;
            } else {
                String s = index(ix);
                if (e.periodic() && !(ix.isLoop())) {
                    s = "Math.floorMod(" + s + ", " + dims[axis] + ")";
                } else if (!ix.isLoop()) {
                    s = "(" + s + ")";
                }
                terms.add(0, stride == 1 ? s : s + " * " + stride);
            }
            stride *= dims[axis];
        }
        String base = e.source() == Source.TEMP ? null : offsetName.apply(e);
        StringBuilder b = new StringBuilder();
        if (base != null) {
            b.append(base);
        }
        for (String t : terms) {
            b.append(b.length() == 0 ? "" : " + ").append(t);
        }
        if (constant != 0 || b.length() == 0) {
            b.append(b.length() == 0 ? "" : " + ").append(constant);
        }
        return b.toString();
    }

    private String array(Elem e) {
        return switch (e.source()) {
            case STATE -> "x";
            case PARAM -> "theta";
            case TEMP -> tempArray(e.temp());
        };
    }

    // ------------------------------------------------------------------ values

    /** Writes what {@code n} needs and returns a Java expression (an atom or parenthesized) for it. */
    String value(Node n) {
        if (n instanceof Const c) {
            return JavaText.number(c.value());
        }
        if (n instanceof Elem e) {
            return array(e) + "[" + position(e) + "]";
        }
        if (n instanceof IndexValue iv) {
            return "((double) (" + index(iv.index()) + "))";
        }
        if (n instanceof Add a) {
            StringBuilder b = new StringBuilder("(");
            for (Node t : a.terms()) {
                if (t instanceof Neg g) {
                    b.append(b.length() == 1 ? "-" : " - ").append(value(g.operand()));
                } else {
                    b.append(b.length() == 1 ? "" : " + ").append(value(t));
                }
            }
            return b.append(')').toString();
        }
        if (n instanceof Mul m) {
            List<String> parts = new ArrayList<>();
            for (Node f : m.factors()) {
                parts.add(value(f));
            }
            return "(" + String.join(" * ", parts) + ")";
        }
        if (n instanceof Neg g) {
            return "(-" + value(g.operand()) + ")";
        }
        if (n instanceof Div d) {
            String a = value(d.numerator());
            String b = value(d.denominator());
            return "(" + a + " / " + b + ")";
        }
        if (n instanceof Pow p) {
            String b = local(value(p.base()));
            if (p.exponent() == 2) {
                return "(" + b + " * " + b + ")";
            }
            return "Math.pow(" + b + ", " + JavaText.number(p.exponent()) + ")";
        }
        if (n instanceof Fn f) {
            return function(f.function(), value(f.argument()));
        }
        if (n instanceof Sum s) {
            String acc = fresh("s");
            w.line("double " + acc + " = 0.0;");
            loops(s.loops(), s.relations(), () -> {
                String body = value(s.body());
                w.line(acc + " += " + strip(body) + ";");
            });
            return acc;
        }
        if (n instanceof TempValue t) {
            return tempScalar(t.temp());
        }
        if (n instanceof Origin o) {
            w.from(o.line()).comment(o.comment());
            return value(o.node());
        }
        throw new IllegalStateException("cannot emit " + n);
    }

    /** Emits {@code target += term} for each term of a sum, each after its .gen line. */
    void accumulate(Node n, String target) {
        if (n instanceof Add a) {
            for (Node t : a.terms()) {
                accumulate(t, target);
            }
            return;
        }
        if (n instanceof Origin o) {
            w.from(o.line()).comment(o.comment());
            accumulate(o.node(), target);
            return;
        }
        if (n instanceof Neg g && g.operand() instanceof Sum) {
            String v = value(g.operand());
            w.line(target + " -= " + v + ";");
            return;
        }
        w.line(target + " += " + strip(value(n)) + ";");
    }

    private String function(String f, String a) {
        return switch (f) {
            case "exp" -> "Math.exp(" + strip(a) + ")";
            case "log" -> "Math.log(" + strip(a) + ")";
            case "tanh" -> "Math.tanh(" + strip(a) + ")";
            case "sqrt" -> "Math.sqrt(" + strip(a) + ")";
            case "abs" -> "Math.abs(" + strip(a) + ")";
            case "cosh" -> "Math.cosh(" + strip(a) + ")";
            case "softplus" -> functions() + ".softplus(" + strip(a) + ")";
            case "sigmoid" -> functions() + ".sigmoid(" + strip(a) + ")";
            case "logcosh" -> functions() + ".logcosh(" + strip(a) + ")";
            default -> throw new IllegalStateException("unknown function " + f);
        };
    }

    /** d f / d a at {@code a} (an atom). */
    private String derivative(String f, String a) {
        return switch (f) {
            case "exp" -> "Math.exp(" + a + ")";
            case "log" -> "(1.0 / " + a + ")";
            case "tanh" -> functions() + ".tanhDerivative(" + a + ")";
            case "sqrt" -> "(0.5 / Math.sqrt(" + a + "))";
            case "abs" -> "Math.signum(" + a + ")";
            case "cosh" -> "Math.sinh(" + a + ")";
            case "softplus" -> functions() + ".sigmoid(" + a + ")";
            case "sigmoid" -> functions() + ".sigmoidDerivative(" + a + ")";
            case "logcosh" -> "Math.tanh(" + a + ")";
            default -> throw new IllegalStateException("unknown function " + f);
        };
    }

    private String functions() {
        return types.apply("org.thermogen.runtime.energy.Functions");
    }

    /** Removes one pair of outer parentheses when they enclose the whole expression. */
    static String strip(String s) {
        if (s.length() < 2 || s.charAt(0) != '(' || s.charAt(s.length() - 1) != ')') {
            return s;
        }
        int depth = 0;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (depth == 0) {
                return s;
            }
        }
        return s.substring(1, s.length() - 1);
    }

    /** A local holding {@code expr}, unless it is already a name, number or element. */
    String local(String expr) {
        if (isAtom(expr)) {
            return expr;
        }
        String n = fresh("v");
        w.line("final double " + n + " = " + strip(expr) + ";");
        return n;
    }

    private static boolean isAtom(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") || s.matches("\\(?-?[0-9][0-9.E-]*\\)?")
                || s.matches("[A-Za-z_][A-Za-z0-9_]*\\[[A-Za-z0-9_ +*]*\\]");
    }

    // ------------------------------------------------------------------ derivatives

    /**
     * Writes code adding {@code up * d n / d target} into {@code gradient}: for every
     * element of {@code target} that {@code n} reads. {@code up} must not depend on loops
     * opened inside {@code n}.
     */
    void adjoint(Node n, String up, Source target, String gradient) {
        if (!Polynomials.reads(n, target)) {
            return;
        }
        if (n instanceof Elem e) {
            if (e.source() == target) {
                w.line(gradient + "[" + position(e) + "] += " + strip(up) + ";");
            } else if (e.source() == Source.TEMP) {
                w.line(tempAdjoint(e.temp()) + "[" + position(e) + "] += " + strip(up) + ";");
            }
            return;
        }
        if (n instanceof TempValue t) {
            w.line(tempScalarAdjoint(t.temp()) + " += " + strip(up) + ";");
            return;
        }
        if (n instanceof Origin o) {
            w.from(o.line()).comment(o.comment());
            adjoint(o.node(), up, target, gradient);
            return;
        }
        if (n instanceof Add a) {
            String u = local(up);
            for (Node t : a.terms()) {
                adjoint(t, u, target, gradient);
            }
            return;
        }
        if (n instanceof Neg g) {
            adjoint(g.operand(), negate(up), target, gradient);
            return;
        }
        if (n instanceof Mul m) {
            List<Node> fs = m.factors();
            List<Integer> relevant = new ArrayList<>();
            for (int i = 0; i < fs.size(); i++) {
                if (Polynomials.reads(fs.get(i), target)) {
                    relevant.add(i);
                }
            }
            String[] vals = new String[fs.size()];
            for (int j = 0; j < fs.size(); j++) {
                boolean needed = relevant.size() > 1 || !relevant.contains(j);
                if (needed) {
                    vals[j] = local(value(fs.get(j)));
                }
            }
            for (int i : relevant) {
                String u = up;
                for (int j = 0; j < fs.size(); j++) {
                    if (j != i) {
                        u = times(u, vals[j]);
                    }
                }
                adjoint(fs.get(i), local(u), target, gradient);
            }
            return;
        }
        if (n instanceof Div d) {
            String b = local(value(d.denominator()));
            if (Polynomials.reads(d.numerator(), target)) {
                adjoint(d.numerator(), local(up + " / " + b), target, gradient);
            }
            if (Polynomials.reads(d.denominator(), target)) {
                String a = local(value(d.numerator()));
                adjoint(d.denominator(), local("-" + up + " * " + a + " / (" + b + " * " + b + ")"), target, gradient);
            }
            return;
        }
        if (n instanceof Pow p) {
            String b = local(value(p.base()));
            double e = p.exponent();
            String dp = e == 2 ? "2.0 * " + b : JavaText.number(e) + " * Math.pow(" + b + ", " + JavaText.number(e - 1) + ")";
            adjoint(p.base(), local(times(up, dp)), target, gradient);
            return;
        }
        if (n instanceof Fn f) {
            String a = local(value(f.argument()));
            adjoint(f.argument(), local(times(up, derivative(f.function(), a))), target, gradient);
            return;
        }
        if (n instanceof Sum s) {
            String u = local(up);
            loops(s.loops(), s.relations(), () -> adjoint(s.body(), u, target, gradient));
            return;
        }
        throw new IllegalStateException("cannot differentiate " + n);
    }

    private static String negate(String up) {
        String s = strip(up);
        if (s.startsWith("-") && isAtom(s.substring(1))) {
            return s.substring(1);
        }
        if (s.matches("[0-9][0-9.E-]*")) {
            return "-" + s;
        }
        return "(-" + up + ")";
    }

    /** {@code a * b}, without multiplying by one. */
    private static String times(String a, String b) {
        String sa = strip(a);
        String sb = strip(b);
        if (sa.equals("1.0")) {
            return b;
        }
        if (sb.equals("1.0")) {
            return a;
        }
        if (sa.equals("-1.0")) {
            return negate(b);
        }
        if (sb.equals("-1.0")) {
            return negate(a);
        }
        return a + " * " + b;
    }
}
