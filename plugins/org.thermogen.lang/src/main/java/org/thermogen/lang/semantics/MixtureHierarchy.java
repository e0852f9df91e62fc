package org.thermogen.lang.semantics;

import java.util.List;
import org.thermogen.lang.thermogen.Conditional;
import org.thermogen.lang.thermogen.Distribution;
import org.thermogen.lang.thermogen.DistributionArgument;
import org.thermogen.lang.thermogen.Encoder;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Variable;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.model.Constraint;
/**
 * A Gaussian mixture: {@code latent k : categorical(K)} with {@code k ~ categorical(pi)} and
 * {@code x | k ~ normal(mu[k], Sigma[k])}; the covariance type is read off the shape of
 * {@code Sigma} (full, diagonal, spherical, or tied when unindexed). Trained by EM.
 */
public final class MixtureHierarchy extends Hierarchy {
    private int components;
    private CovarianceType covariance;
    private ModelAnalysis.ParamInfo weights;
    private ModelAnalysis.ParamInfo means;
    private ModelAnalysis.ParamInfo covariances;

    MixtureHierarchy(Model model, ModelAnalysis analysis) {
        super(model, analysis);
    }

    @Override
    public Kind kind() {
        return Kind.MIXTURE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.mixture(this);
    }

    @Override
    public String describe() {
        return "a Gaussian mixture of " + components + " components with " + covariance.keyword() + " covariances (EM)";
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

    @Override
    void analyse(Members members) {
        mixture(members.latents(), members.conditionals(), members.encoders());
    }

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
}
