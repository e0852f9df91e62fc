package org.thermogen.runtime.eval;

import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.GenericEnumeration;
import org.thermogen.runtime.exact.Quadrature;
import org.thermogen.runtime.gaussian.GaussianEnergies;
import org.thermogen.runtime.gaussian.GaussianForm;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.VariableSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * A model at given parameters, normalized exactly: by Gray-code enumeration for Boltzmann
 * machines, in closed form for Gaussians, by plain enumeration for other energies on at
 * most 24 discrete units, by quadrature ({@link Quadrature}) for other energies on at most 3
 * real units. The evaluations share it.
 */
final class ExactModel {
    final Model model;
    private final EnergyFunction energy;
    final double[] theta;
    final PairwiseEnergy pairwise;
    final GaussianEnergies.Normalized gaussian;
    final double logPartition;
    final String method;

    ExactModel(Model model, double[] theta, RunContext context) {
        this.model = model;
        this.energy = model.requireEnergy("exact evaluation");
        this.theta = theta;
        ModelSpec spec = model.spec();
        if (model.capability(GaussianForm.class).isPresent()) {
            gaussian = GaussianEnergies.of(energy, theta);
            pairwise = null;
            logPartition = gaussian.logPartition();
            method = "closed form (Gaussian)";
        } else if (spec.isDiscrete() && spec.stateSize() <= Enumeration.MAX_UNITS) {
            gaussian = null;
            for (VariableSpec v : spec.variables()) {
                if (!v.role().isObserved() && v.offset() < spec.observedSize()) {
                    throw new IllegalArgumentException(spec.name() + " declares hidden " + v.name() + " before an observed"
                            + " variable; exact evaluation sums out the units after the observed ones");
                }
            }
            Optional<PairwiseForm> form = model.capability(PairwiseForm.class);
            if (form.isPresent()) {
                pairwise = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().orElseThrow());
                form.get().couplings(theta, pairwise);
                logPartition = Enumeration.logPartition(pairwise, context.pool());
            } else {
                pairwise = null;
                logPartition = GenericEnumeration.logPartition(energy, theta);
            }
            method = "exact enumeration of " + (1L << spec.stateSize()) + " states";
        } else if (spec.variables().stream().allMatch(v -> v.domain() == org.thermogen.runtime.model.Domain.REAL)
                && spec.observedSize() == spec.stateSize() && spec.stateSize() <= Quadrature.MAX_DIMENSIONS) {
            gaussian = null;
            pairwise = null;
            Quadrature.Result q = Quadrature.logPartition(energy, theta);
            logPartition = q.logPartition();
            method = String.format(java.util.Locale.ROOT, "quadrature: trapezoid rule on [-%.0f, %.0f]^%d, %d points per"
                    + " axis, ln Z settled to %.1e", q.halfWidth(), q.halfWidth(), spec.stateSize(), q.points(), q.error());
        } else {
            throw new IllegalArgumentException(spec.name() + " cannot be evaluated exactly: that needs a Gaussian energy,"
                    + " at most " + Quadrature.MAX_DIMENSIONS + " real units or at most " + Enumeration.MAX_UNITS
                    + " binary or spin units");
        }
    }

    /** {@code ln q(x)} for a full state. */
    double logProbability(double[] x) {
        if (gaussian != null) {
            return gaussian.distribution().logDensity(x);
        }
        double e = pairwise != null ? pairwise.energy(x) : energy.energy(x, theta);
        return -e - logPartition;
    }

    /**
     * {@code ln q(v)} of the observed units, hidden ones summed out state by state: through the
     * conditional Boltzmann machine of the hidden units ({@link Enumeration#logMarginal}) or,
     * for any other energy, one energy per hidden state. Equal to {@link #logProbability}
     * without hidden units.
     */
    double logMarginal(double[] v) {
        if (gaussian != null || v.length == model.spec().stateSize()) {
            return logProbability(v);
        }
        if (pairwise != null) {
            return Enumeration.logMarginal(pairwise, v) - logPartition;
        }
        return GenericEnumeration.logMarginal(energy, theta, v) - logPartition;
    }

    /** Mean log-likelihood of the rows, nats per example. */
    double meanLogLikelihood(Dataset data) {
        int d = data.columns();
        if (d != model.spec().observedSize()) {
            throw new IllegalArgumentException(data.name() + " has " + d + " columns but " + model.spec().name()
                    + " observes " + model.spec().observedSize() + " units");
        }
        double[] x = new double[d];
        double total = 0;
        for (int r = 0; r < data.rows(); r++) {
            data.row(r, x);
            total += logMarginal(x);
        }
        return total / data.rows();
    }
}
