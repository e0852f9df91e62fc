package org.thermogen.lang.semantics;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.thermogen.lang.thermogen.Conditional;
import org.thermogen.lang.thermogen.Diffusion;
import org.thermogen.lang.thermogen.Encoder;
import org.thermogen.lang.thermogen.Expr;
import org.thermogen.lang.thermogen.Member;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Role;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Variable;

/**
 * A model written as a chain of {@code ~} conditionals instead of an energy, one type per
 * family: a Gaussian mixture ({@link MixtureHierarchy}: {@code latent k : categorical(K)},
 * {@code x | k ~ normal(mu[k], Sigma[k])}), a (hierarchical) VAE ({@link VaeHierarchy}:
 * {@code latent z2 ~ normal(0, I)}, {@code latent z1 | z2 ~ normal(Dec2(z2), I)},
 * {@code x | z1 ~ bernoulli(Dec1(z1))}, encoders {@code q(z1 | x) = normal(Enc1(x))}), or a
 * diffusion model ({@link DiffusionHierarchy}: {@code diffusion with S denoiser Eps}). Each
 * checks that its pieces fit, naming both ends of every mismatch. Whoever needs a family's
 * own members asks through a {@link Visitor}, so nothing tests what a hierarchy is.
 */
public abstract sealed class Hierarchy permits MixtureHierarchy, VaeHierarchy, DiffusionHierarchy {
    /** What the conditionals make. */
    public enum Kind {
        MIXTURE, VAE, DIFFUSION
    }

    /** A family's own members, one method per family. */
    public interface Visitor<R> {
        R mixture(MixtureHierarchy mixture);

        R vae(VaeHierarchy vae);

        R diffusion(DiffusionHierarchy diffusion);
    }

    /** The members of a model, sorted by what they are, as every family reads them. */
    record Members(List<Variable> latents, List<Variable> data, List<Conditional> conditionals, List<Encoder> encoders,
            List<Diffusion> diffusions) {
    }

    final Model model;
    final ModelAnalysis analysis;
    private final List<Issue> issues = new ArrayList<>();
    /** The observed variable; null when the model does not have exactly one (an error then). */
    Variable observed;

    Hierarchy(Model model, ModelAnalysis analysis) {
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

    /**
     * Analyses a model for which {@link #declaresOne} holds: a diffusion clause makes a
     * diffusion model, a categorical latent a mixture, other latents a VAE.
     */
    public static Hierarchy of(Model model, ModelAnalysis analysis) {
        List<Variable> latents = new ArrayList<>();
        List<Variable> data = new ArrayList<>();
        List<Conditional> conditionals = new ArrayList<>();
        List<Encoder> encoders = new ArrayList<>();
        List<Diffusion> diffusions = new ArrayList<>();
        List<org.thermogen.lang.thermogen.Energy> energies = new ArrayList<>();
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
                energies.add(e);
            }
        }
        Hierarchy h = !diffusions.isEmpty() ? new DiffusionHierarchy(model, analysis)
                : latents.stream().anyMatch(Variable::isCategorical) ? new MixtureHierarchy(model, analysis)
                : new VaeHierarchy(model, analysis);
        for (org.thermogen.lang.thermogen.Energy e : energies) {
            h.error(e, Literals.ENERGY__NAME, "a model is either an energy or a latent hierarchy; move the energy to a model"
                    + " of its own", "energy-and-hierarchy");
        }
        if (data.size() != 1) {
            h.error(model, Literals.SYMBOL__NAME, model.getName() + " needs exactly one observed variable, such as `observed"
                    + " x[2] : real`; it has " + data.size(), "observed-count");
            return h;
        }
        h.observed = data.get(0);
        h.analyse(new Members(latents, data, conditionals, encoders, diffusions));
        return h;
    }

    /** Checks the family's pieces, with {@link #observed} known. */
    abstract void analyse(Members members);

    public abstract Kind kind();

    /** Calls the visitor's method for this family. */
    public abstract <R> R accept(Visitor<R> visitor);

    /** What the generator makes of the hierarchy, for {@code thermogen check --explain} and hovers. */
    public abstract String describe();

    public List<Issue> issues() {
        return issues;
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(Issue::error);
    }

    /** The observed variable the hierarchy generates. */
    public Variable observed() {
        return observed;
    }

    // ------------------------------------------------------------------ shared by the families

    int size(Variable v) {
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

    static String written(Variable v, int size) {
        return v.getName() + (v.getShape() == null ? "" : "[" + size + "]");
    }

    void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        issues.add(new Issue(true, where, feature, -1, message, code, data));
    }
}
