package org.thermogen.runtime.eval;

import java.util.Optional;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.Quadrature;
import org.thermogen.runtime.gaussian.GaussianForm;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.vae.Iwae;
import org.thermogen.runtime.vae.Vae;

/**
 * When {@code log_likelihood}, {@code log_partition} and {@code kl} cannot be computed for a
 * model: the one statement of these rules, which the metrics refuse with at run time and
 * {@code thermogen check} reports at the token.
 */
final class ExactRefusals {
    private ExactRefusals() {
    }

    /** Why the metric {@code name} with ln Z from {@code method} cannot serve {@code m}; empty if it can. */
    static Optional<String> likelihood(String name, Estimator method, ModelOutline m) {
        boolean vae = m.offers(Vae.class);
        if (method instanceof Iwae) {
            return vae ? Optional.empty() : Optional.of("iwae bounds the log-likelihood of VAEs; " + m.name() + " has a "
                    + m.description() + ": use exact or ais");
        }
        if (vae) {
            return Optional.of("a VAE's likelihood has no closed form: use " + name + "(iwae(k 500))");
        }
        if (method instanceof Ais) {
            return annealed(name, m);
        }
        if (m.offers(BipartiteForm.class)) {
            return Math.min(m.observedUnits(), m.hiddenUnits()) <= ExactPartition.MAX_UNITS ? Optional.empty()
                    : Optional.of(name + " is exact only when a layer of the RBM has at most " + ExactPartition.MAX_UNITS
                            + " units: use " + name + "(ais(runs 100, temperatures 10000))");
        }
        if (m.offers(MixtureForm.class)) {
            return name.equals("log_likelihood") ? Optional.empty()
                    : Optional.of(name + " of a Gaussian mixture is 0: its energy is -ln p(x)");
        }
        return exact(name, m);
    }

    /**
     * Why {@code ais} cannot serve {@code m}: it anneals energies ({@link org.thermogen.runtime.mcmc.Annealing},
     * an RBM's with its hidden layer summed out), not mixtures or diffusion models, and a
     * likelihood beyond an RBM needs every unit observed.
     */
    /**
     * The most hidden units whose states {@code log_likelihood(ais)} sums per row beyond RBMs;
     * a Boltzmann machine with more anneals each row's sum too, another energy is refused.
     */
    static final int AIS_HIDDEN = 20;

    private static Optional<String> annealed(String name, ModelOutline m) {
        if (m.offers(BipartiteForm.class)) {
            return Optional.empty();
        }
        if (m.offers(MixtureForm.class) || m.offers(org.thermogen.runtime.diffusion.DiffusionModel.class)) {
            return Optional.of("ais estimates ln Z of energies; " + m.name() + " is a " + m.description()
                    + (m.offers(MixtureForm.class) ? ": use " + name : ""));
        }
        if (!m.discrete() && !m.allObservedReal()) {
            return Optional.of("ais anneals binary and spin units, or real ones, not both: " + m.name() + " mixes them");
        }
        if (!m.discrete() && m.hasHidden()) {
            return Optional.of("ais moves real units along the energy's gradient; " + m.name() + " has hidden real units");
        }
        if (name.equals("log_likelihood") && m.hiddenUnits() > AIS_HIDDEN
                && !m.offers(org.thermogen.runtime.energy.PairwiseForm.class)) {
            return Optional.of("log_likelihood(ais) sums the hidden states of every row, at most " + AIS_HIDDEN
                    + " hidden units beyond restricted Boltzmann machines; " + m.name() + " has " + m.hiddenUnits()
                    + ": use log_partition(ais(runs 100, temperatures 10000))");
        }
        return Optional.empty();
    }

    /**
     * Why {@code name}, computed exactly, cannot serve {@code m}: it needs a Gaussian or at most
     * {@value Enumeration#MAX_UNITS} discrete units, hidden ones included (summed out state by state).
     */
    static Optional<String> exact(String name, ModelOutline m) {
        if (m.offers(GaussianForm.class)) {
            return Optional.empty();
        }
        if (m.offers(org.thermogen.runtime.diffusion.DiffusionModel.class) || m.offers(Vae.class)
                || m.offers(MixtureForm.class)) {
            return Optional.of(name + " is computed from an energy; " + m.name() + " is a " + m.description());
        }
        if (m.allObservedReal() && !m.hasHidden() && m.observedUnits() <= Quadrature.MAX_DIMENSIONS) {
            return Optional.empty();  // by quadrature
        }
        if (!enumerable(m)) {
            return Optional.of(name + " is computed exactly, which needs a Gaussian energy, at most "
                    + Quadrature.MAX_DIMENSIONS + " real units (quadrature) or at most " + Enumeration.MAX_UNITS
                    + " discrete units (" + m.name() + " has " + (m.discrete() ? m.observedUnits() + m.hiddenUnits() + ")"
                            : m.observedUnits() + m.hiddenUnits() + " real units)")
                    + (m.discrete() ? "" : ": use ais(runs 100, temperatures 1000)"));
        }
        return Optional.empty();
    }

    private static boolean enumerable(ModelOutline m) {
        return m.discrete() && m.observedUnits() + m.hiddenUnits() <= Enumeration.MAX_UNITS;
    }
}
