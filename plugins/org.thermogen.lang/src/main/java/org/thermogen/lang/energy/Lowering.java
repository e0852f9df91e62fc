package org.thermogen.lang.energy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
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
import org.thermogen.lang.semantics.Affine;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.ExprShape;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelAnalysis.ParamInfo;
import org.thermogen.lang.semantics.ModelAnalysis.VariableInfo;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Energy;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.IndexBinding;
import org.thermogen.lang.thermogen.IndexVar;
import org.thermogen.lang.thermogen.IndexedSum;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Negation;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.Transpose;
import org.thermogen.lang.thermogen.Variable;

/**
 * Writes an energy in index form: every vector and matrix operation becomes explicit
 * sums over indices ({@code h . s} becomes {@code sum_i h[i] * s[i]}), calls to other
 * models' energies are inlined with their arguments substituted, and matrix functions
 * become {@link Temp}s. Expects a model without analysis errors.
 */
public final class Lowering {

    /** The lowered energy and the temporaries it reads. */
    public record Lowered(Node energy, List<Temp> temps) {
    }

    private record Actual(Expr expr, Env env) {
    }

    private record Env(ModelAnalysis analysis, Map<IndexVar, Loop> loops, Map<Variable, Actual> formals) {
        Env withLoops(Map<IndexVar, Loop> more) {
            Map<IndexVar, Loop> m = new HashMap<>(loops);
            m.putAll(more);
            return new Env(analysis, m, formals);
        }
    }

    private final ModelAnalysis root;
    private final String fileName;
    private final List<Temp> temps = new ArrayList<>();
    private int fresh;

    private Lowering(ModelAnalysis root, String fileName) {
        this.root = root;
        this.fileName = fileName;
    }

    /** Lowers the energy of an analysed model; {@code fileName} labels the origin comments. */
    public static Lowered lower(ModelAnalysis analysis, String fileName) {
        Lowering l = new Lowering(analysis, fileName);
        Energy e = analysis.energy();
        Env env = new Env(analysis, Map.of(), Map.of());
        List<Node> terms = new ArrayList<>();
        l.topLevelTerms(e.getBody(), 1, terms, env);
        return new Lowered(Simplify.node(new Add(terms)), List.copyOf(l.temps));
    }

    /** Splits {@code a - b + c} so each term carries its own line of the .gen file. */
    private void topLevelTerms(Expr e, int sign, List<Node> out, Env env) {
        if (e instanceof Binary b && (b.getOp().equals("+") || b.getOp().equals("-"))
                && root.shapeOf(b).isScalar()) {
            topLevelTerms(b.getLeft(), sign, out, env);
            topLevelTerms(b.getRight(), b.getOp().equals("-") ? -sign : sign, out, env);
            return;
        }
        Node n = lower(e, List.of(), env);
        ICompositeNode at = NodeModelUtils.findActualNodeFor(e);
        out.add(new Origin(origin(e, sign), at == null ? 0 : at.getStartLine(), sign < 0 ? new Neg(n) : n));
    }

    private String origin(EObject e, int sign) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(e);
        if (node == null) {
            return fileName;
        }
        String text = NodeModelUtils.getTokenText(node);
        return fileName + ":" + node.getStartLine() + ": " + (sign < 0 ? "- " : "+ ") + text;
    }

    private Node lower(Expr e, List<Index> out, Env env) {
        if (e instanceof NumberLiteral n) {
            return new Const(n.getValue());
        }
        if (e instanceof Negation n) {
            return new Neg(lower(n.getOperand(), out, env));
        }
        if (e instanceof Transpose t) {
            ExprShape s = env.analysis().shapeOf(t.getOperand());
            return s.isMatrix() ? lower(t.getOperand(), List.of(out.get(1), out.get(0)), env)
                    : lower(t.getOperand(), out, env);
        }
        if (e instanceof SymbolRef r) {
            return symbol(r, out, env);
        }
        if (e instanceof Binary b) {
            return binary(b, out, env);
        }
        if (e instanceof IndexedSum s) {
            return sum(s, out, env);
        }
        if (e instanceof Application a) {
            return application(a, out, env);
        }
        throw new IllegalStateException("cannot lower " + e.eClass().getName());
    }

    private Node symbol(SymbolRef r, List<Index> out, Env env) {
        List<Index> indices = new ArrayList<>();
        for (Expr ix : r.getIndices()) {
            indices.add(index(ix, env));
        }
        indices.addAll(out);
        if (r.getSymbol() instanceof Variable v) {
            Actual actual = env.formals().get(v);
            if (actual != null) {
                return lower(actual.expr(), indices, actual.env());
            }
            VariableInfo info = env.analysis().info(v);
            return new Elem(Source.STATE, info.name(), info.offset(), info.dims(), indices, info.periodic(), null);
        }
        if (r.getSymbol() instanceof Param p) {
            ParamInfo info = root.info(p);
            return new Elem(Source.PARAM, info.name(), info.offset(), info.dims(), indices, false, null);
        }
        if (r.getSymbol() instanceof IndexVar v) {
            return new IndexValue(Index.of(env.loops().get(v)));
        }
        if (r.getSymbol() instanceof Constant) {
            return new Const(ConstantFolder.value(r));
        }
        throw new IllegalStateException("cannot lower a reference to " + r.getSymbol());
    }

    private Index index(Expr ix, Env env) {
        Affine a = Affine.of(ix);
        Map<Loop, Integer> coeffs = new HashMap<>();
        a.coefficients().forEach((v, c) -> coeffs.put(env.loops().get(v), c));
        return new Index(coeffs, a.constant());
    }

    private Node binary(Binary b, List<Index> out, Env env) {
        ExprShape ls = env.analysis().shapeOf(b.getLeft());
        ExprShape rs = env.analysis().shapeOf(b.getRight());
        switch (b.getOp()) {
            case "+", "-": {
                Node l = lower(b.getLeft(), ls.isScalar() ? List.of() : out, env);
                Node r = lower(b.getRight(), rs.isScalar() ? List.of() : out, env);
                return new Add(List.of(l, b.getOp().equals("-") ? new Neg(r) : r));
            }
            case "*":
                if (ls.isScalar() || rs.isScalar()) {
                    return new Mul(List.of(lower(b.getLeft(), ls.isScalar() ? List.of() : out, env),
                            lower(b.getRight(), rs.isScalar() ? List.of() : out, env)));
                }
                return matmul(b, ls, rs, out, env);
            case ".": {
                Loop k = freshLoop("c", ls.dim(ls.rank() - 1));
                List<Index> li = new ArrayList<>(out.subList(0, ls.rank() - 1));
                li.add(Index.of(k));
                List<Index> ri = new ArrayList<>();
                ri.add(Index.of(k));
                ri.addAll(out.subList(ls.rank() - 1, out.size()));
                return new Sum(List.of(k), List.of(),
                        new Mul(List.of(lower(b.getLeft(), li, env), lower(b.getRight(), ri, env))));
            }
            case "/":
                return new Div(lower(b.getLeft(), out, env), lower(b.getRight(), List.of(), env));
            case "^":
                return new Pow(lower(b.getLeft(), List.of(), env), ConstantFolder.value(b.getRight()));
            default:
                throw new IllegalStateException("unknown operator " + b.getOp());
        }
    }

    private Node matmul(Binary b, ExprShape l, ExprShape r, List<Index> out, Env env) {
        if (l.isColumn() && r.isRow()) {
            return new Mul(List.of(lower(b.getLeft(), List.of(out.get(0)), env),
                    lower(b.getRight(), List.of(out.get(1)), env)));
        }
        int inner = l.isRow() ? l.dim(0) : l.dim(1);
        Loop k = freshLoop("c", inner);
        Index ki = Index.of(k);
        List<Index> li = l.isRow() ? List.of(ki) : List.of(out.get(0), ki);
        List<Index> ri;
        if (r.isColumn()) {
            ri = List.of(ki);
        } else {
            // The right factor is a matrix; its column index is the last output index.
            ri = List.of(ki, out.get(out.size() - 1));
        }
        return new Sum(List.of(k), List.of(),
                new Mul(List.of(lower(b.getLeft(), li, env), lower(b.getRight(), ri, env))));
    }

    private Node sum(IndexedSum s, List<Index> out, Env env) {
        Map<IndexVar, Loop> added = new HashMap<>();
        List<Loop> loops = new ArrayList<>();
        List<Relation> relations = new ArrayList<>();
        for (IndexBinding b : s.getBindings()) {
            Loop previous = null;
            for (int i = 0; i < b.getIndices().size(); i++) {
                IndexVar v = b.getIndices().get(i);
                int[] range = env.analysis().rangeOf(v);
                Loop loop = new Loop(v.getName(), range[0], range[1]);
                added.put(v, loop);
                loops.add(loop);
                if (previous != null) {
                    relations.add(new Relation(previous, b.getRelations().get(i - 1).getLiteral(), loop));
                }
                previous = loop;
            }
        }
        return new Sum(loops, relations, lower(s.getBody(), out, env.withLoops(added)));
    }

    private Node application(Application a, List<Index> out, Env env) {
        String f = a.getFunction();
        Expr arg = a.getArguments().isEmpty() ? null : a.getArguments().get(0);
        if (ModelAnalysis.ELEMENTWISE.containsKey(f)) {
            return new Fn(f, lower(arg, out, env));
        }
        if (ModelAnalysis.MATRIX_FUNCTIONS.containsKey(f)) {
            int n = env.analysis().shapeOf(arg).dim(0);
            Loop row = freshLoop("r", n);
            Loop col = freshLoop("q", n);
            Node element = lower(arg, List.of(Index.of(row), Index.of(col)), env);
            Temp.Kind kind = switch (f) {
                case "inv" -> Temp.Kind.INVERSE;
                case "logdet" -> Temp.Kind.LOGDET;
                default -> Temp.Kind.TRACE;
            };
            ICompositeNode node = NodeModelUtils.findActualNodeFor(a);
            Temp t = new Temp(temps.size(), kind, n, row, col, Simplify.node(element),
                    node == null ? f : NodeModelUtils.getTokenText(node));
            temps.add(t);
            if (kind == Temp.Kind.INVERSE) {
                return new Elem(Source.TEMP, "inv", 0, new int[] {n, n}, out, false, t);
            }
            return new TempValue(t);
        }
        Model callee = ModelLookup.find(a, f);
        ModelAnalysis c = root.callees().containsKey(callee) ? root.callees().get(callee) : findCallee(env, callee);
        Map<Variable, Actual> formals = new HashMap<>();
        List<Variable> params = c.energy().getArguments();
        for (int i = 0; i < params.size(); i++) {
            formals.put(params.get(i), new Actual(a.getArguments().get(i), env));
        }
        return lower(c.energy().getBody(), List.of(), new Env(c, Map.of(), formals));
    }

    private static ModelAnalysis findCallee(Env env, Model callee) {
        ModelAnalysis c = env.analysis().callees().get(callee);
        if (c == null) {
            throw new IllegalStateException("no analysis of " + callee.getName());
        }
        return c;
    }

    private Loop freshLoop(String prefix, int n) {
        return new Loop(prefix + (++fresh), 0, n - 1);
    }
}
