package org.thermogen.lang.semantics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Conditional;
import org.thermogen.lang.thermogen.Distribution;
import org.thermogen.lang.thermogen.Encoder;
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
/**
 * A (hierarchical) VAE: a chain of real latents from the top one ({@code latent z2 ~
 * normal(0, I)}) down to the data ({@code x | z1 ~ bernoulli(Dec1(z1))} or
 * {@code normal(Dec1(z1), I)}), each latent with its encoder ({@code q(z1 | x) =
 * normal(Enc1(x))}). Trained by the ELBO.
 */
public final class VaeHierarchy extends Hierarchy {
    /**
     * One latent level of a VAE, bottom ({@code z1}) first.
     *
     * @param encoderVariance the fixed variance of {@code q(z | below) = normal(Enc(below), v * I)},
     *                        or null when the encoder ends in heads {@code [mu, logvar]}
     */
    public record Level(Variable latent, int size, NetworkAnalysis encoder, Variable below, NetworkAnalysis decoder,
            Double encoderVariance) {
    }

    private final List<Level> levels = new ArrayList<>();
    private String likelihood;
    private NetworkAnalysis observationDecoder;
    private Double observationVariance = 1.0;
    /** The parameter of {@code normal(Dec(z), diag(exp(logvar)))}, or null. */
    private Param observationLogVariance;

    VaeHierarchy(Model model, ModelAnalysis analysis) {
        super(model, analysis);
    }

    @Override
    public Kind kind() {
        return Kind.VAE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.vae(this);
    }

    @Override
    public String describe() {
        return (levels.size() > 1 ? "a hierarchical VAE with " + levels.size() + " latent levels" : "a VAE")
                + " and a " + likelihood + (observationLogVariance != null ? " (variance exp(" + observationLogVariance.getName()
                        + ") per unit, learned)" : !"normal".equals(likelihood) || Double.valueOf(1.0).equals(observationVariance)
                        ? "" : observationVariance == null ? " (variance from the decoder's heads)"
                                : " (variance " + observationVariance + ")")
                + " likelihood (ELBO training)";
    }

    /** The latent levels, {@code z1} (next to the data) first. */
    public List<Level> levels() {
        return levels;
    }

    /** {@code normal} or {@code bernoulli}: the likelihood of the data given the lowest latent. */
    public String likelihood() {
        return likelihood;
    }

    /**
     * For a {@code normal} likelihood, its fixed variance ({@code normal(Dec(z), 0.01 * I)}: 0.01;
     * {@code I}: 1), or null when the decoder's heads {@code [mu, logvar]} give a variance per
     * row and unit ({@code normal(Dec(z))}) or a parameter a learned one per unit
     * ({@link #observationLogVariance()}).
     */
    public Double observationVariance() {
        return observationVariance;
    }

    /**
     * The parameter {@code logvar[D]} of {@code normal(Dec(z), diag(exp(logvar)))}, a learned
     * log-variance per unit shared by every row, or null.
     */
    public Param observationLogVariance() {
        return observationLogVariance;
    }

    public NetworkAnalysis observationDecoder() {
        return observationDecoder;
    }

    @Override
    void analyse(Members members) {
        vae(members.latents(), members.conditionals(), members.encoders());
    }

    private void vae(List<Variable> latents, List<Conditional> conditionals, List<Encoder> encoders) {
        Param learned = learnedLogVariance(conditionals);
        for (Member m : model.getMembers()) {
            if (m instanceof Param p && p != learned) {
                error(p, Literals.SYMBOL__NAME, "a VAE's parameters are its networks' and at most the data's log-variance:"
                        + " remove param " + p.getName() + ", or learn a variance per unit with x | z ~ normal(Dec(z),"
                        + " diag(exp(" + p.getName() + ")))", IssueCodes.VAE_PARAM);
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
                if (d.getArguments().size() == 2 && d.getArguments().get(1) instanceof Identity i && i.getScale() != null) {
                    error(i.getScale(), null, "a latent below another is normal(Dec(" + z.getGiven().get(0).getName()
                            + "), I), of unit variance: remove the scale", IssueCodes.CONDITIONAL_FORM);
                }
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
        if (likelihood.equals("normal") && od.getArguments().size() == 2 && logVarianceParam(od.getArguments().get(1)) != null) {
            // normal(Dec(z), diag(exp(logvar))): a learned log-variance per unit, the same for every row.
            observationVariance = null;
            observationLogVariance = logVarianceParam(od.getArguments().get(1));
            checkLogVariance(observationLogVariance, observed);
            observationDecoder = network(od.getArguments().get(0), bottom, null);
            checkOutput(observationDecoder, od.getArguments().get(0), observed);
        } else if (likelihood.equals("normal") && od.getArguments().size() == 1) {
            // normal(Dec(z)): the decoder's heads [mu D, logvar D] give the variance.
            observationVariance = null;
            observationDecoder = network(od.getArguments().get(0), bottom, null);
            if (observationDecoder != null) {
                meanAndLogvarHeads(observationDecoder, od.getArguments().get(0), observed);
            }
        } else if (likelihood.equals("normal")) {
            observationVariance = fixedVariance(od, observed, bottom);
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
            Double encoderVariance = e != null && e.getDistribution().getArguments().size() == 2
                    ? fixedVariance(e.getDistribution(), z, below) : null;
            levels.add(new Level(z, size(z), enc, below, dec, encoderVariance));
        }
        for (Encoder e : encoderOf.values()) {
            error(e, null, e.getVariable().getName() + " is not a latent of the chain: remove this encoder",
                    IssueCodes.STRAY_ENCODER);
        }
    }

    /** The parameter of the data's {@code normal(Dec(z), diag(exp(P)))}, or null. */
    private Param learnedLogVariance(List<Conditional> conditionals) {
        for (Conditional c : conditionals) {
            Distribution d = c.getDistribution();
            if (c.getVariable() != null && c.getVariable().getRole() == Role.OBSERVED && d != null
                    && "normal".equals(d.getName()) && d.getArguments().size() == 2) {
                return logVarianceParam(d.getArguments().get(1));
            }
        }
        return null;
    }

    /** {@code P} when {@code e} is {@code diag(exp(P))} with {@code P} a parameter, else null. */
    private static Param logVarianceParam(EObject e) {
        if (e instanceof Application diag && diag.getFunction().equals("diag") && diag.getArguments().size() == 1
                && diag.getArguments().get(0) instanceof Application exp && exp.getFunction().equals("exp")
                && exp.getArguments().size() == 1 && exp.getArguments().get(0) instanceof SymbolRef r
                && r.getIndices().isEmpty() && r.getSymbol() instanceof Param p) {
            return p;
        }
        return null;
    }

    /**
     * The learned log-variance is a vector of the data's size that the ELBO trains from zero
     * (unit variance), so it takes no value, initialisation, constraint or {@code fixed}.
     */
    private void checkLogVariance(Param p, Variable observed) {
        int n = size(observed);
        String form = "param " + p.getName() + "[" + n + "]";
        if (p.getShape() == null || p.getShape().getDims().size() != 1) {
            error(p, Literals.SYMBOL__NAME, p.getName() + " is a log-variance per unit of " + observed.getName()
                    + ": declare it as " + form, IssueCodes.OUTPUT_SIZE);
            return;
        }
        Double dim = ConstantFolder.value(p.getShape().getDims().get(0));
        if (n > 0 && (dim == null || dim != n)) {
            error(p.getShape().getDims().get(0), null, p.getName() + " has one log-variance per unit of " + written(observed, n)
                    + ": declare it as " + form, IssueCodes.OUTPUT_SIZE);
        }
        if (!p.getConstraints().isEmpty() || p.getValue() != null || p.getInit() != null || p.isFixed()) {
            error(p, Literals.SYMBOL__NAME, p.getName() + " is learned from 0 (unit variance) with the networks: declare"
                    + " it as " + form + " alone", IssueCodes.VAE_PARAM);
        }
    }

    private void standardNormal(Distribution d, Variable z) {
        boolean ok = d.getName().equals("normal") && d.getArguments().size() == 2
                && d.getArguments().get(0) instanceof NumberLiteral n && n.getValue() == 0
                && d.getArguments().get(1) instanceof Identity i && i.getScale() == null;
        if (!ok) {
            error(d, null, "the top latent's prior is normal(0, I)", IssueCodes.TOP_PRIOR);
        }
    }

    /**
     * The variance {@code v} of {@code normal(Net(y), v * I)}: 1 for {@code I}, the constant
     * before {@code * I} otherwise; null (with an error) when that is not a number above 0.
     */
    private Double fixedVariance(Distribution d, Variable v, Variable given) {
        if (!(d.getArguments().get(1) instanceof Identity i)) {
            return null;  // reported by the form's own check
        }
        if (i.getScale() == null) {
            return 1.0;
        }
        Double c = ConstantFolder.value(i.getScale());
        if (c == null || !(c > 0) || c.isInfinite()) {
            String net = d.getArguments().get(0) instanceof Application a ? a.getFunction() : "Net";
            error(i.getScale(), null, "the variance before * I must be a number above 0, such as normal(" + net + "("
                    + given.getName() + "), 0.01 * I)", IssueCodes.CONDITIONAL_FORM);
            return null;
        }
        return c;
    }

    /** Heads {@code [mu n, logvar n]} ending {@code net}, for a normal with a learned variance. */
    private void meanAndLogvarHeads(NetworkAnalysis net, EObject where, Variable v) {
        int n = size(v);
        NetworkAnalysis.HeadInfo mu = net.head("mu");
        NetworkAnalysis.HeadInfo logvar = net.head("logvar");
        if (mu == null || logvar == null || net.heads().size() != 2) {
            error(where, null, "normal(" + net.name() + "(...)) takes its variance from heads: end " + net.name()
                    + " in [mu " + n + ", logvar " + n + "], or give the variance: normal(" + net.name() + "(...), 0.01 * I)",
                    IssueCodes.ENCODER_HEADS);
        } else if (n > 0 && (mu.width() != n || logvar.width() != n)) {
            error(where, null, net.name() + " has heads mu " + mu.width() + " and logvar " + logvar.width() + " but "
                    + written(v, n) + " has " + n, IssueCodes.OUTPUT_SIZE);
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
        boolean fixed = d.getArguments().size() == 2 && d.getArguments().get(1) instanceof Identity;
        if (!d.getName().equals("normal") || d.getArguments().size() != 1 && !fixed) {
            error(d, null, "an encoder is normal(Enc(" + below.getName() + ")) with Enc ending in heads [mu " + size(z)
                    + ", logvar " + size(z) + "], or normal(Enc(" + below.getName() + "), I) with a fixed variance",
                    IssueCodes.ENCODER_FORM);
            return null;
        }
        NetworkAnalysis net = network(d.getArguments().get(0), below, null);
        if (net == null) {
            return null;
        }
        if (fixed) {
            // normal(Enc(x), v * I), as note 03 writes it: the network gives the mean alone.
            checkOutput(net, d.getArguments().get(0), z);
            return net;
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
}
