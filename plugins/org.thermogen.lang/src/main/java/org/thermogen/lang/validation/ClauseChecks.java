package org.thermogen.lang.validation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.util.Tuples;
import org.eclipse.xtext.validation.Check;
import org.thermogen.lang.analysis.ModelFacts;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.catalog.RuntimeProbe;
import org.thermogen.lang.energy.EnergyStructure;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.DiffusionHierarchy;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.MixtureHierarchy;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.semantics.VaeHierarchy;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.DataRef;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Evaluate;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Metric;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Sample;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Train;
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
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.vae.VaeStructure;

/**
 * Checks of a model's clauses, one entry per kind of clause: what it trains with, samples
 * with and evaluates, asked of the runtime (its builders' refusals of the settings, each
 * method's refusal of the model's family, the work and memory it would take) and held
 * against the model (data that fits it, methods that serve its hierarchy). What the clauses
 * of one model share ({@link Fit}) is built once per validation from {@link ModelFacts}.
 */
public class ClauseChecks extends ThermogenChecks {

    @Check
    public void checkTrainClause(Train t) {
        Fit fit = fit(t);
        if (fit != null) {
            checkTrain(t, fit);
        }
    }

    @Check
    public void checkSampleClause(Sample s) {
        Fit fit = fit(s);
        if (fit != null) {
            checkSample(s, fit);
        }
    }

    @Check
    public void checkMetricClause(Metric m) {
        Fit fit = fit(m);
        if (fit != null) {
            checkMetric(m, fit);
        }
    }

    /**
     * What the clauses of {@code clause}'s model share, kept in the validation's context so
     * that its clauses build it once; null for a model too large to hold (its size is the error).
     */
    private Fit fit(EObject clause) {
        Model model = EcoreUtil2.getContainerOfType(clause, Model.class);
        if (model == null) {
            return null;
        }
        ModelFacts facts = ModelFacts.of(model);
        if (facts.tooLarge() != null) {
            return null;
        }
        Map<Object, Object> context = getContext();
        Object key = Tuples.pair(Fit.class, model);
        Fit fit = context == null ? null : (Fit) context.get(key);
        if (fit == null) {
            boolean evaluates = model.getMembers().stream().anyMatch(m -> m instanceof Evaluate);
            fit = new Fit(facts.analysis(), facts.structure(), facts.hierarchy(), evaluates ? declaredSamplers(model)
                    : null);
            if (context != null) {
                context.put(key, fit);
            }
        }
        return fit;
    }

    /** The trainers, samplers and metrics that serve each kind of latent hierarchy. */
    /** The runtime structure each latent family becomes, whose methods' refusals the checks ask. */
    private static final Hierarchy.Visitor<Class<? extends Structure>> RUNTIME_FAMILY = new Hierarchy.Visitor<>() {
        @Override
        public Class<? extends Structure> mixture(MixtureHierarchy mixture) {
            return MixtureStructure.class;
        }

        @Override
        public Class<? extends Structure> vae(VaeHierarchy vae) {
            return VaeStructure.class;
        }

        @Override
        public Class<? extends Structure> diffusion(DiffusionHierarchy diffusion) {
            return DiffusionStructure.class;
        }
    };

    private static final Map<Hierarchy.Kind, Map<Kind, List<String>>> SERVES = Map.of(
            Hierarchy.Kind.MIXTURE, Map.of(Kind.TRAINER, List.of("em"), Kind.SAMPLER, List.of("exact"),
                    Kind.METRIC, List.of("log_likelihood", "bic", "aic", "mmd", "energy_distance")),
            Hierarchy.Kind.VAE, Map.of(Kind.TRAINER, List.of("elbo"), Kind.SAMPLER, List.of("exact"),
                    Kind.METRIC, List.of("elbo", "log_likelihood", "mmd", "energy_distance")),
            Hierarchy.Kind.DIFFUSION, Map.of(Kind.TRAINER, List.of("ddpm"), Kind.SAMPLER, List.of("ddpm", "ddim"),
                    Kind.METRIC, List.of("mmd", "energy_distance", "bits_per_dim")));

    /** Reports a method that does not serve the hierarchy; true if it serves. */
    private boolean checkServes(Hierarchy h, Kind kind, String name, Call where) {
        List<String> ok = SERVES.get(h.kind()).get(kind);
        if (!ok.contains(name)) {
            error(name + " does not serve " + h.describe().replaceAll(" \\(.*", "") + "; use " + String.join(" or ", ok),
                    where, Literals.CALL__NAME, fitCode(kind));
            return false;
        }
        return true;
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
                family = hierarchy.accept(RUNTIME_FAMILY);
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
                    t.getMethod(), Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
        }
        if (trainer.equals("cd") || trainer.equals("pcd")) {
            if (!fit.bipartite()) {
                error(trainer + " trains restricted Boltzmann machines (a bipartite energy with hidden units); " + fit.name()
                        + " has a " + fit.structure().explanation(), t.getMethod(), Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
            }
        }
        if (trainer.equals("pseudo_likelihood") && !(fit.pairwise() && !fit.hasHidden())) {
            error("pseudo_likelihood trains fully visible Boltzmann machines; " + fit.name() + " has a "
                    + fit.structure().explanation(), t.getMethod(), Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
        }
        if (trainer.equals("persistent_langevin")) {
            if (!fit.allReal() || fit.hasHidden()) {
                error("persistent_langevin trains energies of observed real units; " + fit.name()
                        + (fit.hasHidden() ? " has hidden units" : " has binary or spin units"), t.getMethod(),
                        Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
            }
        }
        if (trainer.equals("moment_matching")) {
            if (!fit.discrete()) {
                error("moment_matching trains Boltzmann machines on binary or spin units; " + fit.name()
                        + " has real units" + (fit.gaussian() ? ": use max_likelihood" : ""), t.getMethod(),
                        Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
                return;
            }
            int hidden = fit.analysis().stateSize() - fit.analysis().observedSize();
            if (hidden > 0 && !fit.pairwise()) {
                error(fit.bipartite() ? "moment_matching trains Boltzmann machines with hidden units on a general graph; "
                        + fit.name() + " is a restricted Boltzmann machine: train it with cd(k 1) or pcd(k 1)"
                        : "moment_matching sums out hidden units of Boltzmann machines (pairwise energies); " + fit.name()
                                + " has a " + fit.structure().explanation() + " with hidden units", t.getMethod(),
                        Literals.CALL__NAME, IssueCodes.TRAINER_FIT);
                return;
            }
            // How many hidden units the clamped phase takes is the trainer's refusal, asked when it is probed.
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
                    IssueCodes.EXACT_TOO_LARGE);
        }
        if (!engine.equals("exact") && !fit.pairwise()) {
            error(engine + " expectations need a pairwise energy; " + fit.structure().explanation(), where, null,
                    IssueCodes.EXPECTATION_FIT);
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
                    lrWhere, null, IssueCodes.LR_AUTO);
        } else if (auto && !(fit.pairwise() && fit.structure().affine())) {
            error("lr auto is 1/lambda_max of the Hessian, known only when the couplings are linear in the parameters;"
                    + " give a step size: optimizer gd(lr 0.05)", lrWhere, null, IssueCodes.LR_AUTO);
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
        Object built = build(b, call);
        if (built == null) {
            return;
        }
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
        refusal.ifPresent(message -> error(message, call, Literals.CALL__NAME, fitCode(b.entry().kind())));
    }

    private void checkSample(Sample s, Fit fit) {
        if (s.getSettings() != null && s.getMethods().size() > 1) {
            error("settings in braces apply to one sampler; put them inside its parentheses", s.getSettings(), null,
                    IssueCodes.SETTINGS_AMBIGUOUS);
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
                case "gibbs" -> {
                    if (!fit.discrete() && !fit.bipartite()) {
                        error("gibbs samples binary or spin units (or an RBM); " + fit.name() + " has real units", c,
                                Literals.CALL__NAME, IssueCodes.SAMPLER_FIT);
                    }
                }
                case "parallel_tempering" -> {
                    if (!fit.discrete()) {
                        error("parallel_tempering samples binary or spin units; " + fit.name() + " has real units", c,
                                Literals.CALL__NAME, IssueCodes.SAMPLER_FIT);
                    }
                }
                case "langevin" -> {
                    if (!fit.allReal() || fit.hasHidden()) {
                        error("langevin moves real units along the energy's gradient; " + fit.name()
                                + (fit.hasHidden() ? " has hidden units" : " has binary or spin units: use gibbs"), c,
                                Literals.CALL__NAME, IssueCodes.SAMPLER_FIT);
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
        Counted problems = new Counted();
        Binding b = Binding.bind(m.getCall(), Kind.METRIC, List.of(), m.getData(),
                ((Evaluate) m.eContainer()).isPerTemperature(), problems);
        boolean serves = b != null && (fit.hierarchy() == null
                || checkServes(fit.hierarchy(), Kind.METRIC, b.entry().name(), m.getCall()));
        if (b != null) {
            if (problems.errors == 0) {
                // A setting already reported at its token is not reported again by the runtime's refusal.
                probe(b, m.getCall(), fit, serves);
            }
            checkDataValues(b, m);
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
                            + fit.structure().explanation(), c, Literals.CALL__NAME, IssueCodes.METRIC_FIT);
                }
            }
            case "parameter_error" -> {
                if (!fit.pairwise()) {
                    error("parameter_error compares Boltzmann machines; " + fit.structure().explanation(), c,
                            Literals.CALL__NAME, IssueCodes.METRIC_FIT);
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


    /**
     * What an evaluation refuses in its data's values ({@code bits_per_dim}: levels of
     * [-1, 1]), asked of the runtime on the data as a run reads them ({@link CheckTimeData}).
     */
    private void checkDataValues(Binding b, Metric m) {
        if (m.getData() == null || m.getData().getDataset() == null || m.getData().getDataset().eIsProxy()
                || !(RuntimeProbe.build(b).orElse(null) instanceof RuntimeProbe.Built built)
                || !(built.object() instanceof Evaluation e) || !e.checksData()) {
            return;
        }
        org.thermogen.runtime.data.Dataset rows = CheckTimeData.rows(m.getData().getDataset(), m.getData().getPart());
        if (rows != null) {
            e.dataRefusal(rows).ifPresent(message -> error(message, m.getData(), null, IssueCodes.DATA_VALUES));
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
                checkOtherModel(model, fit, ref);
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

    /**
     * {@code kl(Truth, This)}: the other model is read at its declared parameters, so it must
     * be an energy over the same units (no hidden ones) whose parameters are the same in
     * every run: values, constants, default starts or seeded random ones.
     */
    private void checkOtherModel(Model other, Fit fit, Call ref) {
        ModelFacts facts = ModelFacts.of(other);
        ModelAnalysis a = facts.analysis();
        if (a.hasErrors()) {
            return;  // its own errors come first
        }
        ModelAnalysis mine = fit.analysis();
        if (facts.hierarchy() != null || a.stateSize() != a.observedSize() || mine.stateSize() != mine.observedSize()
                || a.observedSize() != mine.observedSize()
                || !a.variables().stream().map(v -> v.domain()).collect(java.util.stream.Collectors.toSet())
                        .equals(mine.variables().stream().map(v -> v.domain()).collect(java.util.stream.Collectors.toSet()))) {
            error("kl compares " + fit.name() + " with another model over the same units: " + other.getName() + " must be an"
                    + " energy on " + mine.observedSize() + " units of the same domain, neither with hidden units", ref, null,
                    IssueCodes.KL_REFERENCE);
            return;
        }
        for (ModelAnalysis.ParamInfo p : a.params()) {
            Param ast = p.ast();
            if (ast.getValue() == null && ast.getInit() != null && ConstantFolder.value(ast.getInit()) == null
                    && !ModelAnalysis.seededRandom(ast.getInit())) {
                error("kl reads " + other.getName() + " at its declared parameters, but " + p.name() + " starts at random:"
                        + " give it a value, or a seed of its own (init normal(0, 1, seed 7))", ref, null,
                        IssueCodes.KL_REFERENCE);
                return;
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


    /** The code of a method that does not serve the model: {@code trainer-fit}, {@code sampler-fit}, ... */
    private static String fitCode(Kind kind) {
        return switch (kind) {
            case TRAINER -> IssueCodes.TRAINER_FIT;
            case SAMPLER -> IssueCodes.SAMPLER_FIT;
            case METRIC -> IssueCodes.METRIC_FIT;
            case EXPECTATION -> IssueCodes.EXPECTATION_FIT;
            default -> IssueCodes.RUNTIME_REFUSED;
        };
    }
}
