package org.thermogen.lang.energy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.thermogen.lang.energy.Polynomials.NotPolynomial;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelAnalysis.ParamInfo;
import org.thermogen.lang.semantics.ModelAnalysis.VariableInfo;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.Transpose;
import org.thermogen.lang.thermogen.Variable;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Role;

/**
 * What the generator recognizes in an energy, and why: a pairwise energy on binary or
 * spin units (a Boltzmann machine), a Gaussian in a closed form the runtime can fit, or
 * a general energy.
 *
 * @param kind        what was recognized
 * @param monomials   the polynomial expansion (pairwise energies), else empty
 * @param affine      for pairwise energies: the couplings are affine in the parameters
 * @param gaussian    for Gaussians: the matched closed form, else null
 * @param explanation one sentence for {@code thermogen check --explain} and hovers
 */
public record EnergyStructure(Kind kind, List<Monomial> monomials, boolean affine, GaussianPattern gaussian,
        String explanation) {

    public enum Kind {
        PAIRWISE, BIPARTITE, GAUSSIAN, GENERIC
    }

    /**
     * {@code c * (x - mean)' * M * (x - mean)} with {@code M = inv(matrix)} ({@code inverse})
     * or {@code M = matrix} (a precision).
     *
     * @param mean   the mean parameter, or null for {@code x' * M * x}
     * @param matrix the covariance-like or precision parameter
     */
    public record GaussianPattern(ParamInfo mean, ParamInfo matrix, boolean inverse, double c) {
    }

    /** Recognizes the structure of a lowered, error-free model. */
    public static EnergyStructure recognize(ModelAnalysis analysis, Lowering.Lowered lowered) {
        List<Monomial> monomials;
        String notPolynomial = null;
        try {
            monomials = Polynomials.expand(lowered.energy());
        } catch (NotPolynomial e) {
            monomials = null;
            notPolynomial = e.getMessage();
        }
        int degree = 0;
        if (monomials != null) {
            for (Monomial m : monomials) {
                degree = Math.max(degree, m.degree());
            }
        }
        boolean hasHidden = analysis.stateSize() > analysis.observedSize();
        if (hasHidden && monomials != null && degree <= 2) {
            EnergyStructure b = bipartite(analysis, monomials);
            if (b != null) {
                return b;
            }
        }
        if (analysis.isDiscrete()) {
            if (monomials == null) {
                return generic("general energy on discrete units: " + notPolynomial);
            }
            if (degree > 2) {
                return generic("general energy on discrete units: it has a product of " + degree
                        + " units, so it is not pairwise");
            }
            boolean affine = monomials.stream().allMatch(m -> Polynomials.paramDegree(m.coefficient()) <= 1);
            Domain d = analysis.uniformDomain();
            String units = d == Domain.SPIN ? "spin (-1/+1)" : d == Domain.BINARY ? "binary (0/1)" : "binary and spin";
            return new EnergyStructure(Kind.PAIRWISE, monomials, affine, null,
                    "pairwise energy on " + analysis.stateSize() + " " + units + " units: a Boltzmann machine"
                            + (affine ? ", couplings linear in the parameters (lr auto = 1/lambda_max of the Hessian)"
                                    : ", couplings non-linear in the parameters (lr auto is unavailable)"));
        }
        boolean allReal = analysis.variables().stream().allMatch(v -> v.domain() == Domain.REAL);
        if (!allReal) {
            return generic("general energy on mixed real and discrete units");
        }
        if (monomials == null) {
            return generic("general energy on real units: " + notPolynomial);
        }
        if (degree <= 2) {
            GaussianPattern p = gaussianPattern(analysis);
            if (p != null) {
                return new EnergyStructure(Kind.GAUSSIAN, List.of(), false, p,
                        "Gaussian energy: " + (p.inverse() ? "covariance " : "precision ") + p.matrix().name()
                                + (p.mean() == null ? "" : ", mean " + p.mean().name())
                                + "; maximum likelihood has a closed form");
            }
            return generic("quadratic energy on real units (a Gaussian), but not written as "
                    + "c * (x - mu)' * inv(Sigma) * (x - mu), so maximum likelihood has no closed form here");
        }
        return generic("general energy on real units (degree " + degree + " in the state)");
    }

    /**
     * Every product couples an observed unit to a hidden one (or is a unit's square): a
     * restricted Boltzmann machine. Hidden units must be binary or spin.
     */
    private static EnergyStructure bipartite(ModelAnalysis analysis, List<Monomial> monomials) {
        int nv = analysis.observedSize();
        for (VariableInfo v : analysis.variables()) {
            if (v.role() == Role.HIDDEN && v.domain() == Domain.REAL) {
                return null;
            }
        }
        Domain visible = null;
        Domain hidden = null;
        for (VariableInfo v : analysis.variables()) {
            if (v.role() == Role.HIDDEN) {
                if (hidden != null && hidden != v.domain()) {
                    return null;
                }
                hidden = v.domain();
            } else {
                if (visible != null && visible != v.domain()) {
                    return null;
                }
                visible = v.domain();
            }
        }
        for (Monomial m : monomials) {
            if (m.degree() < 2 || isSquare(m)) {
                continue;
            }
            boolean firstHidden = m.vars().get(0).offset() >= nv;
            boolean secondHidden = m.vars().get(1).offset() >= nv;
            if (firstHidden == secondHidden) {
                return null;
            }
        }
        boolean affine = monomials.stream().allMatch(m -> Polynomials.paramDegree(m.coefficient()) <= 1);
        String kind = visible == Domain.REAL ? "Gaussian-Bernoulli restricted Boltzmann machine"
                : "restricted Boltzmann machine";
        return new EnergyStructure(Kind.BIPARTITE, monomials, affine, null,
                "bipartite energy: a " + kind + " with " + nv + " " + visible.name().toLowerCase(Locale.ROOT) + " visible and "
                        + (analysis.stateSize() - nv) + " " + hidden.name().toLowerCase(Locale.ROOT)
                        + " hidden units (block Gibbs sampling; exact ln Z when a layer has at most 20 units)");
    }

    /** The same unit twice: the same variable at the same indices. */
    public static boolean isSquare(Monomial m) {
        if (m.degree() != 2) {
            return false;
        }
        Node.Elem a = m.vars().get(0);
        Node.Elem b = m.vars().get(1);
        return a.offset() == b.offset() && a.indices().equals(b.indices());
    }

    private static EnergyStructure generic(String why) {
        return new EnergyStructure(Kind.GENERIC, List.of(), false, null, why);
    }

    // ------------------------------------------------------------------ Gaussian form

    private static GaussianPattern gaussianPattern(ModelAnalysis a) {
        if (a.variables().size() != 1) {
            return null;
        }
        VariableInfo x = a.variables().get(0);
        if (x.role() == Role.HIDDEN || x.dims().length > 1) {
            return null;
        }
        boolean scalar = x.dims().length == 0;
        List<Expr> positive = new ArrayList<>();
        List<Expr> negative = new ArrayList<>();
        split(a.energy().getBody(), true, positive, negative);
        GaussianPattern found = null;
        for (Expr t : negative) {
            if (reads(t, x.ast())) {
                return null;
            }
        }
        for (Expr t : positive) {
            if (!reads(t, x.ast())) {
                continue;
            }
            if (found != null) {
                return null;
            }
            found = scalar ? scalarQuadratic(t, x.ast(), a) : scaledQuadratic(t, x.ast(), a);
            if (found == null) {
                return null;
            }
        }
        return found != null && found.c() > 0 ? found : null;
    }

    private static void split(Expr e, boolean plus, List<Expr> pos, List<Expr> neg) {
        if (e instanceof Binary b && (b.getOp().equals("+") || b.getOp().equals("-"))) {
            split(b.getLeft(), plus, pos, neg);
            split(b.getRight(), b.getOp().equals("+") == plus, pos, neg);
            return;
        }
        (plus ? pos : neg).add(e);
    }

    /**
     * Matches {@code c * D' * M * D} (constant factors anywhere, {@code /} by constants)
     * or {@code D . M . D}, with {@code D = x - m} or {@code x}.
     */
    private static GaussianPattern scaledQuadratic(Expr t, Variable x, ModelAnalysis a) {
        List<Expr> factors = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        double[] c = {1.0};
        if (!flattenProduct(t, factors, ops, c)) {
            return null;
        }
        if (factors.size() != 3 || !ops.get(1).equals(ops.get(2))) {
            return null;
        }
        Expr left;
        if (ops.get(1).equals("*")) {
            if (!(factors.get(0) instanceof Transpose tr)) {
                return null;
            }
            left = tr.getOperand();
        } else if (ops.get(1).equals(".")) {
            left = factors.get(0);
        } else {
            return null;
        }
        ParamInfo[] lm = deviation(left, x, a, 1);
        ParamInfo[] rm = deviation(factors.get(2), x, a, 1);
        if (lm == null || rm == null || lm[0] != rm[0]) {
            return null;
        }
        Expr m = factors.get(1);
        if (m instanceof Application app && app.getFunction().equals("inv") && app.getArguments().size() == 1) {
            ParamInfo p = ownParam(app.getArguments().get(0), a);
            return p == null || p.dims().length != 2 ? null : new GaussianPattern(lm[0], p, true, c[0]);
        }
        ParamInfo p = ownParam(m, a);
        return p == null || p.dims().length != 2 ? null : new GaussianPattern(lm[0], p, false, c[0]);
    }

    /**
     * Splits a chain of {@code *}, {@code /} and {@code .} into its non-constant factors
     * (with the operator before each; the first gets "*"), multiplying constants into c.
     */
    private static boolean flattenProduct(Expr e, List<Expr> factors, List<String> ops, double[] c) {
        if (e instanceof Binary b && (b.getOp().equals("*") || b.getOp().equals("/") || b.getOp().equals("."))) {
            Double r = ConstantFolder.value(b.getRight());
            if (b.getOp().equals("/")) {
                if (r == null || r == 0) {
                    return false;
                }
                c[0] /= r;
                return flattenProduct(b.getLeft(), factors, ops, c);
            }
            if (!flattenProduct(b.getLeft(), factors, ops, c)) {
                return false;
            }
            if (r != null && b.getOp().equals("*")) {
                c[0] *= r;
                return true;
            }
            factors.add(b.getRight());
            ops.add(b.getOp());
            return true;
        }
        Double v = ConstantFolder.value(e);
        if (v != null) {
            c[0] *= v;
            return true;
        }
        factors.add(e);
        ops.add("*");
        return true;
    }

    /**
     * A scalar Gaussian as the notes write it: {@code c * (x - m)^2 / v} with {@code v} a
     * variance, {@code c * p * (x - m)^2} with {@code p} a precision, {@code (x - m) * (x - m)}
     * for the square; constant factors and divisors anywhere ({@code (y - mu)^2 / (2 * s2)}).
     */
    private static GaussianPattern scalarQuadratic(Expr t, Variable x, ModelAnalysis a) {
        List<Expr> numerator = new ArrayList<>();
        List<Expr> denominator = new ArrayList<>();
        double[] c = {1.0};
        if (!flattenRatio(t, true, numerator, denominator, c)) {
            return null;
        }
        List<ParamInfo[]> deviations = new ArrayList<>();
        ParamInfo scale = null;
        boolean variance = false;
        for (Expr f : numerator) {
            ParamInfo[] d = deviation(f, x, a, 0);
            if (d != null) {
                deviations.add(d);
                continue;
            }
            ParamInfo p = ownParam(f, a);
            if (p == null || p.dims().length != 0 || scale != null) {
                return null;
            }
            scale = p;
        }
        for (Expr f : denominator) {
            ParamInfo p = ownParam(f, a);
            if (p == null || p.dims().length != 0 || scale != null) {
                return null;
            }
            scale = p;
            variance = true;
        }
        if (deviations.size() != 2 || deviations.get(0)[0] != deviations.get(1)[0] || scale == null) {
            return null;
        }
        return new GaussianPattern(deviations.get(0)[0], scale, variance, c[0]);
    }

    /**
     * Splits products, quotients and squares into the factors above and below the line,
     * multiplying constants into c; false for what is not such a product.
     */
    private static boolean flattenRatio(Expr e, boolean above, List<Expr> numerator, List<Expr> denominator,
            double[] c) {
        Double v = ConstantFolder.value(e);
        if (v != null) {
            if (above) {
                c[0] *= v;
            } else if (v == 0) {
                return false;
            } else {
                c[0] /= v;
            }
            return true;
        }
        if (e instanceof Binary b) {
            switch (b.getOp()) {
                case "*":
                    return flattenRatio(b.getLeft(), above, numerator, denominator, c)
                            && flattenRatio(b.getRight(), above, numerator, denominator, c);
                case "/":
                    return flattenRatio(b.getLeft(), above, numerator, denominator, c)
                            && flattenRatio(b.getRight(), !above, numerator, denominator, c);
                case "^": {
                    Double power = ConstantFolder.value(b.getRight());
                    if (power == null || power != 2) {
                        return false;
                    }
                    List<Expr> side = above ? numerator : denominator;
                    side.add(b.getLeft());
                    side.add(b.getLeft());
                    return true;
                }
                default:
                    break;  // a sum or difference is one factor: x - m
            }
        }
        if (e instanceof org.thermogen.lang.thermogen.Negation n) {
            c[0] = -c[0];
            return flattenRatio(n.getOperand(), above, numerator, denominator, c);
        }
        (above ? numerator : denominator).add(e);
        return true;
    }

    /**
     * {@code {mean}} for {@code x - mean}, {@code {null}} for {@code x}, null otherwise; the
     * mean has {@code dims} dimensions (0 for a scalar, 1 for a vector).
     */
    private static ParamInfo[] deviation(Expr e, Variable x, ModelAnalysis a, int dims) {
        if (isVariable(e, x)) {
            return new ParamInfo[] {null};
        }
        if (e instanceof Binary b && b.getOp().equals("-") && isVariable(b.getLeft(), x)) {
            ParamInfo m = ownParam(b.getRight(), a);
            return m == null || m.dims().length != dims ? null : new ParamInfo[] {m};
        }
        return null;
    }

    private static boolean isVariable(Expr e, Variable x) {
        return e instanceof SymbolRef r && r.getSymbol() == x && r.getIndices().isEmpty();
    }

    private static ParamInfo ownParam(Expr e, ModelAnalysis a) {
        if (e instanceof SymbolRef r && r.getSymbol() instanceof Param p && r.getIndices().isEmpty()) {
            ParamInfo info = a.info(p);
            return info != null && info.owner() == a.model() ? info : null;
        }
        return null;
    }

    private static boolean reads(Expr e, Variable x) {
        if (e instanceof SymbolRef r && r.getSymbol() == x) {
            return true;
        }
        for (var it = e.eAllContents(); it.hasNext();) {
            if (it.next() instanceof SymbolRef r && r.getSymbol() == x) {
                return true;
            }
        }
        return false;
    }
}
