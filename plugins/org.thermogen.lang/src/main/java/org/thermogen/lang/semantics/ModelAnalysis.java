package org.thermogen.lang.semantics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Binary;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.DomainKind;
import org.thermogen.lang.thermogen.Energy;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.IndexBinding;
import org.thermogen.lang.thermogen.IndexVar;
import org.thermogen.lang.thermogen.IndexedSum;
import org.thermogen.lang.thermogen.ListValue;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Negation;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Transpose;
import org.thermogen.lang.thermogen.Value;
import org.thermogen.lang.thermogen.Variable;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Role;

/**
 * What a {@code model} declaration means: the layout of its state and parameter vectors,
 * the shape of every sub-expression of its energy, the range of every sum index, and the
 * problems found on the way. The validator reports the problems; the generator lowers
 * the energy from here.
 */
public final class ModelAnalysis {
    /** Exact enumeration visits 2^n states: the limit the runtime enforces. */
    public static final int MAX_EXACT_UNITS = Enumeration.MAX_UNITS;

    /** Element-wise functions, with what they compute. */
    public static final Map<String, String> ELEMENTWISE = elementwise();
    /** Functions of a square matrix. */
    public static final Map<String, String> MATRIX_FUNCTIONS = Map.of(
            "inv", "the inverse of a square matrix",
            "logdet", "the log-determinant of a positive definite matrix",
            "trace", "the trace of a square matrix");

    /** A variable and where its units sit in the state vector (observed first, then hidden). */
    public record VariableInfo(Variable ast, String name, Role role, Domain domain, int[] dims, int offset,
            boolean periodic) {
        public int size() {
            int s = 1;
            for (int d : dims) {
                s *= d;
            }
            return s;
        }
    }

    /**
     * A parameter and where its elements sit in the parameter vector. Parameters of models
     * whose energies this one calls are imported under {@code Owner.name}.
     */
    public record ParamInfo(Param ast, Model owner, String name, int[] dims, int offset, Set<Constraint> constraints,
            boolean fixed) {
        public int size() {
            int s = 1;
            for (int d : dims) {
                s *= d;
            }
            return s;
        }
    }

    private record IndexUse(IndexVar var, int size, String where) {
    }

    private record IndexOccurrence(SymbolRef ref, int axis, Expr expr, int dim, boolean periodic) {
    }

    private final Model model;
    private final List<VariableInfo> variables = new ArrayList<>();
    private final List<ParamInfo> params = new ArrayList<>();
    private final Map<Variable, VariableInfo> variableInfo = new HashMap<>();
    private final Map<Param, ParamInfo> paramInfo = new HashMap<>();
    private final Map<Model, ModelAnalysis> callees = new LinkedHashMap<>();
    private final Map<Expr, ExprShape> shapes = new HashMap<>();
    private final Map<IndexVar, int[]> ranges = new HashMap<>();
    private final List<IndexUse> indexUses = new ArrayList<>();
    private final List<IndexOccurrence> occurrences = new ArrayList<>();
    private final List<Issue> issues = new ArrayList<>();
    private Energy energy;
    private boolean unresolved;
    private int observedSize;
    private int stateSize;
    private int paramSize;

    private ModelAnalysis(Model model) {
        this.model = model;
    }

    /** Analyses {@code model} (and the models whose energies it calls). */
    public static ModelAnalysis of(Model model) {
        return of(model, new ArrayDeque<>());
    }

    private static ModelAnalysis of(Model model, Deque<Model> callers) {
        ModelAnalysis a = new ModelAnalysis(model);
        callers.push(model);
        try {
            a.run(callers);
        } finally {
            callers.pop();
        }
        return a;
    }

    public Model model() {
        return model;
    }

    /** Observed variables first, then hidden ones, as in the state vector. */
    public List<VariableInfo> variables() {
        return Collections.unmodifiableList(variables);
    }

    /** Own parameters in declaration order, then imported ones. */
    public List<ParamInfo> params() {
        return Collections.unmodifiableList(params);
    }

    public VariableInfo info(Variable v) {
        return variableInfo.get(v);
    }

    public ParamInfo info(Param p) {
        return paramInfo.get(p);
    }

    /** The analyses of the models whose energies this one calls. */
    public Map<Model, ModelAnalysis> callees() {
        return Collections.unmodifiableMap(callees);
    }

    /** The model's energy, or null if it declares none. */
    public Energy energy() {
        return energy;
    }

    public ExprShape shapeOf(Expr e) {
        return shapes.getOrDefault(e, ExprShape.UNKNOWN);
    }

    /** {lo, hi} (inclusive) of a sum index, or null if it could not be determined. */
    public int[] rangeOf(IndexVar v) {
        return ranges.get(v);
    }

    public List<Issue> issues() {
        return Collections.unmodifiableList(issues);
    }

    /**
     * True if the model has errors, including names the linker could not resolve (reported
     * by the linker, not here): such a model is never lowered or generated.
     */
    public boolean hasErrors() {
        return unresolved || issues.stream().anyMatch(Issue::error);
    }

    public int observedSize() {
        return observedSize;
    }

    public int stateSize() {
        return stateSize;
    }

    public int paramSize() {
        return paramSize;
    }

    /** True if every unit is binary or spin. */
    public boolean isDiscrete() {
        return !variables.isEmpty() && variables.stream().allMatch(v -> v.domain() != Domain.REAL);
    }

    /** The single domain of all units, or null if they differ. */
    public Domain uniformDomain() {
        Set<Domain> ds = EnumSet.noneOf(Domain.class);
        variables.forEach(v -> ds.add(v.domain()));
        return ds.size() == 1 ? ds.iterator().next() : null;
    }

    // ------------------------------------------------------------------ analysis

    private void run(Deque<Model> callers) {
        layoutVariables();
        layoutParams();
        List<Energy> energies = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Energy e) {
                energies.add(e);
            }
        }
        if (energies.isEmpty()) {
            // A latent hierarchy or a diffusion model has no energy; Hierarchy checks it.
            if (!Hierarchy.declaresOne(model)) {
                error(model, Literals.SYMBOL__NAME, model.getName() + " declares no energy: add `energy E(...) = ...`, or"
                        + " a latent hierarchy (`x | k ~ normal(mu[k], Sigma[k])`) or `diffusion with ...`",
                        IssueCodes.NO_ENERGY);
            }
            return;
        }
        for (int i = 1; i < energies.size(); i++) {
            error(energies.get(i), Literals.ENERGY__NAME,
                    "a model has one energy; add the terms of " + energies.get(i).getName() + " to "
                            + energies.get(0).getName() + " with +",
                    "second-energy");
        }
        energy = energies.get(0);
        checkEnergyArguments();
        if (energy.getBody() == null) {
            return;
        }
        ExprShape s = infer(energy.getBody(), callers);
        resolveRanges();
        checkBounds();
        if (!s.isUnknown() && !s.isScalar()) {
            error(energy, Literals.ENERGY__BODY, "an energy is a number, but this expression has shape " + s
                    + (s.isVector() ? ": use a dot product such as h . s" : ""), IssueCodes.ENERGY_NOT_SCALAR);
        }
        paramSize = params.isEmpty() ? 0 : params.get(params.size() - 1).offset() + params.get(params.size() - 1).size();
    }

    private void layoutVariables() {
        List<Variable> declared = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Variable v) {
                if (v.getRole() == org.thermogen.lang.thermogen.Role.LATENT) {
                    // Latents are not units of a state vector: the trainer integrates them out.
                    continue;
                }
                // `real` is the enum's default, so eIsSet cannot tell `: real` from nothing; the text can.
                boolean written = !org.eclipse.xtext.nodemodel.util.NodeModelUtils
                        .findNodesForFeature(v, Literals.VARIABLE__DOMAIN).isEmpty();
                if (!written || v.isCategorical()) {
                    error(v, Literals.SYMBOL__NAME, v.getRole().getLiteral() + " " + v.getName() + " needs a domain: write `"
                            + v.getRole().getLiteral() + " " + v.getName() + (v.getShape() == null ? "" : "[...]")
                            + " : real` (or binary, spin)" + (v.isCategorical() ? "; only latent variables are categorical" : ""),
                            "no-domain");
                }
                if (v.getDistribution() != null) {
                    error(v, Literals.VARIABLE__DISTRIBUTION, "only latent variables are declared with `~`; write the"
                            + " likelihood as `" + v.getName() + " | z ~ ...` after the latents", "observed-with-distribution");
                }
                declared.add(v);
            }
        }
        int offset = 0;
        for (boolean hidden : new boolean[] {false, true}) {
            for (Variable v : declared) {
                Role role = role(v);
                if ((role == Role.HIDDEN) != hidden) {
                    continue;
                }
                int[] dims = dims(v.getShape() == null ? List.of() : v.getShape().getDims());
                VariableInfo info = new VariableInfo(v, v.getName(), role, domain(v.getDomain()), dims, offset,
                        v.isPeriodic());
                variables.add(info);
                variableInfo.put(v, info);
                offset += info.size();
            }
            if (!hidden) {
                observedSize = offset;
            }
        }
        stateSize = offset;
    }

    private void layoutParams() {
        int offset = 0;
        for (Member m : model.getMembers()) {
            if (!(m instanceof Param p)) {
                continue;
            }
            int[] dims = dims(p.getShape() == null ? List.of() : p.getShape().getDims());
            Set<Constraint> cs = EnumSet.noneOf(Constraint.class);
            for (int i = 0; i < p.getConstraints().size(); i++) {
                String word = p.getConstraints().get(i);
                Constraint c = Constraint.ofKeyword(word);
                if (c == null) {
                    List<String> known = new ArrayList<>();
                    for (Constraint k : Constraint.values()) {
                        known.add(k.keyword());
                    }
                    error(p, Literals.PARAM__CONSTRAINTS, i, "unknown constraint " + word
                            + Suggestions.didYouMean(word, known) + " (constraints: " + String.join(", ", known) + ")",
                            IssueCodes.UNKNOWN_CONSTRAINT, Suggestions.data(word, known));
                    continue;
                }
                boolean square = dims.length >= 2 && dims[dims.length - 1] == dims[dims.length - 2];
                if ((c == Constraint.SYMMETRIC || c == Constraint.ZERO_DIAGONAL) && !(dims.length == 2 && square)
                        || c == Constraint.SPD && !(square && (dims.length == 2 || dims.length == 3 && Hierarchy.declaresOne(model)))) {
                    error(p, Literals.PARAM__CONSTRAINTS, i, word + " needs a square matrix, but " + p.getName()
                            + " has shape " + ExprShape.of(dims), IssueCodes.CONSTRAINT_SHAPE);
                }
                cs.add(c);
            }
            if (p.isFixed() && p.getValue() == null && !seededRandom(p.getInit())) {
                error(p, Literals.PARAM__FIXED, "a fixed parameter needs a value (param " + p.getName() + " = 1.0 fixed)"
                        + " or a random init with a seed of its own (init normal(0, 1, seed 7) fixed)",
                        IssueCodes.FIXED_WITHOUT_VALUE);
            }
            if (p.getValue() != null) {
                checkParamValue(p, dims);
            }
            if (p.getValue() != null && p.getInit() != null) {
                error(p, Literals.PARAM__INIT, "give either a value (= ...) or init, not both",
                        IssueCodes.VALUE_AND_INIT);
            }
            ParamInfo info = new ParamInfo(p, model, p.getName(), dims, offset, cs, p.isFixed());
            params.add(info);
            paramInfo.put(p, info);
            offset += info.size();
        }
        paramSize = offset;
    }

    /**
     * A random init with a seed of its own ({@code normal(0, 1, seed 7)}, the seed keyed or
     * third): the same values in every run, which a fixed parameter may start from.
     */
    public static boolean seededRandom(Value init) {
        if (!(init instanceof org.thermogen.lang.thermogen.Call c) || !("normal".equals(c.getName())
                || "uniform".equals(c.getName()))) {
            return false;
        }
        for (int i = 0; i < c.getArguments().size(); i++) {
            org.thermogen.lang.thermogen.Argument a = c.getArguments().get(i);
            if ("seed".equals(a.getKey()) || a.getKey() == null && i == 2) {
                Double seed = ConstantFolder.value(a.getValue());
                return seed != null && seed >= 0;
            }
        }
        return false;
    }

    private void checkParamValue(Param p, int[] dims) {
        Value v = p.getValue();
        if (ConstantFolder.value(v) != null) {
            return;
        }
        if (v instanceof ListValue) {
            List<Double> flat = new ArrayList<>();
            List<Integer> shape = new ArrayList<>();
            if (!flatten(v, flat, shape, 0)) {
                error(p, Literals.PARAM__VALUE, "a parameter value is a number or a list of numbers",
                        IssueCodes.BAD_VALUE);
                return;
            }
            int size = 1;
            for (int d : dims) {
                size *= d;
            }
            if (flat.size() != size) {
                error(p, Literals.PARAM__VALUE, p.getName() + " has " + size + " elements but the value lists "
                        + flat.size(), IssueCodes.VALUE_SIZE);
            }
            return;
        }
        error(p, Literals.PARAM__VALUE, "a parameter value is a number or a list of numbers", IssueCodes.BAD_VALUE);
    }

    /** Flattens nested list values row-major; false if an element is not a number. */
    public static boolean flatten(Value v, List<Double> out, List<Integer> shape, int depth) {
        if (v instanceof ListValue l) {
            if (shape.size() == depth) {
                shape.add(l.getItems().size());
            }
            for (Value item : l.getItems()) {
                if (!flatten(item, out, shape, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        Double d = ConstantFolder.value(v);
        if (d == null) {
            return false;
        }
        out.add(d);
        return true;
    }

    private void checkEnergyArguments() {
        Set<Variable> seen = new LinkedHashSet<>();
        for (int i = 0; i < energy.getArguments().size(); i++) {
            Variable v = energy.getArguments().get(i);
            if (v == null || v.eIsProxy()) {
                unresolved = true;
                continue;
            }
            if (!seen.add(v)) {
                error(energy, Literals.ENERGY__ARGUMENTS, i, v.getName() + " is listed twice",
                        IssueCodes.DUPLICATE_ARGUMENT);
            }
        }
        for (VariableInfo v : variables) {
            if (!unresolved && !seen.contains(v.ast())) {
                error(energy, Literals.ENERGY__NAME, "energy " + energy.getName() + " must take every variable of "
                        + model.getName() + ": add " + v.name() + " to its arguments", IssueCodes.MISSING_ARGUMENT);
            }
        }
    }

    private int[] dims(List<Expr> exprs) {
        int[] dims = new int[exprs.size()];
        for (int i = 0; i < dims.length; i++) {
            Integer d = ConstantFolder.intValue(exprs.get(i));
            if (d == null || d <= 0) {
                error(exprs.get(i), null, "a dimension is a positive whole number (a number or a const)",
                        IssueCodes.BAD_DIMENSION);
                dims[i] = 1;
            } else {
                dims[i] = d;
            }
        }
        return dims;
    }

    private static Role role(Variable v) {
        return switch (v.getRole()) {
            case VISIBLE -> Role.VISIBLE;
            case HIDDEN -> Role.HIDDEN;
            case OBSERVED -> Role.OBSERVED;
            case LATENT -> Role.HIDDEN;
        };
    }

    private static Domain domain(DomainKind d) {
        return switch (d) {
            case REAL -> Domain.REAL;
            case BINARY -> Domain.BINARY;
            case SPIN -> Domain.SPIN;
        };
    }

    // ------------------------------------------------------------------ shapes

    private ExprShape infer(Expr e, Deque<Model> callers) {
        ExprShape s = inferUncached(e, callers);
        shapes.put(e, s);
        return s;
    }

    private ExprShape inferUncached(Expr e, Deque<Model> callers) {
        if (e instanceof NumberLiteral) {
            return ExprShape.SCALAR;
        }
        if (e instanceof Negation n) {
            return infer(n.getOperand(), callers);
        }
        if (e instanceof Transpose t) {
            ExprShape s = infer(t.getOperand(), callers);
            if (s.rank() > 2) {
                error(t, null, "transpose works on vectors and matrices, not on shape " + s, IssueCodes.TRANSPOSE_RANK);
                return ExprShape.UNKNOWN;
            }
            return s.transposed();
        }
        if (e instanceof SymbolRef r) {
            return symbol(r, callers);
        }
        if (e instanceof Binary b) {
            return binary(b, callers);
        }
        if (e instanceof IndexedSum s) {
            return sum(s, callers);
        }
        if (e instanceof Application a) {
            return application(a, callers);
        }
        return ExprShape.UNKNOWN;
    }

    private ExprShape symbol(SymbolRef r, Deque<Model> callers) {
        Symbol sym = r.getSymbol();
        if (sym == null || sym.eIsProxy()) {
            unresolved = true;
            return ExprShape.UNKNOWN;
        }
        int[] dims;
        boolean periodic = false;
        if (sym instanceof Variable v) {
            VariableInfo info = variableInfo.get(v);
            if (info == null) {
                error(r, Literals.SYMBOL_REF__SYMBOL, v.getName() + " belongs to another model",
                        IssueCodes.FOREIGN_VARIABLE);
                return ExprShape.UNKNOWN;
            }
            dims = info.dims();
            periodic = info.periodic();
        } else if (sym instanceof Param p) {
            ParamInfo info = paramInfo.get(p);
            if (info == null) {
                error(r, Literals.SYMBOL_REF__SYMBOL, p.getName() + " belongs to another model",
                        IssueCodes.FOREIGN_PARAM);
                return ExprShape.UNKNOWN;
            }
            dims = info.dims();
        } else if (sym instanceof IndexVar || sym instanceof Constant) {
            if (!r.getIndices().isEmpty()) {
                error(r, Literals.SYMBOL_REF__INDICES, sym.getName() + " is a number and cannot be indexed",
                        IssueCodes.INDEX_SCALAR);
            }
            return ExprShape.SCALAR;
        } else if (sym instanceof Dataset || sym instanceof Model) {
            error(r, Literals.SYMBOL_REF__SYMBOL, sym.getName() + " is a " + (sym instanceof Model ? "model" : "dataset")
                    + ", not a number" + (sym instanceof Model ? ": write " + sym.getName() + "(x) for its energy" : ""),
                    IssueCodes.NOT_A_NUMBER);
            return ExprShape.UNKNOWN;
        } else {
            return ExprShape.UNKNOWN;
        }
        int n = r.getIndices().size();
        if (n > dims.length) {
            error(r, Literals.SYMBOL_REF__INDICES, sym.getName() + " has " + plural(dims.length, "dimension")
                    + " but is indexed with " + n, IssueCodes.TOO_MANY_INDICES);
            return ExprShape.UNKNOWN;
        }
        for (int axis = 0; axis < n; axis++) {
            Expr ix = r.getIndices().get(axis);
            checkIndexExpression(ix, callers);
            occurrences.add(new IndexOccurrence(r, axis, ix, dims[axis], periodic));
            Affine a = Affine.of(ix);
            if (a != null && a.singleVariable() != null && a.coefficient(a.singleVariable()) == 1) {
                indexUses.add(new IndexUse(a.singleVariable(), dims[axis], sym.getName() + ExprShape.of(dims)));
            }
        }
        return ExprShape.of(java.util.Arrays.copyOfRange(dims, n, dims.length));
    }

    private void checkIndexExpression(Expr ix, Deque<Model> callers) {
        infer(ix, callers);
        if (Affine.of(ix) == null) {
            error(ix, null, "an index is a whole number, a sum index, or an index plus or minus a whole number",
                    IssueCodes.BAD_INDEX);
        }
    }

    private ExprShape binary(Binary b, Deque<Model> callers) {
        ExprShape l = infer(b.getLeft(), callers);
        ExprShape r = infer(b.getRight(), callers);
        if (l.isUnknown() || r.isUnknown()) {
            return ExprShape.UNKNOWN;
        }
        String op = b.getOp();
        String ls = describe(b.getLeft(), l);
        String rs = describe(b.getRight(), r);
        switch (op) {
            case "+", "-" -> {
                if (l.isScalar()) {
                    return r;
                }
                if (r.isScalar()) {
                    return l;
                }
                if (l.equals(r)) {
                    return l;
                }
                if (l.sameDims(r)) {
                    error(b, null, "cannot " + (op.equals("+") ? "add " : "subtract ") + rs + (op.equals("+") ? " to " : " from ")
                            + ls + ": one is a row vector (transposed); transpose the other too", "add-orientation");
                } else {
                    error(b, null, "cannot " + (op.equals("+") ? "add " : "subtract ") + ls + " and " + rs
                            + ": the shapes differ", IssueCodes.ADD_SHAPE);
                }
                return ExprShape.UNKNOWN;
            }
            case "*" -> {
                if (l.isScalar()) {
                    return r;
                }
                if (r.isScalar()) {
                    return l;
                }
                return matmul(b, l, r, ls, rs);
            }
            case "." -> {
                if (l.isScalar() || r.isScalar()) {
                    error(b, null, "`.` contracts two vectors or matrices; multiply by a number with *", "dot-scalar");
                    return ExprShape.UNKNOWN;
                }
                int inner = l.dim(l.rank() - 1);
                if (inner != r.dim(0)) {
                    error(b, null, "cannot contract " + ls + " . " + rs + ": the contracted dimensions " + inner + " and "
                            + r.dim(0) + " differ", IssueCodes.DOT_SHAPE);
                    return ExprShape.UNKNOWN;
                }
                int[] out = new int[l.rank() - 1 + r.rank() - 1];
                System.arraycopy(l.dims(), 0, out, 0, l.rank() - 1);
                System.arraycopy(r.dims(), 1, out, l.rank() - 1, r.rank() - 1);
                return ExprShape.of(out);
            }
            case "/" -> {
                if (!r.isScalar()) {
                    error(b, null, "cannot divide by " + rs + ": divide by a number, or write the quotient inside sum(...)",
                            IssueCodes.DIVIDE_TENSOR);
                    return ExprShape.UNKNOWN;
                }
                return l;
            }
            case "^" -> {
                if (!l.isScalar() || !r.isScalar()) {
                    error(b, null, "^ raises a number to a power; for vectors write the power inside sum(...)", "power-tensor");
                    return ExprShape.UNKNOWN;
                }
                if (ConstantFolder.value(b.getRight()) == null) {
                    error(b.getRight(), null, "the exponent must be a constant number", IssueCodes.POWER_EXPONENT);
                }
                return ExprShape.SCALAR;
            }
            default -> {
                return ExprShape.UNKNOWN;
            }
        }
    }

    private ExprShape matmul(Binary b, ExprShape l, ExprShape r, String ls, String rs) {
        if (l.rank() > 2 || r.rank() > 2) {
            error(b, null, "* multiplies vectors and matrices; for shape " + (l.rank() > 2 ? l : r)
                    + " write the product with indices inside sum(...)", "matmul-rank");
            return ExprShape.UNKNOWN;
        }
        if (l.isColumn() && r.isColumn()) {
            error(b, null, "cannot multiply two column vectors " + ls + " and " + rs
                    + ": write a . b for the dot product, or transpose the left one: a' * b",
                    IssueCodes.MATMUL_COLUMNS);
            return ExprShape.UNKNOWN;
        }
        if (l.isRow() && r.isRow()) {
            error(b, null, "cannot multiply two row vectors " + ls + " and " + rs, IssueCodes.MATMUL_ROWS);
            return ExprShape.UNKNOWN;
        }
        if (l.isColumn() && r.isRow()) {
            return ExprShape.of(l.dim(0), r.dim(0));
        }
        if (l.isColumn() && r.isMatrix()) {
            error(b, null, "cannot multiply the column vector " + ls + " by the matrix " + rs
                    + ": transpose the vector (v' * M) for a row times a matrix", IssueCodes.MATMUL_SHAPE);
            return ExprShape.UNKNOWN;
        }
        if (l.isColumn() || (l.isMatrix() && r.isRow())) {
            error(b, null, "cannot multiply " + ls + " by " + rs + ": the left factor needs " + (l.isColumn() ? 1 : l.dim(1))
                    + " columns to meet a " + (r.isRow() ? "row vector" : "matrix"), IssueCodes.MATMUL_SHAPE);
            return ExprShape.UNKNOWN;
        }
        // Past the checks above the left factor is a row vector or a matrix.
        int inner = l.isRow() ? l.dim(0) : l.dim(1);
        int rInner = r.dim(0);
        if (inner != rInner) {
            error(b, null, "cannot multiply " + ls + " by " + rs + ": the inner dimensions " + inner + " and " + rInner
                    + " differ", IssueCodes.MATMUL_SHAPE);
            return ExprShape.UNKNOWN;
        }
        if (l.isRow() && r.isColumn()) {
            return ExprShape.SCALAR;
        }
        if (l.isRow()) {
            return ExprShape.row(r.dim(1));
        }
        if (r.isColumn()) {
            return ExprShape.of(l.dim(0));
        }
        return ExprShape.of(l.dim(0), r.dim(1));
    }

    private ExprShape sum(IndexedSum s, Deque<Model> callers) {
        for (IndexBinding b : s.getBindings()) {
            // `0..` lexes as one token (first); any other lower bound is an expression (from).
            Integer from = b.getFrom() != null ? ConstantFolder.intValue(b.getFrom()) : Integer.valueOf(b.getFirst());
            if (b.getTo() != null) {
                Integer to = ConstantFolder.intValue(b.getTo());
                if (from == null || to == null) {
                    error(b, null, "the range of a sum index is two whole numbers: sum(i in 0..15)",
                            IssueCodes.BAD_RANGE);
                } else if (to < from) {
                    error(b, null, "the range " + from + ".." + to + " is empty", IssueCodes.EMPTY_RANGE);
                } else {
                    for (IndexVar v : b.getIndices()) {
                        ranges.put(v, new int[] {from, to});
                    }
                }
            }
        }
        if (s.getBody() == null) {
            return ExprShape.UNKNOWN;
        }
        return infer(s.getBody(), callers);
    }

    private ExprShape application(Application a, Deque<Model> callers) {
        String f = a.getFunction();
        List<ExprShape> args = new ArrayList<>();
        for (Expr arg : a.getArguments()) {
            args.add(infer(arg, callers));
        }
        if (ELEMENTWISE.containsKey(f)) {
            if (args.size() != 1) {
                error(a, Literals.APPLICATION__FUNCTION, f + " takes one argument", IssueCodes.ARITY);
                return ExprShape.UNKNOWN;
            }
            return args.get(0);
        }
        if (MATRIX_FUNCTIONS.containsKey(f)) {
            if (args.size() != 1) {
                error(a, Literals.APPLICATION__FUNCTION, f + " takes one argument", IssueCodes.ARITY);
                return ExprShape.UNKNOWN;
            }
            ExprShape m = args.get(0);
            if (m.isUnknown()) {
                return ExprShape.UNKNOWN;
            }
            if (!m.isSquare()) {
                error(a, Literals.APPLICATION__ARGUMENTS, f + " needs a square matrix, not " + describe(a.getArguments().get(0), m),
                        IssueCodes.MATRIX_FUNCTION_SHAPE);
                return ExprShape.UNKNOWN;
            }
            return f.equals("inv") ? m : ExprShape.SCALAR;
        }
        Model callee = ModelLookup.find(a, f);
        if (callee == null) {
            List<String> known = new ArrayList<>(ELEMENTWISE.keySet());
            known.addAll(MATRIX_FUNCTIONS.keySet());
            known.addAll(ModelLookup.visibleModelNames(a));
            error(a, Literals.APPLICATION__FUNCTION, "unknown function " + f + Suggestions.didYouMean(f, known)
                    + " (built-ins: " + String.join(", ", ELEMENTWISE.keySet()) + ", inv, logdet, trace;"
                    + " or a model's name for its energy)", IssueCodes.UNKNOWN_FUNCTION, Suggestions.data(f, known));
            return ExprShape.UNKNOWN;
        }
        return callEnergy(a, callee, args, callers);
    }

    private ExprShape callEnergy(Application a, Model callee, List<ExprShape> args, Deque<Model> callers) {
        if (callers.contains(callee)) {
            error(a, Literals.APPLICATION__FUNCTION, "the energy of " + callee.getName() + " calls itself through "
                    + model.getName(), IssueCodes.ENERGY_CYCLE);
            return ExprShape.UNKNOWN;
        }
        ModelAnalysis c = callees.get(callee);
        if (c == null) {
            c = of(callee, callers);
            callees.put(callee, c);
            for (ParamInfo p : c.params) {
                if (!paramInfo.containsKey(p.ast())) {
                    int offset = params.isEmpty() ? 0 : params.get(params.size() - 1).offset() + params.get(params.size() - 1).size();
                    ParamInfo imported = new ParamInfo(p.ast(), p.owner(), p.owner().getName() + "." + p.ast().getName(),
                            p.dims(), offset, p.constraints(), p.fixed());
                    params.add(imported);
                    paramInfo.put(p.ast(), imported);
                }
            }
        }
        if (c.energy == null) {
            error(a, Literals.APPLICATION__FUNCTION, callee.getName() + " declares no energy",
                    IssueCodes.CALLEE_NO_ENERGY);
            return ExprShape.UNKNOWN;
        }
        List<Variable> formal = c.energy.getArguments();
        if (formal.size() != args.size()) {
            error(a, Literals.APPLICATION__ARGUMENTS, callee.getName() + "'s energy takes " + plural(formal.size(), "argument")
                    + ", not " + args.size(), IssueCodes.ARITY);
            return ExprShape.UNKNOWN;
        }
        for (int i = 0; i < formal.size(); i++) {
            VariableInfo fv = c.variableInfo.get(formal.get(i));
            ExprShape actual = args.get(i);
            if (fv == null || actual.isUnknown()) {
                continue;
            }
            if (!actual.sameDims(ExprShape.of(fv.dims())) || actual.isRow()) {
                error(a.getArguments().get(i), null, callee.getName() + " expects " + fv.name() + ExprShape.of(fv.dims())
                        + " here, not " + actual, IssueCodes.ARGUMENT_SHAPE);
            }
        }
        return ExprShape.SCALAR;
    }

    // ------------------------------------------------------------------ index ranges

    private void resolveRanges() {
        Map<IndexVar, IndexUse> first = new HashMap<>();
        for (IndexUse u : indexUses) {
            if (ranges.containsKey(u.var()) && !first.containsKey(u.var())) {
                continue;
            }
            IndexUse f = first.putIfAbsent(u.var(), u);
            if (f == null) {
                ranges.put(u.var(), new int[] {0, u.size() - 1});
            } else if (f.size() != u.size()) {
                error(u.var(), Literals.SYMBOL__NAME, "index " + u.var().getName() + " runs over " + f.size() + " values in "
                        + f.where() + " but over " + u.size() + " in " + u.where() + ": give it a range, sum("
                        + u.var().getName() + " in 0.." + (Math.min(f.size(), u.size()) - 1) + ")",
                        IssueCodes.RANGE_CONFLICT);
            }
        }
        model.eAllContents().forEachRemaining(o -> {
            if (o instanceof IndexVar v && !ranges.containsKey(v)) {
                error(v, Literals.SYMBOL__NAME, "the range of " + v.getName() + " is unknown: use it as an index, or write sum("
                        + v.getName() + " in 0..N-1)", IssueCodes.UNKNOWN_RANGE);
            }
        });
    }

    private void checkBounds() {
        for (IndexOccurrence o : occurrences) {
            Affine a = Affine.of(o.expr());
            if (a == null || o.periodic()) {
                continue;
            }
            int[] mm = a.bounds(ranges);
            if (mm == null) {
                continue;
            }
            if (mm[0] < 0 || mm[1] >= o.dim()) {
                String name = o.ref().getSymbol().getName();
                int bad = mm[0] < 0 ? mm[0] : mm[1];
                error(o.expr(), null, name + " is indexed at " + bad + ", outside 0.." + (o.dim() - 1)
                        + (o.ref().getSymbol() instanceof Variable ? ": declare " + name + " periodic, or narrow the sum's range"
                                : ": narrow the sum's range"), IssueCodes.INDEX_BOUNDS);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> elementwise() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("exp", "e to the power of the argument");
        m.put("log", "the natural logarithm");
        m.put("softplus", "log(1 + exp(x)), computed without overflow");
        m.put("tanh", "the hyperbolic tangent");
        m.put("sigmoid", "1 / (1 + exp(-x))");
        m.put("sqrt", "the square root");
        m.put("abs", "the absolute value");
        m.put("cosh", "the hyperbolic cosine");
        m.put("logcosh", "log(cosh(x)), computed without overflow");
        return Collections.unmodifiableMap(m);
    }

    private static String describe(Expr e, ExprShape s) {
        if (e instanceof SymbolRef r && r.getIndices().isEmpty() && r.getSymbol() != null && !r.getSymbol().eIsProxy()) {
            return r.getSymbol().getName() + (s.isScalar() ? "" : s.toString());
        }
        return s.isScalar() ? "a number" : s.toString();
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        issues.add(new Issue(true, where, feature, -1, message, code, data));
    }

    private void error(EObject where, EStructuralFeature feature, int index, String message, String code,
            String... data) {
        issues.add(new Issue(true, where, feature, index, message, code, data));
    }
}
