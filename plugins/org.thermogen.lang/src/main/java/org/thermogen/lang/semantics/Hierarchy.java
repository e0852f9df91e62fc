package org.thermogen.lang.semantics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Conditional;
import org.thermogen.lang.thermogen.Diffusion;
import org.thermogen.lang.thermogen.Distribution;
import org.thermogen.lang.thermogen.DistributionArgument;
import org.thermogen.lang.thermogen.Encoder;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.Identity;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.NumberLiteral;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Role;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Variable;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.model.Domain;

/**
 * A model written as a chain of {@code ~} conditionals instead of an energy: a Gaussian
 * mixture ({@code latent k : categorical(K)}, {@code x | k ~ normal(mu[k], Sigma[k])}), a
 * (hierarchical) VAE ({@code latent z2 ~ normal(0, I)}, {@code latent z1 | z2 ~
 * normal(Dec2(z2), I)}, {@code x | z1 ~ bernoulli(Dec1(z1))}, encoders {@code q(z1 | x) =
 * normal(Enc1(x))}), or a diffusion model ({@code diffusion with S denoiser Eps}). Checks
 * that the pieces fit, naming both ends of every mismatch.
 */
public final class Hierarchy {
    /** What the conditionals make. */
    public enum Kind {
        MIXTURE, VAE, DIFFUSION
    }

    /** One latent level of a VAE, bottom ({@code z1}) first. */
    public record Level(Variable latent, int size, NetworkAnalysis encoder, Variable below, NetworkAnalysis decoder) {
    }

    /** The predictions a denoiser may be trained for. */
    public static final List<String> PREDICTIONS = List.of("noise", "x0", "sample", "velocity");

    private final Model model;
    private final ModelAnalysis analysis;
    private final List<Issue> issues = new ArrayList<>();
    private Kind kind;
    // mixture
    private int components;
    private CovarianceType covariance;
    private ModelAnalysis.ParamInfo weights;
    private ModelAnalysis.ParamInfo means;
    private ModelAnalysis.ParamInfo covariances;
    // vae
    private final List<Level> levels = new ArrayList<>();
    private String likelihood;
    private NetworkAnalysis observationDecoder;
    // diffusion
    private Diffusion diffusion;
    private NetworkAnalysis denoiser;
    private String prediction;
    private Variable observed;

    private Hierarchy(Model model, ModelAnalysis analysis) {
        this.model = model;
        this.analysis = analysis;
    }

    /** True if the model has latents, conditionals, encoders or a diffusion clause. */
    public static boolean declaresOne(Model model) {
        for (Member m : model.getMembers()) {
            if (m instanceof Conditional || m instanceof Encoder || m instanceof Diffusion
                    || m instanceof Variable v && v.getRole() == Role.LATENT) {
                return true;
            }
        }
        return false;
    }

    /** Analyses a model for which {@link #declaresOne} holds. */
    public static Hierarchy of(Model model, ModelAnalysis analysis) {
        Hierarchy h = new Hierarchy(model, analysis);
        h.run();
        return h;
    }

    public Kind kind() {
        return kind;
    }

    public List<Issue> issues() {
        return issues;
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(Issue::error);
    }

    public int components() {
        return components;
    }

    /** The covariances of a mixture, read off the shape of its covariance parameter. */
    public CovarianceType covariance() {
        return covariance;
    }

    public ModelAnalysis.ParamInfo weights() {
        return weights;
    }

    public ModelAnalysis.ParamInfo means() {
        return means;
    }

    public ModelAnalysis.ParamInfo covariances() {
        return covariances;
    }

    /** The latent levels of a VAE, {@code z1} (next to the data) first. */
    public List<Level> levels() {
        return levels;
    }

    /** {@code normal} or {@code bernoulli}: the likelihood of the data given the lowest latent. */
    public String likelihood() {
        return likelihood;
    }

    public NetworkAnalysis observationDecoder() {
        return observationDecoder;
    }

    public Diffusion diffusion() {
        return diffusion;
    }

    public NetworkAnalysis denoiser() {
        return denoiser;
    }

    /** {@code noise}, {@code x0} or {@code velocity}. */
    public String prediction() {
        return prediction;
    }

    /** The observed variable the hierarchy generates. */
    public Variable observed() {
        return observed;
    }

    /** What the generator makes of the hierarchy, for {@code thermogen check --explain} and hovers. */
    public String describe() {
        return switch (kind) {
            case MIXTURE -> "a Gaussian mixture of " + components + " components with " + covariance.keyword()
                    + " covariances (EM)";
            case VAE -> (levels.size() > 1 ? "a hierarchical VAE with " + levels.size() + " latent levels" : "a VAE")
                    + " and a " + likelihood + " likelihood (ELBO training)";
            case DIFFUSION -> "a diffusion model: " + diffusion.getSchedule().getName() + " schedule, denoiser "
                    + denoiser.name() + " (" + denoiser.describe() + ") predicting " + prediction;
        };
    }

    // ------------------------------------------------------------------ analysis

    private void run() {
        List<Variable> latents = new ArrayList<>();
        List<Variable> data = new ArrayList<>();
        List<Conditional> conditionals = new ArrayList<>();
        List<Encoder> encoders = new ArrayList<>();
        List<Diffusion> diffusions = new ArrayList<>();
        for (Member m : model.getMembers()) {
            if (m instanceof Variable v) {
                (v.getRole() == Role.LATENT ? latents : data).add(v);
            } else if (m instanceof Conditional c) {
                conditionals.add(c);
            } else if (m instanceof Encoder e) {
                encoders.add(e);
            } else if (m instanceof Diffusion d) {
                diffusions.add(d);
            } else if (m instanceof org.thermogen.lang.thermogen.Energy e) {
                error(e, Literals.ENERGY__NAME, "a model is either an energy or a latent hierarchy; move the energy to a model"
                        + " of its own", "energy-and-hierarchy");
            }
        }
        if (data.size() != 1) {
            error(model, Literals.SYMBOL__NAME, model.getName() + " needs exactly one observed variable, such as `observed x[2]"
                    + " : real`; it has " + data.size(), "observed-count");
            return;
        }
        observed = data.get(0);
        if (!diffusions.isEmpty()) {
            kind = Kind.DIFFUSION;
            if (diffusions.size() > 1) {
                error(diffusions.get(1), null, "a model has one diffusion clause", IssueCodes.SECOND_DIFFUSION);
            }
            for (Variable l : latents) {
                error(l, Literals.SYMBOL__NAME, "a diffusion model's latents are its noisy steps: remove latent " + l.getName(),
                        IssueCodes.DIFFUSION_LATENT);
            }
            diffusion(diffusions.get(0));
        } else if (latents.stream().anyMatch(Variable::isCategorical)) {
            kind = Kind.MIXTURE;
            mixture(latents, conditionals, encoders);
        } else {
            kind = Kind.VAE;
            vae(latents, conditionals, encoders);
        }
    }

    private int size(Variable v) {
        if (v.getRole() != Role.LATENT) {
            ModelAnalysis.VariableInfo info = analysis.info(v);
            return info == null ? -1 : info.size();
        }
        if (v.getShape() == null) {
            return 1;
        }
        int n = 1;
        for (Expr d : v.getShape().getDims()) {
            Integer i = ConstantFolder.intValue(d);
            if (i == null || i < 1) {
                error(v, null, "the shape of " + v.getName() + " needs whole numbers of at least 1",
                        IssueCodes.BAD_SHAPE);
                return -1;
            }
            n *= i;
        }
        return n;
    }

    private static String written(Variable v, int size) {
        return v.getName() + (v.getShape() == null ? "" : "[" + size + "]");
    }

    // ------------------------------------------------------------------ mixtures

    private void mixture(List<Variable> latents, List<Conditional> conditionals, List<Encoder> encoders) {
        Variable k = null;
        for (Variable l : latents) {
            if (!l.isCategorical()) {
                error(l, Literals.SYMBOL__NAME, "a mixture has one categorical latent; " + l.getName() + " is not categorical",
                        "mixture-latent");
            } else if (k != null) {
                error(l, Literals.SYMBOL__NAME, "a mixture has one categorical latent; " + k.getName() + " is one already",
                        "mixture-latent");
            } else {
                k = l;
            }
        }
        for (Encoder e : encoders) {
            error(e, null, "a mixture's posterior over " + k.getName() + " is exact (the responsibilities): remove q(...)",
                    IssueCodes.MIXTURE_ENCODER);
        }
        Integer count = ConstantFolder.intValue(k.getCategories());
        if (count == null || count < 1) {
            error(k, Literals.VARIABLE__CATEGORIES, "categorical(K) needs a whole number of categories, at least 1",
                    IssueCodes.BAD_CATEGORIES);
            return;
        }
        components = count;
        int d = size(observed);
        Distribution prior = k.getDistribution();
        Distribution likelihoodOfX = null;
        for (Conditional c : conditionals) {
            if (c.getVariable() == k && c.getGiven().isEmpty()) {
                if (prior != null) {
                    error(c, null, "the prior of " + k.getName() + " is given twice", IssueCodes.SECOND_PRIOR);
                }
                prior = c.getDistribution();
            } else if (c.getVariable() == observed && c.getGiven().size() == 1 && c.getGiven().get(0) == k) {
                likelihoodOfX = c.getDistribution();
            } else {
                error(c, null, "a mixture reads `" + k.getName() + " ~ categorical(pi)` and `" + observed.getName() + " | "
                        + k.getName() + " ~ normal(mu[" + k.getName() + "], Sigma[" + k.getName() + "])`",
                        IssueCodes.MIXTURE_FORM);
            }
        }
        if (prior == null) {
            error(k, Literals.SYMBOL__NAME, "give the weights of " + k.getName() + ": `" + k.getName()
                    + " ~ categorical(pi)` with `param pi[" + count + "] : simplex`", IssueCodes.NO_PRIOR);
        } else {
            weights = mixtureParam(prior, "categorical", 0, k, new int[] {count}, "pi[" + count + "] : simplex");
        }
        if (likelihoodOfX == null) {
            error(k, Literals.SYMBOL__NAME, "say how " + observed.getName() + " depends on " + k.getName() + ": `"
                    + observed.getName() + " | " + k.getName() + " ~ normal(mu[" + k.getName() + "], Sigma[" + k.getName() + "])`",
                    IssueCodes.NO_LIKELIHOOD);
            return;
        }
        if (d < 0) {
            return;
        }
        means = mixtureParam(likelihoodOfX, "normal", 0, k, new int[] {count, d}, "mu[" + count + "," + d + "]");
        if (likelihoodOfX.getArguments().size() == 2) {
            DistributionArgument second = likelihoodOfX.getArguments().get(1);
            boolean shared = second instanceof SymbolRef r && r.getIndices().isEmpty();
            covariances = shared ? mixtureParam(likelihoodOfX, "normal", 1, null, null, "Sigma[" + d + "," + d + "] : spd")
                    : mixtureParam(likelihoodOfX, "normal", 1, k, null, "Sigma[" + count + "," + d + "," + d + "] : spd");
            if (covariances != null) {
                int[] dims = covariances.dims();
                String name = covariances.name();
                if (shared && java.util.Arrays.equals(dims, new int[] {d, d})) {
                    covariance = CovarianceType.TIED;
                    requireConstraint(covariances, Constraint.SPD, "spd");
                } else if (!shared && java.util.Arrays.equals(dims, new int[] {count, d, d})) {
                    covariance = CovarianceType.FULL;
                    requireConstraint(covariances, Constraint.SPD, "spd");
                } else if (!shared && java.util.Arrays.equals(dims, new int[] {count, d})) {
                    covariance = CovarianceType.DIAG;
                    requireConstraint(covariances, Constraint.POSITIVE, "positive");
                } else if (!shared && java.util.Arrays.equals(dims, new int[] {count})) {
                    covariance = CovarianceType.SPHERICAL;
                    requireConstraint(covariances, Constraint.POSITIVE, "positive");
                } else {
                    error(second, null, name + ExprShape.of(dims) + " does not fit " + written(observed, d) + " with " + count
                            + " components: write " + name + "[" + count + "," + d + "," + d + "] : spd (full), " + name
                            + "[" + count + "," + d + "] : positive (diagonal), " + name + "[" + count
                            + "] : positive (spherical), or an unindexed " + name + "[" + d + "," + d + "] : spd shared by all"
                            + " components (tied)", IssueCodes.COVARIANCE_SHAPE);
                }
            }
        } else {
            error(likelihoodOfX, null, "normal takes a mean and a covariance: normal(mu[" + k.getName() + "], Sigma["
                    + k.getName() + "])", IssueCodes.ARGUMENTS);
        }
        if (weights != null) {
            requireConstraint(weights, Constraint.SIMPLEX, "simplex");
        }
    }

    private void requireConstraint(ModelAnalysis.ParamInfo p, Constraint c, String word) {
        if (!p.constraints().contains(c)) {
            error(p.ast(), Literals.SYMBOL__NAME, p.name() + " needs `: " + word + "` so that EM keeps it valid",
                    IssueCodes.CONSTRAINT);
        }
    }

    /**
     * The parameter a mixture distribution's argument names, indexed by the latent (or for the
     * weights, not indexed), with its shape checked against {@code want} when given.
     */
    private ModelAnalysis.ParamInfo mixtureParam(Distribution dist, String family, int argument, Variable k, int[] want,
            String example) {
        if (!family.equals(dist.getName())) {
            error(dist, Literals.DISTRIBUTION__NAME, "here a mixture needs " + family + "(...), not " + dist.getName(),
                    IssueCodes.MIXTURE_FAMILY);
            return null;
        }
        int needed = family.equals("normal") ? 2 : 1;
        if (dist.getArguments().size() != needed && !(family.equals("normal") && dist.getArguments().size() == 2)) {
            error(dist, null, family + " takes " + needed + " argument" + (needed == 1 ? "" : "s") + " here",
                    IssueCodes.ARGUMENTS);
            return null;
        }
        if (argument >= dist.getArguments().size()) {
            return null;
        }
        DistributionArgument a = dist.getArguments().get(argument);
        boolean indexed = family.equals("normal") && k != null;
        if (!(a instanceof SymbolRef r) || !(r.getSymbol() instanceof Param p)
                || (indexed ? !(r.getIndices().size() == 1 && r.getIndices().get(0) instanceof SymbolRef i && i.getSymbol() == k)
                        : !r.getIndices().isEmpty())) {
            error(a, null, "write a parameter" + (indexed ? " indexed by " + k.getName() + ", as in " + example.replaceAll("\\[.*", "")
                    + "[" + k.getName() + "]" : family.equals("normal") ? ", as in Sigma" : ", as in categorical(pi)")
                    + " (declare param " + example + ")", IssueCodes.MIXTURE_ARGUMENT);
            return null;
        }
        ModelAnalysis.ParamInfo info = analysis.info(p);
        if (info == null) {
            return null;
        }
        if (want != null && !java.util.Arrays.equals(info.dims(), want)) {
            String what = indexed ? p.getName() + "[" + k.getName() + "] has " + tail(info.dims()) + " but "
                    + written(observed, size(observed)) + " has " + size(observed) + " (declare param " + example + ")"
                    : p.getName() + ExprShape.of(info.dims()) + " does not give one weight to each of the " + want[0]
                            + " values of " + k.getName() + " (declare param " + example + ")";
            if (indexed && info.dims().length > 0 && info.dims()[0] != want[0]) {
                what = p.getName() + " has " + info.dims()[0] + " rows but " + k.getName() + " takes " + want[0]
                        + " values (declare param " + example + ")";
            }
            error(a, null, what, IssueCodes.MIXTURE_SHAPE);
        }
        return info;
    }

    private static String tail(int[] dims) {
        if (dims.length < 2) {
            return "no elements";
        }
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n + " element" + (n == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------ VAEs

    private void vae(List<Variable> latents, List<Conditional> conditionals, List<Encoder> encoders) {
        for (Member m : model.getMembers()) {
            if (m instanceof Param p) {
                error(p, Literals.SYMBOL__NAME, "a VAE's parameters are its networks': remove param " + p.getName(),
                        IssueCodes.VAE_PARAM);
            }
        }
        if (latents.isEmpty()) {
            error(model, Literals.SYMBOL__NAME, model.getName() + " has conditionals but no latent variable: declare one,"
                    + " such as `latent z[16] ~ normal(0, I)`", IssueCodes.NO_LATENT);
            return;
        }
        // The latent each variable is generated from: below -> above.
        Map<Variable, Variable> parent = new HashMap<>();
        Variable top = null;
        for (Variable z : latents) {
            int n = size(z);
            if (z.getDomain() != org.thermogen.lang.thermogen.DomainKind.REAL) {
                error(z, Literals.VARIABLE__DOMAIN, "a VAE's latents are real", IssueCodes.LATENT_DOMAIN);
            }
            Distribution d = z.getDistribution();
            if (d == null) {
                error(z, Literals.SYMBOL__NAME, "give the prior of " + z.getName() + ": `latent " + written(z, n)
                        + " ~ normal(0, I)`, or `latent " + written(z, n) + " | z2 ~ normal(Dec(z2), I)` below another latent",
                        IssueCodes.NO_PRIOR);
                continue;
            }
            if (z.getGiven().isEmpty()) {
                if (top != null) {
                    error(z, Literals.SYMBOL__NAME, "a VAE has one top latent with prior normal(0, I); " + top.getName()
                            + " is one already: give " + z.getName() + " as `| " + top.getName() + "`", "two-tops");
                }
                top = z;
                standardNormal(d, z);
            } else {
                if (z.getGiven().size() != 1 || z.getGiven().get(0).getRole() != Role.LATENT) {
                    error(z, Literals.VARIABLE__GIVEN, "a latent is given by one latent above it", IssueCodes.GIVEN);
                    continue;
                }
                parent.put(z, z.getGiven().get(0));
                decoderMean(d, z, n, z.getGiven().get(0));
            }
        }
        Conditional observation = null;
        for (Conditional c : conditionals) {
            if (c.getVariable() == observed) {
                if (observation != null) {
                    error(c, null, "the likelihood of " + observed.getName() + " is given twice",
                            IssueCodes.SECOND_LIKELIHOOD);
                }
                observation = c;
            } else {
                error(c, null, "declare the conditional of a latent with it: `latent " + c.getVariable().getName()
                        + " | ... ~ ...`", IssueCodes.LATENT_CONDITIONAL);
            }
        }
        if (observation == null) {
            error(model, Literals.SYMBOL__NAME, "say how " + observed.getName() + " is generated: `" + observed.getName()
                    + " | z ~ bernoulli(Dec(z))` or `normal(Dec(z), I)`", IssueCodes.NO_LIKELIHOOD);
            return;
        }
        if (observation.getGiven().size() != 1 || observation.getGiven().get(0).getRole() != Role.LATENT) {
            error(observation, null, observed.getName() + " is generated from one latent: `" + observed.getName()
                    + " | z1 ~ ...`", IssueCodes.GIVEN);
            return;
        }
        Variable bottom = observation.getGiven().get(0);
        Distribution od = observation.getDistribution();
        likelihood = od.getName();
        if (!likelihood.equals("normal") && !likelihood.equals("bernoulli")) {
            error(od, Literals.DISTRIBUTION__NAME, "the data's likelihood is normal(Dec(z), I) or bernoulli(Dec(z)), not "
                    + likelihood, IssueCodes.LIKELIHOOD);
            return;
        }
        if (likelihood.equals("normal")) {
            observationDecoder = decoderMean(od, observed, size(observed), bottom);
        } else {
            if (od.getArguments().size() != 1) {
                error(od, null, "bernoulli takes the probabilities: bernoulli(Dec(" + bottom.getName() + "))",
                        IssueCodes.ARGUMENTS);
            } else {
                observationDecoder = network(od.getArguments().get(0), bottom, od.getName());
                if (observationDecoder != null && observationDecoder.output() != null
                        && observationDecoder.output().width() == size(observed)
                        && !observationDecoder.output().activation().equals("sigmoid")) {
                    error(od.getArguments().get(0), null, "bernoulli takes probabilities: end " + observationDecoder.name()
                            + " with a sigmoid layer (" + size(observed) + " sigmoid)", IssueCodes.BERNOULLI_SIGMOID);
                }
                checkOutput(observationDecoder, od.getArguments().get(0), observed);
            }
        }
        // Walk up from the bottom: z1, z2 = parent(z1), ...
        List<Variable> chain = new ArrayList<>();
        for (Variable z = bottom; z != null && !chain.contains(z); z = parent.get(z)) {
            chain.add(z);
        }
        for (Variable z : latents) {
            if (!chain.contains(z) && z.getDistribution() != null) {
                error(z, Literals.SYMBOL__NAME, z.getName() + " is not on the chain from " + observed.getName() + " up to the top"
                        + " latent: each latent generates the one below it", IssueCodes.OFF_CHAIN);
            }
        }
        if (top != null && !chain.contains(top)) {
            return;
        }
        Map<Variable, Encoder> encoderOf = new HashMap<>();
        for (Encoder e : encoders) {
            if (encoderOf.put(e.getVariable(), e) != null) {
                error(e, null, "two encoders for " + e.getVariable().getName(), IssueCodes.SECOND_ENCODER);
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            Variable z = chain.get(i);
            Variable below = i == 0 ? observed : chain.get(i - 1);
            Encoder e = encoderOf.remove(z);
            NetworkAnalysis enc = null;
            if (e == null) {
                error(z, Literals.SYMBOL__NAME, "give the encoder of " + z.getName() + ": `q(" + z.getName() + " | "
                        + below.getName() + ") = normal(Enc(" + below.getName() + "))`", IssueCodes.NO_ENCODER);
            } else if (e.getGiven().size() != 1 || e.getGiven().get(0) != below) {
                error(e, Literals.ENCODER__GIVEN, "the encoder of " + z.getName() + " reads the level below it: q("
                        + z.getName() + " | " + below.getName() + ")", IssueCodes.ENCODER_GIVEN);
            } else {
                enc = encoder(e, z, below);
            }
            NetworkAnalysis dec = null;
            if (i + 1 < chain.size()) {
                Distribution d = chain.get(i).getDistribution();
                dec = d == null || d.getArguments().isEmpty() ? null : network(d.getArguments().get(0), chain.get(i + 1), null);
            }
            levels.add(new Level(z, size(z), enc, below, dec));
        }
        for (Encoder e : encoderOf.values()) {
            error(e, null, e.getVariable().getName() + " is not a latent of the chain: remove this encoder",
                    IssueCodes.STRAY_ENCODER);
        }
    }

    private void standardNormal(Distribution d, Variable z) {
        boolean ok = d.getName().equals("normal") && d.getArguments().size() == 2
                && d.getArguments().get(0) instanceof NumberLiteral n && n.getValue() == 0
                && d.getArguments().get(1) instanceof Identity;
        if (!ok) {
            error(d, null, "the top latent's prior is normal(0, I)", IssueCodes.TOP_PRIOR);
        }
    }

    /** {@code normal(Dec(z2), I)}: the network maps the given latent to the mean of {@code v}. */
    private NetworkAnalysis decoderMean(Distribution d, Variable v, int n, Variable given) {
        if (!d.getName().equals("normal") || d.getArguments().size() != 2 || !(d.getArguments().get(1) instanceof Identity)) {
            error(d, null, v.getName() + " | " + given.getName() + " ~ normal(Dec(" + given.getName() + "), I): a unit-variance"
                    + " normal around a network's output", IssueCodes.CONDITIONAL_FORM);
            return null;
        }
        NetworkAnalysis net = network(d.getArguments().get(0), given, null);
        checkOutput(net, d.getArguments().get(0), v);
        return net;
    }

    private void checkOutput(NetworkAnalysis net, EObject where, Variable v) {
        if (net == null || net.output() == null && net.heads().isEmpty()) {
            return;
        }
        int n = size(v);
        if (net.output() == null) {
            error(where, null, net.name() + " ends in heads [...]; the mean of " + v.getName() + " needs one output layer of "
                    + n, "heads-for-mean");
        } else if (net.output().width() != n && n > 0) {
            error(where, null, net.name() + " outputs " + net.output().width() + " values but " + written(v, n) + " has " + n,
                    IssueCodes.OUTPUT_SIZE);
        }
    }

    /** {@code Net(z)} in a distribution: the network applied to one variable, its input size checked. */
    private NetworkAnalysis network(EObject argument, Variable input, String family) {
        if (!(argument instanceof Application app) || app.getArguments().size() != 1
                || !(app.getArguments().get(0) instanceof SymbolRef r) || r.getSymbol() != input) {
            error(argument, null, "write a network applied to " + input.getName() + ", such as Dec(" + input.getName() + ")",
                    IssueCodes.NETWORK_CALL);
            return null;
        }
        Network net = ModelLookup.find(app, app.getFunction(), Network.class);
        if (net == null) {
            List<String> names = ModelLookup.visibleNames(app, Network.class);
            error(app, Literals.APPLICATION__FUNCTION, "unknown network " + app.getFunction()
                    + Suggestions.didYouMean(app.getFunction(), names) + ": declare `network " + app.getFunction()
                    + " = mlp(...)`", IssueCodes.UNKNOWN_NETWORK, Suggestions.data(app.getFunction(), names));
            return null;
        }
        NetworkAnalysis a = NetworkAnalysis.of(net);
        int in = a.dataInputSize() + a.timeWidth();
        int want = size(input);
        if (a.timeWidth() > 0) {
            error(app, null, a.name() + " takes the time; only a diffusion denoiser does", "time-input");
        } else if (!a.variableInputs().isEmpty()) {
            error(app, null, a.name() + " takes " + a.variableInputs().get(0).getName() + "; give it a size here: mlp(" + want
                    + " -> ...)", "variable-input");
        } else if (want > 0 && in != want) {
            error(app, null, a.name() + " takes " + in + " inputs but " + written(input, want) + " has " + want,
                    IssueCodes.INPUT_SIZE);
        }
        return a;
    }

    /** {@code q(z | below) = normal(Enc(below))}: heads mu and logvar of z's size. */
    private NetworkAnalysis encoder(Encoder e, Variable z, Variable below) {
        Distribution d = e.getDistribution();
        if (!d.getName().equals("normal") || d.getArguments().size() != 1) {
            error(d, null, "an encoder is normal(Enc(" + below.getName() + ")) with Enc ending in heads [mu " + size(z)
                    + ", logvar " + size(z) + "]", IssueCodes.ENCODER_FORM);
            return null;
        }
        NetworkAnalysis net = network(d.getArguments().get(0), below, null);
        if (net == null) {
            return null;
        }
        int n = size(z);
        NetworkAnalysis.HeadInfo mu = net.head("mu");
        NetworkAnalysis.HeadInfo logvar = net.head("logvar");
        if (mu == null || logvar == null || net.heads().size() != 2) {
            error(d.getArguments().get(0), null, net.name() + " must end in heads [mu " + n + ", logvar " + n + "] to encode "
                    + written(z, n), IssueCodes.ENCODER_HEADS);
        } else if (mu.width() != n || logvar.width() != n) {
            error(d.getArguments().get(0), null, net.name() + " has heads mu " + mu.width() + " and logvar " + logvar.width()
                    + " but " + written(z, n) + " has " + n, IssueCodes.ENCODER_SIZE);
        }
        return net;
    }

    // ------------------------------------------------------------------ diffusion

    private void diffusion(Diffusion d) {
        diffusion = d;
        prediction = d.getPrediction() == null ? "noise" : d.getPrediction();
        if (!PREDICTIONS.contains(prediction)) {
            error(d, Literals.DIFFUSION__PREDICTION, "a denoiser predicts " + String.join(", ", PREDICTIONS) + ", not "
                    + prediction + Suggestions.didYouMean(prediction, PREDICTIONS), IssueCodes.PREDICTION,
                    Suggestions.data(prediction, PREDICTIONS));
        }
        if (analysis.info(observed) != null && analysis.info(observed).domain() != Domain.REAL) {
            error(observed, Literals.VARIABLE__DOMAIN, "diffusion adds Gaussian noise: " + observed.getName() + " must be real"
                    + " (scale binary data to [-1, 1] and declare it real)", IssueCodes.DIFFUSION_DOMAIN);
        }
        Network net = d.getDenoiser();
        if (net == null || net.eIsProxy()) {
            return;
        }
        denoiser = NetworkAnalysis.of(net);
        int n = size(observed);
        if (denoiser.output() != null && !denoiser.output().activation().equals("identity")) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " ends in " + denoiser.output().activation() + "; a denoiser's"
                    + " output is unbounded: write " + denoiser.output().width() + " without an activation", "denoiser-activation");
        }
        for (Member m : model.getMembers()) {
            if (m instanceof Param p) {
                error(p, Literals.SYMBOL__NAME, "a diffusion model's parameters are its denoiser's: remove param " + p.getName(),
                        IssueCodes.DIFFUSION_PARAM);
            }
        }
        if (denoiser.timeWidth() == 0) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " does not take the time: write mlp(" + observed.getName()
                    + " + time(64) -> ...)", IssueCodes.NO_TIME);
        }
        int dataIn = denoiser.dataInputSize();
        for (Variable v : denoiser.variableInputs()) {
            if (!v.getName().equals(observed.getName())) {
                error(d, Literals.DIFFUSION__DENOISER, net.getName() + " takes " + v.getName() + " but " + model.getName()
                        + " observes " + observed.getName(), IssueCodes.DENOISER_INPUT);
                return;
            }
            dataIn += n;
        }
        if (n > 0 && dataIn != n) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " takes " + dataIn + " data inputs but "
                    + written(observed, n) + " has " + n, IssueCodes.DENOISER_INPUT);
        }
        if (denoiser.output() == null) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " ends in heads [...]; a denoiser has one output of " + n,
                    "denoiser-heads");
        } else if (n > 0 && denoiser.output().width() != n) {
            error(d, Literals.DIFFUSION__DENOISER, net.getName() + " outputs " + denoiser.output().width() + " values but "
                    + written(observed, n) + " has " + n, IssueCodes.DENOISER_OUTPUT);
        }
    }

    private void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        issues.add(new Issue(true, where, feature, -1, message, code, data));
    }
}
