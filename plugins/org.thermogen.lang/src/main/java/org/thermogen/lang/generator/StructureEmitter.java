package org.thermogen.lang.generator;

import java.util.ArrayList;
import java.util.List;
import org.thermogen.lang.energy.EnergyStructure;
import org.thermogen.lang.energy.EnergyStructure.GaussianPattern;
import org.thermogen.lang.energy.Index;
import org.thermogen.lang.energy.Loop;
import org.thermogen.lang.energy.Lowering;
import org.thermogen.lang.energy.Monomial;
import org.thermogen.lang.energy.Node;
import org.thermogen.lang.energy.Node.Elem;
import org.thermogen.lang.energy.Node.Source;
import org.thermogen.lang.energy.Polynomials;
import org.thermogen.lang.energy.Temp;
import org.thermogen.lang.semantics.ModelAnalysis;

/**
 * The members of a model class that the family recognized in its energy decides: its
 * {@code structure()} (pairwise, bipartite, Gaussian or generic) and the classes that map
 * theta to the family's natural parameters and back (the adjoint), through the energy's
 * lowered form. One of the family emitters {@link ModelClassGenerator} hands a model to;
 * {@link HierarchyEmitter} writes latent hierarchies.
 */
final class StructureEmitter {
    private static final String R = BindingEmitter.RUNTIME;

    private final ModelClassGenerator generator;
    private final JavaWriter w;
    private final Imports imports;
    private final ModelAnalysis analysis;
    private final Lowering.Lowered lowered;
    private final EnergyStructure structure;
    private final String className;

    StructureEmitter(ModelClassGenerator generator, JavaWriter w, Imports imports, ModelAnalysis analysis,
            Lowering.Lowered lowered, EnergyStructure structure, String className) {
        this.generator = generator;
        this.w = w;
        this.imports = imports;
        this.analysis = analysis;
        this.lowered = lowered;
        this.structure = structure;
        this.className = className;
    }

    /** The {@code structure()} method, and the classes it returns, for the family recognized in the energy. */
    void method() {
        String structureType = imports.use(R + "model.Structure");
        switch (structure.kind()) {
            case PAIRWISE -> pairwise(structureType);
            case BIPARTITE -> bipartite(structureType);
            case GAUSSIAN -> gaussian(structureType);
            case GENERIC -> {
                w.javadoc("No structure the runtime can exploit: " + structure.explanation() + ".");
                w.line("@Override");
                w.open("public " + structureType + " structure()").line("return new " + structureType + ".Generic();").close();
                w.blank();
            }
        }
    }

    private void pairwise(String structureType) {
        form(structureType, "energy.PairwiseStructure", "energy.PairwiseForm", "energy.PairwiseEnergy",
                "The natural parameters W, b, c0 of the energy as functions of theta, and their adjoint.",
                (em, m, c) -> switch (m.degree()) {
                    case 0 -> "out.addConstant(" + EnergyEmitter.strip(c) + ");";
                    case 1 -> "out.addBias(" + em.position(m.vars().get(0)) + ", " + negated(c) + ");";
                    default -> "out.addPair(" + em.position(m.vars().get(0)) + ", " + em.position(m.vars().get(1))
                            + ", " + negated(c) + ");";
                },
                (ea, m) -> switch (m.degree()) {
                    case 0 -> "scale * deta.constant()";
                    case 1 -> "-scale * deta.bias(" + ea.position(m.vars().get(0)) + ")";
                    default -> "-scale * deta.pair(" + ea.position(m.vars().get(0)) + ", " + ea.position(m.vars().get(1))
                            + ")";
                }, (em, m) -> null, null);
    }

    private void bipartite(String structureType) {
        int nv = analysis.observedSize();
        form(structureType, "rbm.BipartiteStructure", "energy.BipartiteForm", "energy.BipartiteEnergy",
                "The natural parameters a, b, c, W, c0 of the RBM as functions of theta, and their adjoint.",
                (em, m, c) -> "out." + bipartiteTerm(em, m, nv) + negatedUnlessSquare(m, c) + ");",
                (ea, m) -> (m.degree() == 0 || EnergyStructure.isSquare(m) ? "scale * " : "-scale * ")
                        + bipartiteRead(ea, m, nv),
                (em, m) -> {
                    PairBlock block = pairBlock(m, nv);
                    return block == null ? null : block.calls(em);
                }, layout(generator.emitter(), nv, analysis.stateSize() - nv));
    }

    /** The Java statement that adds monomial {@code m}, of value {@code c}, to the natural parameters {@code out}. */
    private interface Term {
        String add(EnergyEmitter em, Monomial m, String c);
    }

    /** The gradient, with its sign and scale, that flows back from the natural parameter {@code m} adds to. */
    private interface Read {
        String up(EnergyEmitter ea, Monomial m);
    }

    /** A monomial's whole block of natural parameters in one call, or null where it takes loops. */
    private interface Bulk {
        Block of(EnergyEmitter em, Monomial m);
    }

    /** The statements that add a block of theta to the natural parameters ({@code out}) and back ({@code deta} to {@code grad}). */
    private record Block(String forward, String adjoint) {
    }

    /**
     * {@code structure()} returning {@code structureClass} over a nested {@code Couplings}
     * implementing {@code formInterface}: theta to the natural parameters monomial by monomial
     * ({@code term}), and back through the adjoint of each coefficient ({@code read}). The
     * pairwise and bipartite families differ only in those two.
     */
    private void form(String structureType, String structureClass, String formInterface, String energyClass,
            String doc, Term term, Read read, Bulk bulk, String layout) {
        String energy = imports.use(R + energyClass);
        w.javadoc("Recognized: " + structure.explanation() + ".");
        w.line("@Override");
        w.open("public " + structureType + " structure()")
                .line("return new " + imports.use(R + structureClass) + "(new Couplings());").close();
        w.blank();
        w.javadoc(doc);
        w.open("private static final class Couplings implements " + imports.use(R + formInterface));
        w.javadoc("Writes the couplings at {@code theta} into {@code out}, term by term of the energy.");
        w.line("@Override");
        w.open("public void couplings(double[] theta, " + energy + " out)");
        EnergyEmitter em = generator.emitter();
        generator.forwardTemps(em, tempsOf(structure.monomials()));
        w.line("out.clear();");
        String lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!m.origin().equals(lastOrigin)) {
                w.from(m.line()).comment(m.origin());
                lastOrigin = m.origin();
            }
            Block block = bulk.of(em, m);
            if (block != null) {
                w.line(block.forward());
                continue;
            }
            em.loops(rowMajor(m), m.relations(), () -> w.line(term.add(em, m, em.value(m.coefficient()))));
        }
        w.close();
        w.blank();
        w.javadoc("Adds {@code scale} times the gradient of the couplings' map, applied to {@code deta}, into {@code grad}.");
        w.line("@Override");
        w.open("public void addCouplingsAdjoint(double[] theta, " + energy + " deta, double scale, double[] grad)");
        EnergyEmitter ea = generator.emitter();
        generator.forwardTemps(ea, tempsOf(structure.monomials()));
        lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!Polynomials.readsParams(m.coefficient())) {
                continue;
            }
            if (!m.origin().equals(lastOrigin)) {
                w.from(m.line()).comment(m.origin());
                lastOrigin = m.origin();
            }
            Block block = bulk.of(ea, m);
            if (block != null) {
                w.line(block.adjoint());
                continue;
            }
            ea.loops(rowMajor(m), m.relations(), () -> ea.adjoint(m.coefficient(), ea.local(read.up(ea, m)), Source.PARAM,
                    "grad"));
        }
        w.close();
        w.blank();
        w.javadoc("Whether the couplings are affine in the parameters (lr auto needs them to be).");
        w.line("@Override");
        w.open("public boolean affine()").line("return " + structure.affine() + ";").close();
        if (layout != null) {
            w.blank();
            w.javadoc("Theta copies the natural parameters: training moves them as blocks.");
            w.line("@Override");
            String type = imports.use(R + formInterface) + ".Layout";
            w.open("public " + type + " layout()").line("return new " + type + "(" + layout + ");").close();
        }
        w.close();
        w.blank();
    }

    /**
     * The monomial's loops, nested in the order of its parameter's indices when that changes
     * no sum: the coefficient is one parameter element indexed by every loop once, and every
     * loop is an index of a unit, so each pass writes its own natural parameter and reads (or,
     * in the adjoint, adds to) its own theta entry. Then the innermost loop walks theta and the
     * natural parameters' rows with stride 1, which the JIT vectorizes: {@code -(v' * W * h)}
     * lowers with {@code h} outermost, and W's columns would be read 100 doubles apart.
     * Otherwise the monomial's own order, so no sum's order (and no bit) changes.
     */
    private static List<Loop> rowMajor(Monomial m) {
        Elem p = soleParam(m.coefficient());
        if (p == null || !m.relations().isEmpty() || p.indices().size() != m.loops().size()) {
            return m.loops();
        }
        List<Loop> order = new ArrayList<>();
        for (Index i : p.indices()) {
            if (!i.isLoop()) {
                return m.loops();
            }
            Loop l = i.coefficients().keySet().iterator().next();
            if (order.contains(l) || !m.loops().contains(l) || !indexesAUnit(m, l)) {
                return m.loops();
            }
            order.add(l);
        }
        return order;
    }

    /**
     * A monomial {@code +-W[i, j] v[i] h[j]} with {@code i} and {@code j} running over all of
     * {@code W}'s rows and columns ({@code -(v' * W * h)}): the matrix, its sign in the
     * coefficient, and the visible and hidden vectors. Then theta's block and each row of the
     * couplings' block are contiguous, and one {@code BipartiteEnergy.addPairs} call adds them a
     * row at a time in SIMD lanes, where the loops run an element at a time (the JIT cannot tell
     * theta from the couplings' array): the same sums, so the same bits.
     */
    private record PairBlock(Elem matrix, int sign, Elem visible, Elem hidden) {

        /** The two calls, forward and adjoint. */
        Block calls(EnergyEmitter em) {
            String at = em.base(visible) + ", " + em.base(hidden) + " - HIDDEN, " + matrix.dims()[0] + ", "
                    + matrix.dims()[1];
            return new Block("out.addPairs(" + at + ", theta, " + em.base(matrix) + ", " + natural(sign) + ");",
                    "deta.addPairsAdjoint(" + at + ", " + (sign < 0 ? "scale" : "-scale") + ", grad, "
                            + em.base(matrix) + ");");
        }

        /** True if it couples every visible unit with every hidden one: all of W is this matrix. */
        boolean whole(int nv, int nh) {
            return visible.offset() == 0 && hidden.offset() == nv && matrix.dims()[0] == nv && matrix.dims()[1] == nh;
        }
    }

    /** The monomial as a {@link PairBlock}, or null if it is anything else. */
    private static PairBlock pairBlock(Monomial m, int nv) {
        if (m.degree() != 2 || EnergyStructure.isSquare(m) || !m.relations().isEmpty() || m.loops().size() != 2) {
            return null;
        }
        SignedParam p = signedParam(m.coefficient());
        if (p == null || p.param().dims().length != 2 || p.param().indices().size() != 2) {
            return null;
        }
        Elem a = m.vars().get(0);
        Elem visible = a.offset() >= nv ? m.vars().get(1) : a;
        Elem hidden = a.offset() >= nv ? a : m.vars().get(1);
        if (visible.offset() >= nv || hidden.offset() < nv) {
            return null;
        }
        Loop rows = wholeAxis(p.param(), 0);
        Loop cols = wholeAxis(p.param(), 1);
        if (rows == null || cols == null || rows == cols || !m.loops().contains(rows) || !m.loops().contains(cols)
                || !runs(visible, rows) || !runs(hidden, cols)) {
            return null;
        }
        return new PairBlock(p.param(), p.sign(), visible, hidden);
    }

    /**
     * The sign a coefficient of sign {@code sign} takes in the natural parameters, as Java: the
     * energy gains {@code -W_ij v_i h_j} for the pair {@code W_ij} and {@code -b_i v_i} for the
     * bias {@code b_i}, so a coefficient {@code +W} adds {@code -W}.
     */
    private static String natural(int sign) {
        return sign < 0 ? "1.0" : "-1.0";
    }

    /**
     * The arguments of {@code BipartiteForm.Layout} when the energy only copies parameters:
     * one whole matrix between all visible and all hidden units ({@link PairBlock#whole}), at
     * most one whole vector of biases for each layer, each a parameter of its own, and no other
     * term (no squares, no constant). Null otherwise.
     */
    private String layout(EnergyEmitter em, int nv, int nh) {
        PairBlock pairs = null;
        SignedParam visible = null;
        SignedParam hidden = null;
        java.util.Set<String> params = new java.util.HashSet<>();
        for (Monomial m : structure.monomials()) {
            SignedParam p = signedParam(m.coefficient());
            if (p == null || !params.add(p.param().name())) {
                return null;
            }
            PairBlock block = pairBlock(m, nv);
            if (block != null && pairs == null && block.whole(nv, nh)) {
                pairs = block;
            } else if (m.degree() == 1 && wholeBias(m, p.param(), nv, nh)) {
                boolean onHidden = m.vars().get(0).offset() >= nv;
                if ((onHidden ? hidden : visible) != null) {
                    return null;
                }
                if (onHidden) {
                    hidden = p;
                } else {
                    visible = p;
                }
            } else {
                return null;
            }
        }
        if (pairs == null) {
            return null;
        }
        return em.base(pairs.matrix()) + ", " + natural(pairs.sign()) + ", " + biasArguments(em, visible) + ", "
                + biasArguments(em, hidden);
    }

    /** A bias vector's offset and sign as {@code Layout} takes them; {@code -1, 0.0} for none. */
    private static String biasArguments(EnergyEmitter em, SignedParam bias) {
        return bias == null ? "-1, 0.0" : em.base(bias.param()) + ", " + natural(bias.sign());
    }

    /** True if {@code m} is {@code +-b[i] u[i]} over all of one layer's units, in order. */
    private static boolean wholeBias(Monomial m, Elem p, int nv, int nh) {
        if (m.vars().isEmpty()) {
            return false;
        }
        Elem u = m.vars().get(0);
        if (!m.relations().isEmpty() || m.loops().size() != 1 || p.dims().length != 1 || p.indices().size() != 1) {
            return false;
        }
        Loop l = wholeAxis(p, 0);
        boolean onHidden = u.offset() >= nv;
        return l != null && m.loops().contains(l) && runs(u, l) && u.offset() == (onHidden ? nv : 0)
                && p.dims()[0] == (onHidden ? nh : nv);
    }

    /** The loop that indexes axis {@code axis} of {@code p} from its first to its last element, or null. */
    private static Loop wholeAxis(Elem p, int axis) {
        Index i = p.indices().get(axis);
        if (!i.isLoop()) {
            return null;
        }
        Loop l = i.coefficients().keySet().iterator().next();
        return l.lo() == 0 && l.hi() + 1 == p.dims()[axis] ? l : null;
    }

    /** True if {@code v} is a vector unit indexed by {@code l} itself: {@code v[l]}. */
    private static boolean runs(Elem v, Loop l) {
        return v.dims().length == 1 && v.indices().size() == 1 && v.indices().get(0).isLoop()
                && v.indices().get(0).uses(l) && v.temp() == null;
    }

    /** A coefficient that is plus or minus one parameter element: the element and the sign ({@code 1} or {@code -1}). */
    private record SignedParam(Elem param, int sign) {
    }

    /** The parameter element a coefficient is, up to sign and origin, with that sign; null if it is anything else. */
    private static SignedParam signedParam(Node n) {
        if (n instanceof Node.Origin o) {
            return signedParam(o.node());
        }
        if (n instanceof Node.Neg g) {
            SignedParam p = signedParam(g.operand());
            return p == null ? null : new SignedParam(p.param(), -p.sign());
        }
        return n instanceof Elem e && e.source() == Source.PARAM ? new SignedParam(e, 1) : null;
    }

    /** The parameter element a coefficient is, up to sign and origin; null if it is anything else. */
    private static Elem soleParam(Node n) {
        SignedParam p = signedParam(n);
        return p == null ? null : p.param();
    }

    private static boolean indexesAUnit(Monomial m, Loop l) {
        for (Elem v : m.vars()) {
            for (Index i : v.indices()) {
                if (i.isLoop() && i.uses(l)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The call that adds a monomial's coefficient, without its value: {@code addPair(i, j, }. */
    private static String bipartiteTerm(EnergyEmitter em, Monomial m, int nv) {
        if (m.degree() == 0) {
            return "addConstant(";
        }
        Elem a = m.vars().get(0);
        boolean aHidden = a.offset() >= nv;
        if (m.degree() == 1) {
            return aHidden ? "addHidden(" + em.position(a) + " - HIDDEN, " : "addVisible(" + em.position(a) + ", ";
        }
        if (EnergyStructure.isSquare(m)) {
            return aHidden ? "addHiddenQuadratic(" + em.position(a) + " - HIDDEN, " : "addQuadratic(" + em.position(a) + ", ";
        }
        Elem visible = aHidden ? m.vars().get(1) : a;
        Elem hidden = aHidden ? a : m.vars().get(1);
        return "addPair(" + em.position(visible) + ", " + em.position(hidden) + " - HIDDEN, ";
    }

    /** The gradient with respect to the natural parameter a monomial adds to. */
    private static String bipartiteRead(EnergyEmitter em, Monomial m, int nv) {
        if (m.degree() == 0) {
            return "deta.constant()";
        }
        String call = bipartiteTerm(em, m, nv);
        String args = call.substring(call.indexOf('(') + 1, Math.max(call.indexOf('('), call.lastIndexOf(", "))).trim();
        String name = call.substring(3, call.indexOf('('));
        String getter = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        return "deta." + getter + "(" + args + ")";
    }

    /** Squares and constants add the coefficient itself; the others its negative. */
    private static String negatedUnlessSquare(Monomial m, String c) {
        return m.degree() == 0 || EnergyStructure.isSquare(m) ? EnergyEmitter.strip(c) : negated(c);
    }

    /** {@code -c} for a value expression {@code c}, without double negation. */
    private static String negated(String c) {
        String s = EnergyEmitter.strip(c);
        String atom = "[A-Za-z0-9_.]+(\\[[^\\]]*\\])?";
        if (s.startsWith("-") && s.substring(1).matches(atom)) {
            return s.substring(1);
        }
        return "-" + (c.startsWith("(") || c.matches(atom) ? c : "(" + c + ")");
    }

    private List<Temp> tempsOf(List<Monomial> monomials) {
        List<Temp> out = new ArrayList<>();
        for (Temp t : lowered.temps()) {
            for (Monomial m : monomials) {
                if (readsTemp(m.coefficient(), t) && !out.contains(t)) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static boolean readsTemp(Node n, Temp t) {
        if (n instanceof Elem e) {
            return e.temp() == t;
        }
        if (n instanceof Node.TempValue v) {
            return v.temp() == t;
        }
        if (n instanceof Node.Add a) {
            return a.terms().stream().anyMatch(x -> readsTemp(x, t));
        }
        if (n instanceof Node.Mul m) {
            return m.factors().stream().anyMatch(x -> readsTemp(x, t));
        }
        if (n instanceof Node.Neg g) {
            return readsTemp(g.operand(), t);
        }
        if (n instanceof Node.Div d) {
            return readsTemp(d.numerator(), t) || readsTemp(d.denominator(), t);
        }
        if (n instanceof Node.Pow p) {
            return readsTemp(p.base(), t);
        }
        if (n instanceof Node.Fn f) {
            return readsTemp(f.argument(), t);
        }
        if (n instanceof Node.Sum s) {
            return readsTemp(s.body(), t);
        }
        if (n instanceof Node.Origin o) {
            return readsTemp(o.node(), t);
        }
        return false;
    }

    private void gaussian(String structureType) {
        GaussianPattern g = structure.gaussian();
        String dm = imports.use("org.ejml.data.DMatrixRMaj");
        w.javadoc("Recognized: " + structure.explanation() + ".");
        w.line("@Override");
        w.open("public " + structureType + " structure()")
                .line("return new " + imports.use(R + "gaussian.GaussianStructure") + "(" + className + "::setMoments);").close();
        w.blank();
        int d = analysis.variables().get(0).size();
        double twoC = 2 * g.c();
        w.javadoc("Sets the parameters so the model has this mean and covariance: the energy is",
                "{@code " + JavaText.number(g.c()) + " * (x - m)' M (x - m)}, a Gaussian with covariance "
                        + (g.inverse() ? "Sigma / " + JavaText.number(twoC) : "inv(" + JavaText.number(twoC) + " * P)") + ".");
        w.open("private static void setMoments(double[] mean, " + dm + " covariance, double[] theta)");
        w.line("final int d = " + d + ";");
        if (g.mean() != null && !g.mean().fixed()) {
            w.line("System.arraycopy(mean, 0, theta, " + ModelClassGenerator.paramOffset(g.mean().name()) + ", d);");
        }
        if (!g.matrix().fixed()) {
            w.comment("Scatter about the model's mean: the covariance, plus the offset when the mean is fixed.");
            w.line("final double[] s = new double[d * d];");
            w.open("for (int i = 0; i < d; i++)");
            w.line("final double ui = mean[i] - " + (g.mean() == null ? "0.0" : "theta[" + ModelClassGenerator.paramOffset(g.mean().name()) + " + i]") + ";");
            w.open("for (int j = 0; j < d; j++)");
            w.line("final double uj = mean[j] - " + (g.mean() == null ? "0.0" : "theta[" + ModelClassGenerator.paramOffset(g.mean().name()) + " + j]") + ";");
            w.line("s[i * d + j] = covariance.get(i, j) + ui * uj;");
            w.close();
            w.close();
            String target = ModelClassGenerator.paramOffset(g.matrix().name());
            if (g.inverse()) {
                w.open("for (int k = 0; k < d * d; k++)");
                w.line("theta[" + target + " + k] = " + JavaText.number(twoC) + " * s[k];");
                w.close();
            } else {
                String mf = imports.use(R + "energy.MatrixFunctions");
                w.line(mf + ".invert(s, d, s, new " + mf + ".Workspace(d));");
                w.open("for (int k = 0; k < d * d; k++)");
                w.line("theta[" + target + " + k] = s[k] / " + JavaText.number(twoC) + ";");
                w.close();
            }
        }
        w.close();
        w.blank();
    }
}
