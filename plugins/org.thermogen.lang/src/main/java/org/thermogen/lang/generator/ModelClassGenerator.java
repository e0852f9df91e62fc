package org.thermogen.lang.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.energy.EnergyStructure;
import org.thermogen.lang.energy.EnergyStructure.GaussianPattern;
import org.thermogen.lang.energy.Index;
import org.thermogen.lang.energy.Lowering;
import org.thermogen.lang.energy.Monomial;
import org.thermogen.lang.energy.Node;
import org.thermogen.lang.energy.Node.Elem;
import org.thermogen.lang.energy.Node.Source;
import org.thermogen.lang.energy.Polynomials;
import org.thermogen.lang.energy.Temp;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.NetworkAnalysis;
import org.thermogen.lang.semantics.ModelAnalysis.ParamInfo;
import org.thermogen.lang.semantics.ModelAnalysis.VariableInfo;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Evaluate;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Metric;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Sample;
import org.thermogen.lang.thermogen.Train;
import org.thermogen.lang.thermogen.Value;
import org.thermogen.runtime.model.Constraint;

/**
 * Writes the Java class of one model: its spec, the energy and its gradients as
 * straight-line code with loops, the recognized structure, and the declared training,
 * sampling and evaluation. The class depends on {@code org.thermogen.runtime} alone.
 */
final class ModelClassGenerator {
    private static final String R = BindingEmitter.RUNTIME;
    /** Names a generated model class must not use for its own members. */
    private static final Set<String> TAKEN = Set.of("e", "x", "theta", "grad", "gradX", "scale", "out", "deta", "ws",
            "mean", "covariance", "DEFINITION", "SPEC", "STRUCTURE", "WORKSPACE", "spec", "energy", "structure",
            "training", "samplers", "evaluations", "toString", "hashCode", "equals", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize", "addParameterGradient", "stateGradient",
            // imported java.util classes that method bodies name
            "Arrays", "List", "Optional");

    private final GeneratedFile file;
    private final ModelAnalysis analysis;
    private final Lowering.Lowered lowered;
    private final EnergyStructure structure;
    /** The latent hierarchy of a model without an energy, or null. */
    private final Hierarchy hierarchy;
    private final Imports imports;
    private final BindingEmitter bindings;
    private final String className;
    private final JavaWriter w = new JavaWriter();

    /** A model written as a latent hierarchy: no energy, a structure the runtime trains by its own algorithm. */
    ModelClassGenerator(GeneratedFile file, ModelAnalysis analysis, Hierarchy hierarchy) {
        this(file, analysis, null, null, hierarchy);
    }

    ModelClassGenerator(GeneratedFile file, ModelAnalysis analysis, Lowering.Lowered lowered, EnergyStructure structure) {
        this(file, analysis, lowered, structure, null);
    }

    private ModelClassGenerator(GeneratedFile file, ModelAnalysis analysis, Lowering.Lowered lowered,
            EnergyStructure structure, Hierarchy hierarchy) {
        this.file = file;
        this.analysis = analysis;
        this.lowered = lowered;
        this.structure = structure;
        this.hierarchy = hierarchy;
        this.className = JavaText.className(analysis.model().getName());
        this.imports = new Imports(file.packageName(), file.classNames());
        this.bindings = new BindingEmitter(imports);
    }

    /** The .gen line in a term's origin ({@code "ising.gen:17: + -sum(...)"}), 0 if it names none. */
    private int originLine(String origin) {
        String prefix = file.fileName() + ":";
        int end = origin.indexOf(':', prefix.length());
        if (!origin.startsWith(prefix) || end < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(origin.substring(prefix.length(), end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Stands for the line table until the lines are known. */
    private static final String SOURCE_TABLE = "SOURCE_TABLE_OF_THIS_CLASS";

    String generate() {
        Model model = analysis.model();
        String modelDefinition = imports.use(R + "definition.ModelDefinition");
        w.javadoc("Model {@code " + model.getName() + "} of " + file.fileName() + ":" + line(model) + ".", "",
                "Recognized: " + (hierarchy != null ? hierarchy.describe() : structure.explanation()) + ".", "",
                "Generated by Thermogen from " + file.fileName() + "; do not edit. Train, sample and evaluate it with",
                "{@code org.thermogen.run.Job}, or call the runtime directly with {@link #DEFINITION}.");
        w.from(line(model)).open("public final class " + className + " extends " + modelDefinition);
        offsets();
        spec();
        if (lowered != null && !lowered.temps().isEmpty()) {
            workspace();
        }
        w.javadoc("The model's definition: spec, energy, structure and declared plan.");
        w.line("public static final " + className + " DEFINITION = new " + className + "();");
        w.blank();
        w.open("private " + className + "()").close();
        w.blank();
        w.line("@Override");
        w.open("public " + imports.use(R + "model.ModelSpec") + " spec()").line("return SPEC;").close();
        w.blank();
        if (hierarchy != null) {
            hierarchyMethods();
        } else {
            energy();
            w.from(line(model));
            parameterGradient();
            w.from(line(model));
            stateGradient();
            w.from(line(model));
            structureMethod();
            w.from(line(model));
        }
        plan();
        w.from(line(model));
        accessors();
        w.javadoc("Where the lines of this class come from: the .gen file, then pairs of a line of this class and the",
                "line of the .gen file it and the lines after it come from (0: none in particular). Stack traces",
                "through this class are read back to the .gen file with {@code org.thermogen.run.SourceLines}.");
        w.line("public static final String SOURCE_LINES = " + SOURCE_TABLE + ";");
        w.close();
        StringBuilder out = new StringBuilder();
        out.append("// Generated by Thermogen from ").append(JavaText.comment(file.fileName())).append(". Do not edit.\n");
        if (!file.packageName().isEmpty()) {
            out.append("package ").append(file.packageName()).append(";\n\n");
        }
        out.append(imports.declarations(w.toString())).append('\n');
        int header = (int) out.chars().filter(c -> c == '\n').count();
        String table = JavaText.literal(file.fileName() + "\n" + w.sourceTable(header, 60_000 - file.fileName().length()));
        out.append(w.toString().replace(SOURCE_TABLE, table));
        return out.toString();
    }

    // ------------------------------------------------------------------ layout and spec

    static String variableOffset(String name) {
        return "V_" + name.replace('.', '$');
    }

    static String paramOffset(String name) {
        return "P_" + name.replace('.', '$');
    }

    private String offsetOf(Elem e) {
        return e.source() == Source.STATE ? variableOffset(e.name()) : paramOffset(e.name());
    }

    private void offsets() {
        w.comment("Where each variable starts in the state vector x (observed units first).");
        for (VariableInfo v : analysis.variables()) {
            w.line("static final int " + variableOffset(v.name()) + " = " + v.offset() + ";");
        }
        if (analysis.stateSize() > analysis.observedSize()) {
            w.comment("Hidden units start here; their index in the hidden layer is their position minus this.");
            w.line("static final int HIDDEN = " + analysis.observedSize() + ";");
        }
        if (!analysis.params().isEmpty()) {
            w.comment("Where each parameter starts in the parameter vector theta.");
            for (ParamInfo p : analysis.params()) {
                w.line("static final int " + paramOffset(p.name()) + " = " + p.offset() + ";");
            }
        }
        w.blank();
    }

    private void spec() {
        String shape = imports.use(R + "model.Shape");
        String role = imports.use(R + "model.Role");
        String domain = imports.use(R + "model.Domain");
        boolean diffusion = hierarchy != null && hierarchy.kind() == Hierarchy.Kind.DIFFUSION;
        boolean vae = hierarchy != null && hierarchy.kind() == Hierarchy.Kind.VAE;
        if (diffusion) {
            diffusionModel();
        }
        if (vae) {
            vaeModel();
        }
        w.line("private static final " + imports.use(R + "model.ModelSpec") + " SPEC = "
                + (diffusion ? "DIFFUSION.declare(" : vae ? "VAE.declare(" : "") + imports.use(R + "model.ModelSpec")
                + ".builder(" + JavaText.literal(analysis.model().getName()) + ")");
        w.line("        .source(" + JavaText.literal(file.fileName()) + ", " + line(analysis.model()) + ", "
                + JavaText.literal(file.sha256()) + ")");
        for (VariableInfo v : analysis.variables()) {
            w.line("        .variable(" + JavaText.literal(v.name()) + ", " + role + "." + v.role() + ", " + domain + "."
                    + v.domain() + ", " + shape + ".of(" + dims(v.dims()) + "), " + v.periodic() + ")");
        }
        for (ParamInfo p : analysis.params()) {
            StringBuilder cs = new StringBuilder();
            for (Constraint c : Constraint.values()) {
                if (p.constraints().contains(c)) {
                    cs.append(", ").append(imports.use(R + "model.Constraint")).append('.').append(c.name());
                }
            }
            w.line("        .param(" + JavaText.literal(p.name()) + ", " + shape + ".of(" + dims(p.dims()) + "), "
                    + init(p) + ", " + p.fixed() + cs + ")");
        }
        if (diffusion || vae) {
            w.line("        ).build();");
        } else {
            w.line("        .build();");
        }
        w.blank();
    }

    private String init(ParamInfo p) {
        String init = imports.use(R + "model.Init");
        Param ast = p.ast();
        if (ast.getValue() != null) {
            Double d = ConstantFolder.value(ast.getValue());
            if (d != null) {
                return init + ".constant(" + JavaText.number(d) + ")";
            }
            List<Double> flat = new ArrayList<>();
            ModelAnalysis.flatten(ast.getValue(), flat, new ArrayList<>(), 0);
            List<String> vs = new ArrayList<>();
            flat.forEach(x -> vs.add(JavaText.number(x)));
            return init + ".values(" + String.join(", ", vs) + ")";
        }
        Value v = ast.getInit();
        if (v == null) {
            return p.constraints().contains(Constraint.SPD) ? init + ".identity()"
                    : p.constraints().contains(Constraint.SIMPLEX) ? init + ".uniformWeights()" : init + ".zeros()";
        }
        Double d = ConstantFolder.value(v);
        if (d != null) {
            return init + ".constant(" + JavaText.number(d) + ")";
        }
        Binding b = Binding.bind((Call) v, Kind.INIT, List.of(), null, (where, f, m, c, data) -> {
            throw new IllegalStateException(m);
        });
        return bindings.emit(b);
    }

    private void workspace() {
        String mf = imports.use(R + "energy.MatrixFunctions");
        w.comment("Scratch arrays for matrix functions, one set per thread, so evaluations allocate nothing.");
        w.open("private static final class Workspace");
        Set<Integer> sizes = new HashSet<>();
        for (Temp t : lowered.temps()) {
            int nn = t.size() * t.size();
            w.comment(t.text());
            w.line("final double[] " + EnergyEmitter.tempArray(t) + " = new double[" + nn + "];");
            w.line("final double[] " + EnergyEmitter.tempAdjoint(t) + " = new double[" + nn + "];");
            w.line("final double[] " + EnergyEmitter.tempArgumentAdjoint(t) + " = new double[" + nn + "];");
            sizes.add(t.size());
        }
        for (int n : sizes) {
            w.line("final " + mf + ".Workspace " + EnergyEmitter.matrixWorkspace(n) + " = new " + mf + ".Workspace(" + n + ");");
        }
        w.close();
        w.blank();
        w.line("private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);");
        w.blank();
    }

    // ------------------------------------------------------------------ energy and gradients

    private EnergyEmitter emitter() {
        Set<String> reserved = new HashSet<>(TAKEN);
        // A local named like a type or package the method mentions (Math, java, HIDDEN) would obscure it.
        reserved.addAll(JavaText.TAKEN_TYPE_NAMES);
        reserved.addAll(file.classNames());
        for (VariableInfo v : analysis.variables()) {
            reserved.add(variableOffset(v.name()));
        }
        for (ParamInfo p : analysis.params()) {
            reserved.add(paramOffset(p.name()));
        }
        for (Temp t : lowered.temps()) {
            reserved.add(EnergyEmitter.tempArray(t));
            reserved.add(EnergyEmitter.tempAdjoint(t));
            reserved.add(EnergyEmitter.tempArgumentAdjoint(t));
            reserved.add(EnergyEmitter.tempScalar(t));
            reserved.add(EnergyEmitter.tempScalarAdjoint(t));
        }
        return new EnergyEmitter(w, this::offsetOf, reserved, imports::use);
    }

    private String energyText() {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(analysis.energy());
        return file.fileName() + ":" + line(analysis.energy()) + ": "
                + (node == null ? "energy" : NodeModelUtils.getTokenText(node));
    }

    private void energy() {
        w.javadoc("{@code E(x; theta)}: " + energyText());
        w.line("@Override");
        w.open("public double energy(double[] x, double[] theta)");
        EnergyEmitter em = emitter();
        forwardTemps(em, lowered.temps());
        w.line("double e = 0.0;");
        em.accumulate(lowered.energy(), "e");
        w.line("return e;");
        w.close();
        w.blank();
    }

    private void parameterGradient() {
        w.javadoc("Adds {@code scale * dE/dtheta}; derived symbolically from " + file.fileName() + ":"
                + line(analysis.energy()) + ".");
        w.line("@Override");
        w.open("public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad)");
        gradientBody(Source.PARAM, "grad", "scale");
        w.close();
        w.blank();
    }

    private void stateGradient() {
        w.javadoc("Writes {@code dE/dx}; derived symbolically from " + file.fileName() + ":" + line(analysis.energy()) + ".");
        w.line("@Override");
        w.open("public void stateGradient(double[] x, double[] theta, double[] gradX)");
        w.line(imports.use("java.util.Arrays") + ".fill(gradX, 0, " + analysis.stateSize() + ", 0.0);");
        gradientBody(Source.STATE, "gradX", "1.0");
        w.close();
        w.blank();
    }

    private void gradientBody(Source target, String gradient, String up) {
        EnergyEmitter em = emitter();
        List<Temp> relevant = new ArrayList<>();
        for (Temp t : lowered.temps()) {
            if (Polynomials.reads(t.element(), target)) {
                relevant.add(t);
            }
        }
        forwardTemps(em, lowered.temps());
        for (Temp t : relevant) {
            if (t.kind() == Temp.Kind.INVERSE) {
                w.line("final double[] " + EnergyEmitter.tempAdjoint(t) + " = ws." + EnergyEmitter.tempAdjoint(t) + ";");
                w.line(imports.use("java.util.Arrays") + ".fill(" + EnergyEmitter.tempAdjoint(t) + ", 0.0);");
            } else {
                w.line("double " + EnergyEmitter.tempScalarAdjoint(t) + " = 0.0;");
            }
        }
        em.adjoint(lowered.energy(), up, target, gradient);
        for (int i = relevant.size() - 1; i >= 0; i--) {
            Temp t = relevant.get(i);
            String g = EnergyEmitter.tempArgumentAdjoint(t);
            int n = t.size();
            String mf = imports.use(R + "energy.MatrixFunctions");
            w.comment("through " + t.text());
            w.line("final double[] " + g + " = ws." + g + ";");
            w.line(imports.use("java.util.Arrays") + ".fill(" + g + ", 0.0);");
            switch (t.kind()) {
                case INVERSE -> w.line(mf + ".addInverseAdjoint(" + EnergyEmitter.tempArray(t) + ", "
                        + EnergyEmitter.tempAdjoint(t) + ", " + n + ", " + g + ", ws." + EnergyEmitter.matrixWorkspace(n) + ");");
                case LOGDET -> w.line(mf + ".addLogDeterminantAdjoint(" + EnergyEmitter.tempArray(t) + ", " + n + ", "
                        + EnergyEmitter.tempScalarAdjoint(t) + ", " + g + ", ws." + EnergyEmitter.matrixWorkspace(n) + ");");
                case TRACE -> w.line(mf + ".addTraceAdjoint(" + n + ", " + EnergyEmitter.tempScalarAdjoint(t) + ", " + g + ");");
            }
            em.loops(List.of(t.row(), t.column()), List.of(), () -> em.adjoint(t.element(),
                    g + "[" + em.index(Index.of(t.row())) + " * " + n + " + " + em.index(Index.of(t.column())) + "]",
                    target, gradient));
        }
    }

    /** Fills and transforms every temporary at the start of a method. */
    private void forwardTemps(EnergyEmitter em, List<Temp> temps) {
        if (temps.isEmpty()) {
            return;
        }
        String mf = imports.use(R + "energy.MatrixFunctions");
        w.line("final Workspace ws = WORKSPACE.get();");
        for (Temp t : temps) {
            String a = EnergyEmitter.tempArray(t);
            int n = t.size();
            w.comment(t.text());
            w.line("final double[] " + a + " = ws." + a + ";");
            em.loops(List.of(t.row(), t.column()), List.of(), () -> {
                String v = em.value(t.element());
                w.line(a + "[" + em.index(Index.of(t.row())) + " * " + n + " + " + em.index(Index.of(t.column())) + "] = "
                        + EnergyEmitter.strip(v) + ";");
            });
            String ws = "ws." + EnergyEmitter.matrixWorkspace(n);
            switch (t.kind()) {
                case INVERSE -> w.line(mf + ".invert(" + a + ", " + n + ", " + a + ", " + ws + ");");
                case LOGDET -> w.line("final double " + EnergyEmitter.tempScalar(t) + " = " + mf + ".logDeterminant(" + a
                        + ", " + n + ", " + ws + ");");
                case TRACE -> w.line("final double " + EnergyEmitter.tempScalar(t) + " = " + mf + ".trace(" + a + ", " + n
                        + ");");
            }
        }
    }

    // ------------------------------------------------------------------ structure

    private void structureMethod() {
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
        String pe = imports.use(R + "energy.PairwiseEnergy");
        w.javadoc("Recognized: " + structure.explanation() + ".");
        w.line("@Override");
        w.open("public " + structureType + " structure()")
                .line("return new " + imports.use(R + "energy.PairwiseStructure") + "(new Couplings());").close();
        w.blank();
        w.javadoc("The natural parameters W, b, c0 of the energy as functions of theta, and their adjoint.");
        w.open("private static final class Couplings implements " + imports.use(R + "energy.PairwiseForm"));
        w.line("@Override");
        w.open("public void couplings(double[] theta, " + pe + " out)");
        EnergyEmitter em = emitter();
        forwardTemps(em, tempsOf(structure.monomials()));
        w.line("out.clear();");
        String lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!m.origin().equals(lastOrigin)) {
                w.from(originLine(m.origin())).comment(m.origin());
                lastOrigin = m.origin();
            }
            em.loops(m.loops(), m.relations(), () -> {
                String c = em.value(m.coefficient());
                switch (m.degree()) {
                    case 0 -> w.line("out.addConstant(" + EnergyEmitter.strip(c) + ");");
                    case 1 -> w.line("out.addBias(" + em.position(m.vars().get(0)) + ", " + negated(c) + ");");
                    default -> w.line("out.addPair(" + em.position(m.vars().get(0)) + ", " + em.position(m.vars().get(1))
                            + ", " + negated(c) + ");");
                }
            });
        }
        w.close();
        w.blank();
        w.line("@Override");
        w.open("public void addCouplingsAdjoint(double[] theta, " + pe + " deta, double scale, double[] grad)");
        EnergyEmitter ea = emitter();
        forwardTemps(ea, tempsOf(structure.monomials()));
        lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!Polynomials.readsParams(m.coefficient())) {
                continue;
            }
            if (!m.origin().equals(lastOrigin)) {
                w.from(originLine(m.origin())).comment(m.origin());
                lastOrigin = m.origin();
            }
            ea.loops(m.loops(), m.relations(), () -> {
                String up = switch (m.degree()) {
                    case 0 -> "scale * deta.constant()";
                    case 1 -> "-scale * deta.bias(" + ea.position(m.vars().get(0)) + ")";
                    default -> "-scale * deta.pair(" + ea.position(m.vars().get(0)) + ", " + ea.position(m.vars().get(1)) + ")";
                };
                ea.adjoint(m.coefficient(), ea.local(up), Source.PARAM, "grad");
            });
        }
        w.close();
        w.blank();
        w.line("@Override");
        w.open("public boolean affine()").line("return " + structure.affine() + ";").close();
        w.close();
        w.blank();
    }

    private void bipartite(String structureType) {
        String be = imports.use(R + "energy.BipartiteEnergy");
        int nv = analysis.observedSize();
        w.javadoc("Recognized: " + structure.explanation() + ".");
        w.line("@Override");
        w.open("public " + structureType + " structure()")
                .line("return new " + imports.use(R + "rbm.BipartiteStructure") + "(new Couplings());").close();
        w.blank();
        w.javadoc("The natural parameters a, b, c, W, c0 of the RBM as functions of theta, and their adjoint.");
        w.open("private static final class Couplings implements " + imports.use(R + "energy.BipartiteForm"));
        w.line("@Override");
        w.open("public void couplings(double[] theta, " + be + " out)");
        EnergyEmitter em = emitter();
        forwardTemps(em, tempsOf(structure.monomials()));
        w.line("out.clear();");
        String lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!m.origin().equals(lastOrigin)) {
                w.from(originLine(m.origin())).comment(m.origin());
                lastOrigin = m.origin();
            }
            em.loops(m.loops(), m.relations(), () -> {
                String c = em.value(m.coefficient());
                w.line("out." + bipartiteTerm(em, m, nv) + negatedUnlessSquare(m, c) + ");");
            });
        }
        w.close();
        w.blank();
        w.line("@Override");
        w.open("public void addCouplingsAdjoint(double[] theta, " + be + " deta, double scale, double[] grad)");
        EnergyEmitter ea = emitter();
        forwardTemps(ea, tempsOf(structure.monomials()));
        lastOrigin = null;
        for (Monomial m : structure.monomials()) {
            if (!Polynomials.readsParams(m.coefficient())) {
                continue;
            }
            if (!m.origin().equals(lastOrigin)) {
                w.from(originLine(m.origin())).comment(m.origin());
                lastOrigin = m.origin();
            }
            ea.loops(m.loops(), m.relations(), () -> {
                String read = bipartiteRead(ea, m, nv);
                boolean plus = m.degree() == 0 || EnergyStructure.isSquare(m);
                ea.adjoint(m.coefficient(), ea.local((plus ? "scale * " : "-scale * ") + read), Source.PARAM, "grad");
            });
        }
        w.close();
        w.blank();
        w.line("@Override");
        w.open("public boolean affine()").line("return " + structure.affine() + ";").close();
        w.close();
        w.blank();
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
            w.line("System.arraycopy(mean, 0, theta, " + paramOffset(g.mean().name()) + ", d);");
        }
        if (!g.matrix().fixed()) {
            w.comment("Scatter about the model's mean: the covariance, plus the offset when the mean is fixed.");
            w.line("final double[] s = new double[d * d];");
            w.open("for (int i = 0; i < d; i++)");
            w.line("final double ui = mean[i] - " + (g.mean() == null ? "0.0" : "theta[" + paramOffset(g.mean().name()) + " + i]") + ";");
            w.open("for (int j = 0; j < d; j++)");
            w.line("final double uj = mean[j] - " + (g.mean() == null ? "0.0" : "theta[" + paramOffset(g.mean().name()) + " + j]") + ";");
            w.line("s[i * d + j] = covariance.get(i, j) + ui * uj;");
            w.close();
            w.close();
            String target = paramOffset(g.matrix().name());
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

    // ------------------------------------------------------------------ latent hierarchies

    private void hierarchyMethods() {
        String structureType = imports.use(R + "model.Structure");
        switch (hierarchy.kind()) {
            case MIXTURE -> mixture(structureType);
            case DIFFUSION -> {
                unsupportedEnergy("a diffusion model has no energy; it is trained with ddpm and sampled with ddpm or ddim");
                w.line("@Override");
                w.open("public " + structureType + " structure()").line("return new " + imports.use(R + "diffusion.DiffusionStructure") + "(DIFFUSION);")
                        .close();
                w.blank();
            }
            case VAE -> {
                unsupportedEnergy("a VAE has no energy; it is trained with elbo and sampled ancestrally with exact");
                w.line("@Override");
                w.open("public " + structureType + " structure()").line("return new " + imports.use(R + "vae.VaeStructure") + "(VAE);").close();
                w.blank();
            }
        }
    }

    private void mixture(String structureType) {
        String form = imports.use(R + "mixture.MixtureForm");
        String type = imports.use(R + "mixture.CovarianceType");
        String mixture = imports.use(R + "mixture.GaussianMixture");
        w.javadoc("Where pi, mu and Sigma sit in theta: " + hierarchy.describe() + ".");
        w.line("private static final " + form + " FORM = " + form + ".of(SPEC, " + JavaText.literal(hierarchy.weights().name())
                + ", " + JavaText.literal(hierarchy.means().name()) + ", " + JavaText.literal(hierarchy.covariances().name())
                + ", " + type + "." + hierarchy.covariance().name() + ");");
        w.blank();
        w.javadoc("{@code E(x) = -ln p(x) = -ln sum_k pi_k N(x; mu_k, Sigma_k)}: normalized, so {@code Z = 1}.");
        w.line("@Override");
        w.open("public double energy(double[] x, double[] theta)");
        w.line("return -" + mixture + ".fromTheta(FORM, theta).logDensity(x, 0);");
        w.close();
        w.blank();
        unsupportedGradients("a Gaussian mixture is trained by em, which needs no energy gradient");
        w.line("@Override");
        w.open("public " + structureType + " structure()").line("return new " + imports.use(R + "mixture.MixtureStructure") + "(FORM);").close();
        w.blank();
    }

    private void unsupportedEnergy(String why) {
        w.line("@Override");
        w.open("public double energy(double[] x, double[] theta)");
        w.line("throw new UnsupportedOperationException(" + JavaText.literal(className + ": " + why) + ");");
        w.close();
        w.blank();
        unsupportedGradients(why);
    }

    /**
     * {@code DIFFUSION}: the schedule, the denoising network and what it predicts, from the
     * {@code diffusion with S denoiser N predicts P} clause.
     */
    private void diffusionModel() {
        org.thermogen.lang.thermogen.Diffusion d = hierarchy.diffusion();
        NetworkAnalysis net = hierarchy.denoiser();
        String activation = imports.use(R + "nn.Activation");
        String prediction = imports.use(R + "diffusion.Prediction");
        w.javadoc(file.fileName() + ":" + line(d) + ": " + text(d));
        w.line("static final " + imports.use(R + "diffusion.DiffusionModel") + " DIFFUSION = "
                + imports.use(R + "diffusion.DiffusionModel") + ".builder(" + JavaText.literal(analysis.model().getName())
                + ", " + analysis.observedSize() + ")");
        w.line("        .network(" + JavaText.literal(net.name()) + ")");
        w.line("        .schedule(" + schedule(d.getSchedule()) + ")");
        w.line("        .timeEmbedding(" + net.timeWidth() + ")");
        if (net.learnedTime()) {
            w.line("        .learnedTime(true)");
        }
        for (NetworkAnalysis.LayerInfo l : net.hidden()) {
            w.line("        .hidden(" + l.width() + ", " + activation + "." + l.activation().toUpperCase(java.util.Locale.ROOT) + ")");
        }
        String p = switch (hierarchy.prediction()) {
            case "x0", "sample" -> "X0";
            case "velocity" -> "V";
            default -> "EPSILON";
        };
        w.line("        .predicts(" + prediction + "." + p + ")");
        w.line("        .build();");
        w.blank();
    }

    /**
     * {@code VAE}: the latent sizes bottom-up and every network as declared. A Bernoulli
     * decoder's final sigmoid becomes the likelihood's logits, the same distribution computed
     * without overflow.
     */
    private void vaeModel() {
        String spec = imports.use(R + "vae.VaeSpec");
        String vae = imports.use(R + "vae.Vae");
        boolean bernoulli = hierarchy.likelihood().equals("bernoulli");
        w.javadoc("The hierarchy of " + file.fileName() + ":" + line(analysis.model()) + ": " + hierarchy.describe() + ".");
        w.line("static final " + vae + " VAE = new " + vae + "(" + JavaText.literal(analysis.model().getName()) + ", "
                + spec + ".builder(" + analysis.observedSize() + ")");
        w.line("        .likelihood(" + imports.use(R + "vae.Likelihood") + "." + (bernoulli ? "BERNOULLI" : "GAUSSIAN") + ")");
        List<Hierarchy.Level> levels = hierarchy.levels();
        for (Hierarchy.Level l : levels) {
            w.line("        .latent(" + l.size() + ")");
        }
        for (int i = 0; i < levels.size(); i++) {
            Hierarchy.Level l = levels.get(i);
            int below = i == 0 ? analysis.observedSize() : levels.get(i - 1).size();
            w.line("        .encoder(" + (i + 1) + ", " + JavaText.literal(l.encoder().name()) + ", "
                    + mlpSpec(l.encoder(), below, false) + ")");
        }
        w.line("        .decoder(1, " + JavaText.literal(hierarchy.observationDecoder().name()) + ", "
                + mlpSpec(hierarchy.observationDecoder(), levels.get(0).size(), bernoulli) + ")");
        for (int i = 0; i + 1 < levels.size(); i++) {
            NetworkAnalysis dec = levels.get(i).decoder();
            w.line("        .decoder(" + (i + 2) + ", " + JavaText.literal(dec.name()) + ", "
                    + mlpSpec(dec, levels.get(i + 1).size(), false) + ")");
        }
        w.line("        .build());");
        w.blank();
    }

    /** A declared network as an {@code MlpSpec}; {@code logits} drops a final sigmoid. */
    private String mlpSpec(NetworkAnalysis net, int input, boolean logits) {
        String activation = imports.use(R + "nn.Activation");
        StringBuilder b = new StringBuilder(imports.use(R + "nn.MlpSpec")).append(".input(").append(input).append(')');
        for (NetworkAnalysis.LayerInfo l : net.hidden()) {
            b.append(".hidden(").append(l.width()).append(", ").append(activation).append('.')
                    .append(l.activation().toUpperCase(java.util.Locale.ROOT)).append(')');
        }
        if (net.output() != null) {
            String act = logits ? "IDENTITY" : net.output().activation().toUpperCase(java.util.Locale.ROOT);
            b.append(".output(").append(net.output().width()).append(", ").append(activation).append('.').append(act)
                    .append(')');
        } else {
            for (NetworkAnalysis.HeadInfo h : net.heads()) {
                b.append(".head(").append(JavaText.literal(h.name())).append(", ").append(h.width()).append(", ")
                        .append(activation).append('.').append(h.activation().toUpperCase(java.util.Locale.ROOT)).append(')');
            }
        }
        return b.append(".build()").toString();
    }

    /** A schedule as Java: a catalogue call, or {@code NoiseSchedule.ofStep} with the formula as a lambda. */
    private String schedule(org.thermogen.lang.thermogen.Schedule s) {
        return scheduleJava(s, imports, bindings);
    }

    /** {@link #schedule} for any generated class: the imports it adds go to {@code imports}. */
    static String scheduleJava(org.thermogen.lang.thermogen.Schedule s, Imports imports, BindingEmitter bindings) {
        if (s.getCall() != null) {
            return bindings.emit(Binding.bind(s.getCall(), Kind.NOISE_SCHEDULE, List.of(), null, (where, f, m, c, data) -> {
                throw new IllegalStateException(m);
            }));
        }
        int steps = ConstantFolder.intValue(s.getSteps());
        String t = "t";
        String body = ScalarJava.of(s.getBody(), java.util.Map.of(s.getStep(), "(double) " + t, s, Integer.toString(steps)));
        return imports.use(R + "diffusion.NoiseSchedule") + ".ofStep(" + JavaText.literal(text(s.getBody())) + ", " + steps
                + ", " + t + " -> " + body + ")";
    }

    private void unsupportedGradients(String why) {
        String message = JavaText.literal(className + ": " + why);
        w.line("@Override");
        w.open("public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad)");
        w.line("throw new UnsupportedOperationException(" + message + ");");
        w.close();
        w.blank();
        w.line("@Override");
        w.open("public void stateGradient(double[] x, double[] theta, double[] gradX)");
        w.line("throw new UnsupportedOperationException(" + message + ");");
        w.close();
        w.blank();
    }

    // ------------------------------------------------------------------ declared plan

    private void plan() {
        Model model = analysis.model();
        Train train = null;
        org.thermogen.lang.thermogen.Show show = null;
        List<Sample> samples = new ArrayList<>();
        List<Evaluate> evaluates = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Train t && train == null) {
                train = t;
            } else if (m instanceof Sample s) {
                samples.add(s);
            } else if (m instanceof Evaluate e) {
                evaluates.add(e);
            } else if (m instanceof org.thermogen.lang.thermogen.Show sh && show == null) {
                show = sh;
            }
        }
        Binding.Problems fail = (where, f, message, code, data) -> {
            throw new IllegalStateException(message);
        };
        if (train != null) {
            String plan = imports.use(R + "definition.TrainingPlan");
            Binding b = Binding.bind(train.getMethod(), Kind.TRAINER,
                    train.getSettings() == null ? List.of() : train.getSettings().getEntries(), null, fail);
            w.javadoc(file.fileName() + ":" + line(train) + ": " + text(train));
            w.from(line(train)).line("@Override");
            w.open("public " + imports.use("java.util.Optional") + "<" + plan + "> training()");
            w.line("return " + imports.use("java.util.Optional") + ".of(new " + plan + "(" + bindings.datasetClass(train.getData().getDataset())
                    + ".DEFINITION, " + (train.getData().getPart() == null ? "null" : JavaText.literal(train.getData().getPart()))
                    + ",");
            w.line("        " + bindings.emit(b) + "));");
            w.close();
            w.blank();
        }
        if (!samples.isEmpty()) {
            String sampler = imports.use(R + "sample.Sampler");
            w.javadoc(lines(samples));
            w.from(line(samples.get(0))).line("@Override");
            w.open("public " + imports.use("java.util.List") + "<" + sampler + "> samplers()");
            List<String> items = new ArrayList<>();
            for (Sample s : samples) {
                for (Call c : s.getMethods()) {
                    Binding b = Binding.bind(c, Kind.SAMPLER, s.getSettings() == null ? List.of() : s.getSettings().getEntries(),
                            null, fail);
                    items.add(bindings.emit(b));
                }
            }
            listReturn(items);
            w.close();
            w.blank();
        }
        if (show != null) {
            picture(show, fail);
        }
        if (!evaluates.isEmpty()) {
            String evaluation = imports.use(R + "eval.Evaluation");
            w.javadoc(lines(evaluates));
            w.from(line(evaluates.get(0))).line("@Override");
            w.open("public " + imports.use("java.util.List") + "<" + evaluation + "> evaluations()");
            List<String> items = new ArrayList<>();
            for (Evaluate e : evaluates) {
                for (Metric m : e.getMetrics()) {
                    items.add(bindings.emit(Binding.bind(m.getCall(), Kind.METRIC, List.of(), m.getData(),
                            ((Evaluate) m.eContainer()).isPerTemperature(), fail)));
                }
            }
            listReturn(items);
            w.close();
            w.blank();
        }
    }

    private void picture(org.thermogen.lang.thermogen.Show show, Binding.Problems fail) {
        String picture = imports.use(R + "model.SamplePicture");
        w.javadoc(file.fileName() + ":" + line(show) + ": " + text(show));
        w.from(line(show)).line("@Override");
        w.open("public " + imports.use("java.util.Optional") + "<" + picture + "> samplePicture()");
        w.line("return " + imports.use("java.util.Optional") + ".of(" + bindings.emit(Binding.bind(show.getPicture(), Kind.PICTURE, List.of(), null,
                fail)) + ");");
        w.close();
        w.blank();
    }

    private void listReturn(List<String> items) {
        if (items.size() == 1) {
            w.line("return " + imports.use("java.util.List") + ".of(" + items.get(0) + ");");
            return;
        }
        w.line("return " + imports.use("java.util.List") + ".of(");
        for (int i = 0; i < items.size(); i++) {
            w.line("        " + items.get(i) + (i == items.size() - 1 ? ");" : ","));
        }
    }

    private String[] lines(List<? extends org.eclipse.emf.ecore.EObject> clauses) {
        String[] out = new String[clauses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = file.fileName() + ":" + line(clauses.get(i)) + ": " + text(clauses.get(i));
        }
        return out;
    }

    // ------------------------------------------------------------------ typed accessors

    private void accessors() {
        String dm = imports.use("org.ejml.data.DMatrixRMaj");
        Set<String> used = new HashSet<>(TAKEN);
        for (ParamInfo p : analysis.params()) {
            String name = JavaText.identifier(p.name().replace('.', '_'));
            while (!used.add(name)) {
                name = name + "_";
            }
            String offset = paramOffset(p.name());
            if (p.dims().length == 0) {
                w.javadoc("Parameter {@code " + p.name() + "} read from a parameter vector.");
                w.open("public static double " + name + "(double[] theta)").line("return theta[" + offset + "];").close();
            } else if (p.dims().length == 2) {
                w.javadoc("Parameter {@code " + p.name() + "} " + shapeText(p.dims()) + " copied out of a parameter vector.");
                w.open("public static " + dm + " " + name + "(double[] theta)");
                w.line(dm + " m = new " + dm + "(" + p.dims()[0] + ", " + p.dims()[1] + ");");
                w.line("System.arraycopy(theta, " + offset + ", m.data, 0, " + p.size() + ");");
                w.line("return m;");
                w.close();
            } else {
                w.javadoc("Parameter {@code " + p.name() + "} " + shapeText(p.dims())
                        + " copied out of a parameter vector (row-major).");
                w.open("public static double[] " + name + "(double[] theta)");
                w.line("return " + imports.use("java.util.Arrays") + ".copyOfRange(theta, " + offset + ", " + offset + " + " + p.size() + ");");
                w.close();
            }
            w.blank();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String dims(int[] dims) {
        List<String> s = new ArrayList<>();
        for (int d : dims) {
            s.add(Integer.toString(d));
        }
        return String.join(", ", s);
    }

    static int line(org.eclipse.emf.ecore.EObject o) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
        return n == null ? 0 : n.getStartLine();
    }

    static String text(org.eclipse.emf.ecore.EObject o) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
        return n == null ? "" : NodeModelUtils.getTokenText(n);
    }

    private static String shapeText(int[] dims) {
        return "[" + dims(dims) + "]";
    }
}
