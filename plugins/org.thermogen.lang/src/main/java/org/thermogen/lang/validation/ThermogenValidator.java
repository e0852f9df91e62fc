package org.thermogen.lang.validation;

import com.google.inject.Inject;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.log4j.Logger;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.validation.Check;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.catalog.RuntimeProbe;
import org.thermogen.lang.energy.EnergyStructure;
import org.thermogen.lang.energy.Lowering;
import org.thermogen.lang.generator.JavaText;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.Issue;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.semantics.NetworkAnalysis;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.DataRef;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.Evaluate;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Import;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Metric;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Sample;
import org.thermogen.lang.thermogen.Schedule;
import org.thermogen.lang.thermogen.Split;
import org.thermogen.lang.thermogen.SplitPart;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Train;
import org.thermogen.lang.thermogen.Transform;
import org.thermogen.lang.thermogen.Value;
import org.thermogen.runtime.diffusion.DiffusionStructure;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.gaussian.GaussianStructure;
import org.thermogen.runtime.mixture.MixtureStructure;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.rbm.BipartiteStructure;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.vae.VaeStructure;

/**
 * Checks a .gen file beyond its syntax: names, shapes, settings, data files, and whether
 * each trainer, sampler and metric can serve the model's energy. Every message says what
 * to change.
 */
public class ThermogenValidator extends AbstractThermogenValidator {
    /** Issue code of the info that says what the generator recognized. */
    public static final String RECOGNIZED = IssueCodes.RECOGNIZED;

    /** Issue code of a check that failed with an exception: a Thermogen bug, reported at the construct. */
    public static final String CHECK_FAILED = IssueCodes.CHECK_FAILED;

    private static final Logger LOG = Logger.getLogger(ThermogenValidator.class);

    /**
     * A check that throws is a bug of Thermogen's, not of the file: it becomes an error at
     * the construct being checked, saying so, and its trace goes to the log, so neither the
     * editor nor the command line shows an internal error. Xtext's own control flow (guards,
     * cancellation) and the null pointers of files with syntax errors keep their default
     * handling (ignored); in a file that parsed, a null pointer is a failed check like any other.
     */
    @Override
    protected void handleExceptionDuringValidation(Throwable e) {
        if (e instanceof Error && !(e instanceof StackOverflowError)) {
            super.handleExceptionDuringValidation(e);  // cancellation, out of memory: not ours to hide
            return;
        }
        EObject where = getCurrentObject();
        boolean halfTyped = where == null || where.eResource() == null || !where.eResource().getErrors().isEmpty();
        if (!(e instanceof NullPointerException) || halfTyped) {
            try {
                super.handleExceptionDuringValidation(e);
                return;  // Xtext's guards, and the null pointers of half-typed files: ignored, as Xtext does
            } catch (Throwable rethrown) {
                // anything else is a failed check: reported below
            }
        }
        LOG.error("check " + (getCurrentMethod() == null ? "?" : getCurrentMethod().getName()) + " failed on "
                + (where == null ? "?" : where.eClass().getName()), e);
        if (where == null) {
            return;
        }
        String what = where.eClass().getName().toLowerCase(Locale.ROOT);
        String why = e instanceof StackOverflowError ? "it is nested too deeply; split it into smaller parts"
                : "Thermogen failed (" + e.getClass().getSimpleName() + "), a bug: please report it with this file";
        error("could not check this " + what + ": " + why, where, null, CHECK_FAILED);
    }

    // ------------------------------------------------------------------ file level

    @Inject
    private ResourceDescriptionsProvider index;

    /**
     * An import names a package that some file declares ({@code import shared.data.*}) or an
     * element of one ({@code import shared.data.Points}); anything else is a typo.
     */
    @Check
    public void checkImport(Import imp) {
        String ns = imp.getImportedNamespace();
        if (ns == null || imp.eResource() == null) {
            return;
        }
        boolean wildcard = ns.endsWith(".*");
        QualifiedName name = QualifiedName.create((wildcard ? ns.substring(0, ns.length() - 2) : ns).split("\\."));
        Set<String> packages = new java.util.TreeSet<>();
        for (IEObjectDescription d : index.getResourceDescriptions(imp.eResource()).getExportedObjects()) {
            QualifiedName q = d.getQualifiedName();
            boolean isPackage = d.getEClass() == Literals.GEN_FILE;
            if (q.equals(name) && isPackage == wildcard) {
                return;
            }
            if (isPackage) {
                packages.add(q.toString());
            }
        }
        error((wildcard ? "no file declares package " + name : "no file declares " + name)
                + (packages.isEmpty() ? "" : " (packages seen: " + String.join(", ", packages.stream().limit(5).toList())
                        + (packages.size() > 5 ? ", ..." : "") + ")")
                + ": check the name", imp,
                Literals.IMPORT__IMPORTED_NAMESPACE, IssueCodes.UNKNOWN_IMPORT);
    }

    @Check
    public void checkFile(GenFile file) {
        if (file.getName() != null) {
            for (String segment : file.getName().split("\\.")) {
                if (JavaText.RESERVED.contains(segment)) {
                    error("'" + segment + "' is a Java keyword and cannot be part of a package name", file,
                            Literals.GEN_FILE__NAME, IssueCodes.PACKAGE_KEYWORD);
                }
            }
            String reserved = JavaText.reservedPackage(file.getName());
            if (reserved != null) {
                error(reserved + ": choose another package name, e.g. models." + file.getName(), file,
                        Literals.GEN_FILE__NAME, IssueCodes.PACKAGE_RESERVED);
            }
        }
        Map<String, Element> seen = new HashMap<>();
        for (Element e : file.getElements()) {
            if (e.getName() == null) {
                continue;
            }
            Element first = seen.putIfAbsent(e.getName(), e);
            if (first != null) {
                error("duplicate name " + e.getName() + ": " + kind(first) + " " + e.getName() + " is already declared",
                        e, Literals.SYMBOL__NAME, IssueCodes.DUPLICATE_NAME);
            } else if (!(e instanceof org.thermogen.lang.thermogen.Constant)) {
                Element twin = ModelLookup.elsewhere(e);
                if (twin != null) {
                    error(kind(e) + " " + e.getName() + " is also declared in " + twin.eResource().getURI().lastSegment()
                            + (file.getName() == null ? ", a file of the same folder without a package"
                                    : ", another file of package " + file.getName())
                            + ": rename one of them", e, Literals.SYMBOL__NAME, IssueCodes.DUPLICATE_NAME);
                }
            }
        }
    }

    private static String kind(EObject e) {
        return e instanceof Model ? "model" : e instanceof Dataset ? "dataset" : "constant";
    }

    @Check
    public void checkConstant(org.thermogen.lang.thermogen.Constant c) {
        if (c.getValue() != null && ConstantFolder.value(c.getValue()) == null) {
            error("a constant is a number computed from numbers and other constants", c, Literals.CONSTANT__VALUE,
                    IssueCodes.CONSTANT_VALUE);
        }
    }

    // ------------------------------------------------------------------ datasets

    @Check
    public void checkDataset(Dataset d) {
        Counted problems = new Counted();
        Binding source = Binding.bind(d.getSource(), Kind.SOURCE, List.of(), null, problems);
        if (source != null && source.entry().name().equals("csv")) {
            checkCsvFile(source);
        }
        if (source != null && problems.errors == 0) {
            // blobs(n 0), a covariance that is not positive definite: the source's own refusal, at the call.
            probe(source, d.getSource(), null, false);
        }
        List<Split> splits = new ArrayList<>();
        for (Transform t : d.getTransforms()) {
            if (t instanceof Split s) {
                splits.add(s);
            } else if (!splits.isEmpty()) {
                error("transforms come before the split", t, null, IssueCodes.TRANSFORM_AFTER_SPLIT);
            }
        }
        for (int i = 1; i < splits.size(); i++) {
            error("a dataset is split once: list every part in one split", splits.get(i), null,
                    IssueCodes.SECOND_SPLIT);
        }
        for (Transform t : d.getTransforms()) {
            if (t instanceof org.thermogen.lang.thermogen.Scale s && ConstantFolder.value(s.getFactor()) == null) {
                error("scale takes a number such as 1/16", s, Literals.SCALE__FACTOR, IssueCodes.TYPE);
            }
            if (t instanceof org.thermogen.lang.thermogen.Binarize b && b.getThreshold() != null
                    && ConstantFolder.value(b.getThreshold()) == null) {
                error("binarize takes a threshold number such as 0.5", b, Literals.BINARIZE__THRESHOLD,
                        IssueCodes.TYPE);
            }
        }
        if (!splits.isEmpty()) {
            checkSplit(splits.get(0));
        }
    }

    private void checkSplit(Split s) {
        double total = 0;
        Set<String> names = new HashSet<>();
        for (SplitPart p : s.getParts()) {
            Double f = ConstantFolder.value(p.getFraction());
            if (f == null || f <= 0 || f > 1) {
                error("a split fraction is a number in (0, 1]", p, Literals.SPLIT_PART__FRACTION,
                        IssueCodes.SPLIT_FRACTION);
            } else {
                total += f;
            }
            if (!names.add(p.getName())) {
                error("part " + p.getName() + " is listed twice", p, Literals.SPLIT_PART__NAME,
                        IssueCodes.DUPLICATE_PART);
            }
        }
        if (total > 1 + 1e-9) {
            error("the split fractions add up to " + total + ", more than 1", s, null, IssueCodes.SPLIT_TOTAL);
        }
        if (s.getSeed() != null) {
            Double seed = ConstantFolder.value(s.getSeed());
            if (seed == null || seed != Math.rint(seed)) {
                error("the split seed is a whole number", s, Literals.SPLIT__SEED, IssueCodes.TYPE);
            }
        }
    }

    private void checkCsvFile(Binding source) {
        Parameter path = source.entry().parameter("path").orElseThrow();
        Object v = source.values().get(path);
        if (!(v instanceof StringValue s) || s.getValue() == null) {
            return;
        }
        URI uri = s.eResource() == null ? null : s.eResource().getURI();
        if (uri == null || !uri.isFile()) {
            return;
        }
        File base = new File(uri.toFileString()).getAbsoluteFile().getParentFile();
        File data = new File(s.getValue()).isAbsolute() ? new File(s.getValue()) : new File(base, s.getValue());
        if (!data.isFile()) {
            error(s.getValue() + ": no such file (looked for " + data.getPath() + ")", s, null,
                    IssueCodes.MISSING_DATA_FILE);
        }
    }

    // ------------------------------------------------------------------ models

    @Check
    public void checkModel(Model model) {
        Set<String> names = new HashSet<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Symbol sym && sym.getName() != null && !names.add(sym.getName())) {
                error("duplicate name " + sym.getName() + " in model " + model.getName(), m, Literals.SYMBOL__NAME,
                        IssueCodes.DUPLICATE_MEMBER);
            }
            if (m instanceof org.thermogen.lang.thermogen.Energy en && en.getName() != null && !names.add(en.getName())) {
                error("duplicate name " + en.getName() + " in model " + model.getName(), m, Literals.ENERGY__NAME,
                        IssueCodes.DUPLICATE_MEMBER);
            }
        }
        for (Member m : model.getMembers()) {
            if (m instanceof Param p && p.getInit() != null && ConstantFolder.value(p.getInit()) == null) {
                if (p.getInit() instanceof Call c) {
                    Binding.bind(c, Kind.INIT, List.of(), null, this::report);
                } else {
                    error("init takes a number or an initializer: " + String.join(", ", names(Kind.INIT)), p,
                            Literals.PARAM__INIT, IssueCodes.TYPE);
                }
            }
        }
        ModelAnalysis analysis = ModelAnalysis.of(model);
        report(analysis.issues());
        if (!checkSizes(analysis)) {
            return;  // nothing past this point can hold a model that large
        }
        Hierarchy hierarchy = null;
        if (Hierarchy.declaresOne(model)) {
            hierarchy = Hierarchy.of(model, analysis);
            report(hierarchy.issues());
            if (!analysis.hasErrors() && !hierarchy.hasErrors()) {
                info("Recognized: " + hierarchy.describe(), model, Literals.SYMBOL__NAME, RECOGNIZED);
            }
        }
        List<Train> trains = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Train t) {
                trains.add(t);
            }
        }
        for (int i = 1; i < trains.size(); i++) {
            error("a model has one train clause", trains.get(i), null, IssueCodes.SECOND_TRAIN);
        }
        EnergyStructure structure = null;
        // A syntax error leaves holes in the expressions (the parser recovers around them): the
        // analyses below read only whole files; the parser's message says what to fix first.
        boolean parsed = model.eResource() == null || model.eResource().getErrors().isEmpty();
        if (parsed && !analysis.hasErrors() && analysis.energy() != null) {
            Lowering.Lowered lowered = Lowering.lower(analysis, fileName(model));
            structure = EnergyStructure.recognize(analysis, lowered);
            info("Recognized: " + structure.explanation(), model, Literals.SYMBOL__NAME, RECOGNIZED);
        }
        boolean evaluates = model.getMembers().stream().anyMatch(m -> m instanceof Evaluate);
        Fit fit = new Fit(analysis, structure, hierarchy, evaluates ? declaredSamplers(model) : null);
        for (Member m : model.getMembers()) {
            if (m instanceof Train t) {
                checkTrain(t, fit);
            } else if (m instanceof Sample s) {
                checkSample(s, fit);
            } else if (m instanceof Evaluate e) {
                for (Metric metric : e.getMetrics()) {
                    checkMetric(metric, fit);
                }
            }
        }
    }

    private void report(List<Issue> issues) {
        for (Issue i : issues) {
            if (i.index() >= 0) {
                error(i.message(), i.element(), i.feature(), i.index(), i.code(), i.data());
            } else {
                error(i.message(), i.element(), i.feature(), i.code(), i.data());
            }
        }
    }

    /** The trainers, samplers and metrics that serve each kind of latent hierarchy. */
    private static final Map<Hierarchy.Kind, Map<Kind, List<String>>> SERVES = Map.of(
            Hierarchy.Kind.MIXTURE, Map.of(Kind.TRAINER, List.of("em"), Kind.SAMPLER, List.of("exact"),
                    Kind.METRIC, List.of("log_likelihood", "bic", "aic")),
            Hierarchy.Kind.VAE, Map.of(Kind.TRAINER, List.of("elbo"), Kind.SAMPLER, List.of("exact"),
                    Kind.METRIC, List.of("elbo", "log_likelihood")),
            Hierarchy.Kind.DIFFUSION, Map.of(Kind.TRAINER, List.of("ddpm"), Kind.SAMPLER, List.of("ddpm", "ddim"),
                    Kind.METRIC, List.of("mmd", "energy_distance", "bits_per_dim")));

    /** Reports a method that does not serve the hierarchy; true if it serves. */
    private boolean checkServes(Hierarchy h, Kind kind, String name, Call where) {
        List<String> ok = SERVES.get(h.kind()).get(kind);
        if (!ok.contains(name)) {
            error(name + " does not serve " + h.describe().replaceAll(" \\(.*", "") + "; use " + String.join(" or ", ok),
                    where, Literals.CALL__NAME, kind.noun() + "-fit");
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ networks and schedules

    @Check
    public void checkNetwork(Network network) {
        NetworkAnalysis a = NetworkAnalysis.of(network);
        report(a.issues());
    }

    /**
     * The longest noise schedule: sampling runs the denoiser once per step, and checking a
     * schedule written as a formula evaluates every step.
     */
    static final int MAX_SCHEDULE_STEPS = 100_000;

    private static String tooManySteps(double steps) {
        return "a noise schedule has at most " + MAX_SCHEDULE_STEPS + " steps, not " + (long) steps
                + " (sampling runs the denoiser once per step; DDPM uses 1000)";
    }

    @Check
    public void checkSchedule(Schedule schedule) {
        if (schedule.getCall() != null) {
            Binding b = Binding.bind(schedule.getCall(), Kind.NOISE_SCHEDULE, List.of(), null, this::report);
            if (b != null) {
                for (Map.Entry<Parameter, Object> v : b.values().entrySet()) {
                    Double steps = v.getValue() instanceof Value value ? ConstantFolder.value(value) : null;
                    if (v.getKey().key().equals("steps") && steps != null && steps > MAX_SCHEDULE_STEPS) {
                        error(tooManySteps(steps), (Value) v.getValue(), null, IssueCodes.TOO_MANY_STEPS);
                    }
                }
            }
            return;
        }
        Integer steps = ConstantFolder.intValue(schedule.getSteps());
        if (steps == null || steps < 1) {
            error("steps must be a whole number, at least 1", schedule, Literals.SCHEDULE__STEPS, IssueCodes.BAD_STEPS);
            return;
        }
        if (steps > MAX_SCHEDULE_STEPS) {
            error(tooManySteps(steps), schedule, Literals.SCHEDULE__STEPS, IssueCodes.TOO_MANY_STEPS);
            return;
        }
        for (int t = 1; t <= steps; t++) {
            Double beta = ConstantFolder.value(schedule.getBody(), Map.of(schedule.getStep(), (double) t, schedule,
                    (double) steps));
            if (beta == null) {
                boolean unresolved = org.eclipse.xtext.EcoreUtil2.eAllOfType(schedule.getBody(),
                        org.thermogen.lang.thermogen.SymbolRef.class).stream().anyMatch(r -> r.getSymbol().eIsProxy());
                if (unresolved) {
                    return;
                }
                error("beta(" + schedule.getStep().getName() + ") is a formula in " + schedule.getStep().getName()
                        + ", T (the number of steps), numbers and constants, with exp, log, sqrt, cos, sin, tanh",
                        schedule, Literals.SCHEDULE__BODY, IssueCodes.SCHEDULE_FORMULA);
                return;
            }
            if (!(beta > 0 && beta < 1)) {
                error("beta(" + t + ") = " + beta + ": every beta must lie strictly between 0 and 1 (steps "
                        + schedule.getStep().getName() + " = 1.." + steps + ")", schedule, Literals.SCHEDULE__BODY,
                        IssueCodes.BETA_RANGE);
                return;
            }
        }
    }

    private static String fileName(EObject o) {
        return o.eResource() == null ? "model.gen" : o.eResource().getURI().lastSegment();
    }

    /**
     * What the checks of one model's clauses share, computed once per model.
     *
     * @param declared the samplers its {@code sample with} clause builds (metrics measured on
     *                 samples use them), or null where the model evaluates nothing or a sampler
     *                 cannot be built at check time
     */
    private record Fit(ModelAnalysis analysis, EnergyStructure structure, Hierarchy hierarchy, List<Sampler> declared) {
        boolean known() {
            return structure != null;
        }

        boolean discrete() {
            return analysis.isDiscrete();
        }

        boolean enumerable() {
            return discrete() && analysis.stateSize() <= ModelAnalysis.MAX_EXACT_UNITS;
        }

        boolean gaussian() {
            return known() && structure.kind() == EnergyStructure.Kind.GAUSSIAN;
        }

        boolean pairwise() {
            return known() && structure.kind() == EnergyStructure.Kind.PAIRWISE;
        }

        boolean bipartite() {
            return known() && structure.kind() == EnergyStructure.Kind.BIPARTITE;
        }

        /** An RBM whose smaller layer can be enumerated, so ln Z is exact. */
        boolean smallBipartite() {
            int nv = analysis.observedSize();
            int nh = analysis.stateSize() - nv;
            return bipartite() && Math.min(nv, nh) <= ExactPartition.MAX_UNITS;
        }

        boolean allReal() {
            return analysis.variables().stream().allMatch(v -> v.domain() == Domain.REAL);
        }

        boolean hasHidden() {
            return analysis.stateSize() > analysis.observedSize();
        }

        String name() {
            return analysis.model().getName();
        }

        /** The model as the runtime's refusals read it; null when neither its energy nor its hierarchy is known. */
        ModelOutline outline() {
            if (hierarchy == null && structure == null || hierarchy != null && hierarchy.hasErrors()
                    || analysis.hasErrors()) {
                return null;  // what the model is, is not known yet: its own errors come first
            }
            Class<? extends Structure> family;
            String description;
            if (hierarchy != null) {
                family = switch (hierarchy.kind()) {
                    case MIXTURE -> MixtureStructure.class;
                    case VAE -> VaeStructure.class;
                    case DIFFUSION -> DiffusionStructure.class;
                };
                description = hierarchy.describe().replaceFirst("^an? ", "");
            } else {
                family = switch (structure.kind()) {
                    case PAIRWISE -> PairwiseStructure.class;
                    case BIPARTITE -> BipartiteStructure.class;
                    case GAUSSIAN -> GaussianStructure.class;
                    case GENERIC -> Structure.Generic.class;
                };
                description = structure.explanation();
            }
            Set<Domain> observed = EnumSet.noneOf(Domain.class);
            Set<Domain> hidden = EnumSet.noneOf(Domain.class);
            for (ModelAnalysis.VariableInfo v : analysis.variables()) {
                (v.role().isObserved() ? observed : hidden).add(v.domain());
            }
            return new ModelOutline(name(), family, description, analysis.observedSize(),
                    analysis.stateSize() - analysis.observedSize(), observed, hidden);
        }
    }

    /** The samplers a model declares, as the runtime builds them; null if one cannot be built at check time. */
    private List<Sampler> declaredSamplers(Model model) {
        List<Sampler> out = new ArrayList<>();
        for (Member x : model.getMembers()) {
            if (x instanceof Sample s) {
                for (Call c : s.getMethods()) {
                    // Bound again only to build it: checkSample reports the binding's problems, once.
                    int[] errors = {0};
                    Binding b = Binding.bind(c, Kind.SAMPLER, s.getSettings() == null || s.getMethods().size() > 1
                            ? List.of() : s.getSettings().getEntries(), null, (w, f, m, code, d) -> errors[0]++);
                    if (b != null && errors[0] == 0 && RuntimeProbe.build(b).orElse(null) instanceof RuntimeProbe.Built built
                            && built.object() instanceof Sampler sampler) {
                        out.add(sampler);
                    } else {
                        return null;
                    }
                }
            }
        }
        return out;
    }

    private void checkTrain(Train t, Fit fit) {
        if (fit.hierarchy() != null) {
            checkDataRef(t.getData());
            Counted hp = new Counted();
            Binding hb = Binding.bind(t.getMethod(), Kind.TRAINER, t.getSettings() == null ? List.of()
                    : t.getSettings().getEntries(), null, hp);
            if (hb != null) {
                boolean serves = checkServes(fit.hierarchy(), Kind.TRAINER, hb.entry().name(), t.getMethod());
                checkDataFits(t.getData(), fit);
                checkHeldOutFits(hb, fit);
                if (hp.errors == 0) {
                    probe(hb, t.getMethod(), fit, serves);
                }
            }
            return;
        }
        DataRef data = t.getData();
        checkDataRef(data);
        Counted problems = new Counted();
        Binding b = Binding.bind(t.getMethod(), Kind.TRAINER,
                t.getSettings() == null ? List.of() : t.getSettings().getEntries(), null, problems);
        if (b == null) {
            return;
        }
        if (problems.errors == 0) {
            probe(b, t.getMethod(), fit, true);
        }
        if (!fit.known()) {
            return;
        }
        checkDataFits(data, fit);
        checkHeldOutFits(b, fit);
        String trainer = b.entry().name();
        if (trainer.equals("max_likelihood") && !fit.gaussian()) {
            error(fit.discrete()
                    ? "max_likelihood has a closed form only for Gaussian energies; train a Boltzmann machine with moment_matching(expectation exact)"
                    : "max_likelihood needs a Gaussian energy written c * (x - mu)' * inv(Sigma) * (x - mu); here: "
                            + fit.structure().explanation(),
                    t.getMethod(), Literals.CALL__NAME, "trainer-fit");
        }
        if (trainer.equals("cd") || trainer.equals("pcd")) {
            if (!fit.bipartite()) {
                error(trainer + " trains restricted Boltzmann machines (a bipartite energy with hidden units); " + fit.name()
                        + " has a " + fit.structure().explanation(), t.getMethod(), Literals.CALL__NAME, "trainer-fit");
            }
        }
        if (trainer.equals("pseudo_likelihood") && !(fit.pairwise() && !fit.hasHidden())) {
            error("pseudo_likelihood trains fully visible Boltzmann machines; " + fit.name() + " has a "
                    + fit.structure().explanation(), t.getMethod(), Literals.CALL__NAME, "trainer-fit");
        }
        if (trainer.equals("persistent_langevin")) {
            if (!fit.allReal() || fit.hasHidden()) {
                error("persistent_langevin trains energies of observed real units; " + fit.name()
                        + (fit.hasHidden() ? " has hidden units" : " has binary or spin units"), t.getMethod(),
                        Literals.CALL__NAME, "trainer-fit");
            }
        }
        if (trainer.equals("moment_matching")) {
            if (!fit.discrete()) {
                error("moment_matching trains Boltzmann machines on binary or spin units; " + fit.name()
                        + " has real units" + (fit.gaussian() ? ": use max_likelihood" : ""), t.getMethod(),
                        Literals.CALL__NAME, "trainer-fit");
                return;
            }
            if (fit.hasHidden()) {
                error("moment_matching needs every unit observed; " + fit.name() + " has hidden units", t.getMethod(),
                        Literals.CALL__NAME, "trainer-fit");
                return;
            }
            checkMomentMatching(t, b, fit);
        }
    }

    private void checkMomentMatching(Train t, Binding b, Fit fit) {
        Parameter expectation = b.entry().parameter("expectation").orElseThrow();
        Binding e = b.nested(expectation);
        String engine = e == null ? "exact" : e.entry().name();
        EObject where = e == null ? t.getMethod() : (EObject) b.values().get(expectation);
        if (engine.equals("exact") && !fit.enumerable()) {
            error("exact expectations enumerate 2^" + fit.analysis().stateSize() + " states; beyond "
                    + ModelAnalysis.MAX_EXACT_UNITS + " units use expectation gibbs(chains 16, sweeps 20)", where, null,
                    "exact-too-large");
        }
        if (!engine.equals("exact") && !fit.pairwise()) {
            error(engine + " expectations need a pairwise energy; " + fit.structure().explanation(), where, null,
                    "expectation-fit");
        }
        boolean approximate = engine.equals("mean_field") || engine.equals("tap");
        Parameter optimizer = b.entry().parameter("optimizer").orElseThrow();
        Binding o = b.nested(optimizer);
        boolean auto = true;
        EObject lrWhere = t.getMethod();
        if (o != null) {
            Parameter lr = o.entry().parameter("lr").orElseThrow();
            Object v = o.values().get(lr);
            if (v instanceof Value value) {
                auto = ConstantFolder.value(value) == null;
                lrWhere = value;
            }
        }
        if (auto && approximate) {
            error("lr auto needs exact or sampled expectations; with " + engine + " give a step size: optimizer gd(lr 0.05)",
                    lrWhere, null, "lr-auto");
        } else if (auto && !(fit.pairwise() && fit.structure().affine())) {
            error("lr auto is 1/lambda_max of the Hessian, known only when the couplings are linear in the parameters;"
                    + " give a step size: optimizer gd(lr 0.05)", lrWhere, null, "lr-auto");
        }
    }

    /**
     * What the runtime makes of a call, asked of the runtime itself ({@link RuntimeProbe}
     * builds the object as the generated code will): a refusal of its settings becomes an
     * error at the call; a sampler's number of samples is held against the memory this Java
     * may use; and where the method {@code serves} the model's family, the object's own
     * {@code refusal} of the model is reported at the call's name. The rules are written
     * once, in the runtime class they guard.
     */
    private void probe(Binding b, EObject call, Fit fit, boolean serves) {
        Optional<RuntimeProbe.Result> result = RuntimeProbe.build(b);
        if (result.isEmpty()) {
            return;
        }
        if (result.get() instanceof RuntimeProbe.Refused refused) {
            error(refused.message(), call, null, IssueCodes.RUNTIME_REFUSED);
            return;
        }
        Object built = ((RuntimeProbe.Built) result.get()).object();
        if (built instanceof Sampler sampler && fit != null && fit.analysis() != null) {
            long count;
            try {
                count = sampler.defaultCount();
            } catch (IllegalArgumentException | ArithmeticException e) {
                error(e.getMessage(), call, null, IssueCodes.RUNTIME_REFUSED);
                return;
            }
            long bytes = count * Math.max(1, fit.analysis().observedSize()) * Double.BYTES;
            long heap = Runtime.getRuntime().maxMemory();
            if (bytes > heap / 2) {
                error(b.entry().name() + " keeps " + count + " samples of " + fit.analysis().observedSize() + " units ("
                        + gigabytes(bytes) + "), more than half of the " + gigabytes(heap)
                        + " this Java may use: keep fewer samples (fewer chains or steps, a larger thin) or give Java more"
                        + " memory (-Xmx)", call, null, IssueCodes.TOO_LARGE);
            } else if (fit.outline() != null) {
                sampler.workRefusal(fit.outline()).ifPresent(m -> error(m, call, null, IssueCodes.TOO_LARGE));
            }
        }
        if (built instanceof Evaluation e && fit != null && fit.outline() != null) {
            Optional<String> tooMuch = e.workRefusal(fit.outline());
            if (tooMuch.isPresent()) {
                error(tooMuch.get(), call, null, IssueCodes.TOO_LARGE);
                return;
            }
        }
        ModelOutline outline = serves && fit != null ? fit.outline() : null;
        if (outline == null) {
            return;
        }
        Optional<String> refusal = Optional.empty();
        if (built instanceof Trainer t) {
            refusal = t.refusal(outline);
        } else if (built instanceof Sampler s) {
            refusal = s.refusal(outline);
        } else if (built instanceof Evaluation e && fit.declared() != null) {
            refusal = e.refusal(outline, fit.declared());
        }
        refusal.ifPresent(message -> error(message, call, Literals.CALL__NAME, b.entry().kind().noun() + "-fit"));
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private void checkSample(Sample s, Fit fit) {
        if (s.getSettings() != null && s.getMethods().size() > 1) {
            error("settings in braces apply to one sampler; put them inside its parentheses", s.getSettings(), null,
                    "settings-ambiguous");
        }
        for (Call c : s.getMethods()) {
            Counted problems = new Counted();
            Binding b = Binding.bind(c, Kind.SAMPLER,
                    s.getSettings() == null || s.getMethods().size() > 1 ? List.of() : s.getSettings().getEntries(), null,
                    problems);
            boolean serves = b != null && (fit.hierarchy() == null
                    || checkServes(fit.hierarchy(), Kind.SAMPLER, b.entry().name(), c));
            if (b != null && problems.errors == 0) {
                probe(b, c, fit, serves);
            }
            if (b == null || !fit.known()) {
                continue;
            }
            switch (b.entry().name()) {
                case "exact" -> {
                    if (!fit.enumerable() && !fit.gaussian() && !fit.smallBipartite()) {
                        error(fit.discrete()
                                ? "exact sampling enumerates 2^" + fit.analysis().stateSize() + " states; beyond "
                                        + ModelAnalysis.MAX_EXACT_UNITS + " units use gibbs(chains 8, sweeps 1000)"
                                : "exact sampling needs a Gaussian energy; " + fit.structure().explanation(),
                                c, Literals.CALL__NAME, "sampler-fit");
                    }
                }
                case "gibbs" -> {
                    if (!fit.discrete() && !fit.bipartite()) {
                        error("gibbs samples binary or spin units (or an RBM); " + fit.name() + " has real units", c,
                                Literals.CALL__NAME, "sampler-fit");
                    }
                }
                case "parallel_tempering" -> {
                    if (!fit.discrete()) {
                        error("parallel_tempering samples binary or spin units; " + fit.name() + " has real units", c,
                                Literals.CALL__NAME, "sampler-fit");
                    }
                }
                case "langevin" -> {
                    if (!fit.allReal() || fit.hasHidden()) {
                        error("langevin moves real units along the energy's gradient; " + fit.name()
                                + (fit.hasHidden() ? " has hidden units" : " has binary or spin units: use gibbs"), c,
                                Literals.CALL__NAME, "sampler-fit");
                    }
                }
                default -> {
                }
            }
        }
    }

    private void checkMetric(Metric m, Fit fit) {
        if (m.getData() != null) {
            checkDataRef(m.getData());
        }
        Binding b = Binding.bind(m.getCall(), Kind.METRIC, List.of(), m.getData(), ((Evaluate) m.eContainer()).isPerTemperature(), this::report);
        boolean serves = b != null && (fit.hierarchy() == null
                || checkServes(fit.hierarchy(), Kind.METRIC, b.entry().name(), m.getCall()));
        if (b != null) {
            probe(b, m.getCall(), fit, serves);
        }
        if (b == null || !fit.known()) {
            return;
        }
        String name = b.entry().name();
        Call c = m.getCall();
        switch (name) {
            case "log_likelihood" -> {
                if (m.getData() != null) {
                    checkDataFits(m.getData(), fit);
                }
            }
            case "pseudo_likelihood" -> {
                if (!(fit.pairwise() && !fit.hasHidden()) && !(fit.bipartite() && fit.discrete())) {
                    error("pseudo_likelihood needs a Boltzmann machine on binary or spin units (fully visible or an RBM)", c,
                            Literals.CALL__NAME, IssueCodes.METRIC_FIT);
                }
            }
            case "reconstruction_error" -> {
                if (!fit.bipartite()) {
                    error("reconstruction_error measures restricted Boltzmann machines; " + fit.name() + " has a "
                            + fit.structure().explanation(), c, Literals.CALL__NAME, "metric-fit");
                }
            }
            case "parameter_error" -> {
                if (!fit.pairwise()) {
                    error("parameter_error compares Boltzmann machines; " + fit.structure().explanation(), c,
                            Literals.CALL__NAME, "metric-fit");
                }
                Object truth = b.values().get(b.entry().parameter("truth").orElseThrow());
                if (truth instanceof Call t) {
                    Dataset d = ModelLookup.find(t, t.getName(), Dataset.class);
                    if (d != null && !"boltzmann_samples".equals(d.getSource().getName())) {
                        error(d.getName() + " has no known Boltzmann machine: parameter_error needs a boltzmann_samples dataset",
                                t, null, IssueCodes.METRIC_FIT);
                    } else if (d != null) {
                        Integer units = synthesizedWidth(d);
                        if (units != null && units != fit.analysis().stateSize()) {
                            error(d.getName() + " has " + units + " units but " + fit.name() + " has "
                                    + fit.analysis().stateSize(), t, null, IssueCodes.METRIC_FIT);
                        }
                    }
                }
            }
            case "kl" -> checkKl(b, fit, c);
            default -> {
            }
        }
    }

    @Check
    public void checkShow(org.thermogen.lang.thermogen.Show show) {
        Binding b = Binding.bind(show.getPicture(), Kind.PICTURE, List.of(), null, this::report);
        if (b == null || !b.entry().name().equals("images")) {
            return;
        }
        Model model = (Model) show.eContainer();
        ModelAnalysis analysis = ModelAnalysis.of(model);
        Double h = ConstantFolder.value((Value) b.values().get(b.entry().parameter("height").orElseThrow()));
        Double w = ConstantFolder.value((Value) b.values().get(b.entry().parameter("width").orElseThrow()));
        if (h != null && w != null && h * w != analysis.observedSize()) {
            error("images(" + h.intValue() + ", " + w.intValue() + ") shows " + (int) (h * w) + " units per sample but "
                    + model.getName() + " observes " + analysis.observedSize(), show.getPicture(), null,
                    IssueCodes.PICTURE_SIZE);
        }
    }

    private void checkKl(Binding b, Fit fit, Call c) {
        for (Parameter p : b.entry().parameters()) {
            if (!(b.values().get(p) instanceof Call ref)) {
                continue;
            }
            String[] parts = ref.getName().split("\\.");
            Model model = ModelLookup.find(ref, parts[0]);
            if (model != null && parts.length == 1 && model != fit.analysis().model()) {
                error("kl compares this model (" + fit.name() + ") with datasets; " + model.getName()
                        + " is another model", ref, null, "kl-reference");
            }
            Dataset d = ModelLookup.find(ref, parts[0], Dataset.class);
            if (d != null && parts.length == 1) {
                String src = d.getSource().getName();
                if (!"boltzmann_samples".equals(src) && !"gaussian".equals(src)) {
                    error(d.getName() + " has no known true distribution (only boltzmann_samples and gaussian do):"
                            + " compare with its data instead, e.g. " + d.getName() + "." + firstPart(d), ref, null,
                            IssueCodes.KL_REFERENCE);
                }
            }
        }
    }

    private static String firstPart(Dataset d) {
        List<String> parts = Binding.partNames(d);
        return parts.isEmpty() ? "train" : parts.get(0);
    }

    private void checkDataRef(DataRef ref) {
        Dataset d = ref.getDataset();
        if (d == null || d.eIsProxy() || ref.getPart() == null) {
            return;
        }
        if (!Binding.partNames(d).contains(ref.getPart())) {
            error(d.getName() + " has no part " + ref.getPart() + Binding.partsHint(d), ref, Literals.DATA_REF__PART,
                    IssueCodes.UNKNOWN_PART);
        }
    }

    /** Width and domain of synthetic data checked against the units the model observes. */
    private void checkDataFits(DataRef ref, Fit fit) {
        checkDataFits(ref.getDataset(), ref, Literals.DATA_REF__DATASET, fit);
    }

    /** The held-out rows of a trainer's {@code validation} setting, checked as its training data is. */
    private void checkHeldOutFits(Binding b, Fit fit) {
        b.entry().parameter("validation").map(b.values()::get).ifPresent(v -> {
            if (v instanceof Call c) {
                checkDataFits(Binding.dataPart(c).dataset(), c, null, fit);
            }
        });
    }

    private void checkDataFits(Dataset d, EObject ref, EStructuralFeature feature, Fit fit) {
        if (d == null || d.eIsProxy()) {
            return;
        }
        Integer width = synthesizedWidth(d);
        int observed = fit.analysis().observedSize();
        if (width != null && width != observed) {
            error(d.getName() + " has " + width + " columns but " + fit.name() + " observes " + observed + " units",
                    ref, feature, IssueCodes.DATA_WIDTH);
        }
        String src = d.getSource().getName();
        boolean realSource = "gaussian".equals(src) || "blobs".equals(src);
        if (realSource && fit.discrete()) {
            error(d.getName() + " holds real numbers but " + fit.name() + " has binary or spin units: add binarize 0.0",
                    ref, feature, IssueCodes.DATA_DOMAIN);
        }
        if ("boltzmann_samples".equals(src)) {
            Domain want = fit.analysis().uniformDomain();
            Domain has = samplesDomain(d);
            boolean spins = d.getTransforms().stream().anyMatch(t -> t instanceof org.thermogen.lang.thermogen.Spins);
            if (want != null && has != null && want != Domain.REAL && want != has && !spins) {
                error(d.getName() + " draws " + has.name().toLowerCase(Locale.ROOT) + " units but " + fit.name() + " has "
                        + want.name().toLowerCase(Locale.ROOT) + " units: give the dataset domain " + want.name().toLowerCase(Locale.ROOT),
                        ref, feature, IssueCodes.DATA_DOMAIN);
            }
        }
    }

    private static Domain samplesDomain(Dataset d) {
        Binding b = Binding.bind(d.getSource(), Kind.SOURCE, List.of(), null, (w, f, m, c, data) -> {
        });
        if (b == null) {
            return null;
        }
        Object v = b.values().get(b.entry().parameter("domain").orElseThrow());
        return v instanceof Call c && "binary".equals(c.getName()) ? Domain.BINARY : Domain.SPIN;
    }

    /** Columns of a synthetic dataset, when its settings say. */
    private static Integer synthesizedWidth(Dataset d) {
        Binding b = Binding.bind(d.getSource(), Kind.SOURCE, List.of(), null, (w, f, m, c, data) -> {
        });
        if (b == null) {
            return null;
        }
        String key = switch (b.entry().name()) {
            case "boltzmann_samples" -> "units";
            case "blobs" -> "dim";
            case "gaussian" -> "mean";
            default -> null;
        };
        if (key == null) {
            return null;
        }
        Parameter p = b.entry().parameter(key).orElseThrow();
        Object v = b.values().get(p);
        if (v == null) {
            return key.equals("dim") ? 2 : null;
        }
        if (v instanceof org.thermogen.lang.thermogen.ListValue l) {
            return l.getItems().size();
        }
        Double x = ConstantFolder.value((Value) v);
        return x == null ? null : x.intValue();
    }

    // ------------------------------------------------------------------ helpers

    /** The most elements one Java array holds: the parameter and state vectors are arrays. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * The parameter and state vectors fit a Java array and, for the parameters (which
     * training keeps several copies of), half of this Java's memory. Sizes are counted in
     * long, before anything is allocated.
     */
    private boolean checkSizes(ModelAnalysis analysis) {
        long heap = Runtime.getRuntime().maxMemory();
        long params = 0;
        for (ModelAnalysis.ParamInfo p : analysis.params()) {
            long n = elements(p.dims());
            params += n;
            if (n > MAX_ELEMENTS || params > MAX_ELEMENTS) {
                error("parameter " + p.name() + " has " + n + " elements" + (n == params ? "" : ", " + params + " with those"
                        + " before it") + ": more than the " + MAX_ELEMENTS + " a model can hold", p.ast(),
                        Literals.SYMBOL__NAME, IssueCodes.TOO_LARGE);
                return false;
            }
        }
        if (params * Double.BYTES * 4 > heap) {
            ModelAnalysis.ParamInfo largest = analysis.params().stream()
                    .max((a, b) -> Long.compare(elements(a.dims()), elements(b.dims()))).orElseThrow();
            error(analysis.model().getName() + " has " + params + " parameters (" + gigabytes(params * Double.BYTES)
                    + "; training keeps several copies), more than this Java's " + gigabytes(heap) + " can hold: make "
                    + largest.name() + " smaller or give Java more memory (-Xmx)", largest.ast(), Literals.SYMBOL__NAME,
                    "too-large");
            return false;
        }
        long state = 0;
        for (ModelAnalysis.VariableInfo v : analysis.variables()) {
            long n = elements(v.dims());
            state += n;
            if (n > MAX_ELEMENTS || state > MAX_ELEMENTS) {
                error(v.role().name().toLowerCase(Locale.ROOT) + " " + v.name() + " has " + n + " units: more than the "
                        + MAX_ELEMENTS + " a state can hold", v.ast(), Literals.SYMBOL__NAME, IssueCodes.TOO_LARGE);
                return false;
            }
        }
        return true;
    }

    /** The product of {@code dims} in long (Long.MAX_VALUE past that). */
    private static long elements(int[] dims) {
        try {
            long n = 1;
            for (int d : dims) {
                n = Math.multiplyExact(n, Math.max(d, 0));
            }
            return n;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Reports a binding's problems and counts them: a call with errors is not also built by the probe. */
    private final class Counted implements Binding.Problems {
        int errors;

        @Override
        public void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
            errors++;
            report(where, feature, message, code, data);
        }
    }

    private void report(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        error(message, where, feature, code, data);
    }

    private static List<String> names(Kind kind) {
        List<String> out = new ArrayList<>();
        for (Entry e : org.thermogen.lang.catalog.Catalog.of(kind)) {
            out.add(e.name());
        }
        return out;
    }
}
