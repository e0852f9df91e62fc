package org.thermogen.runtime.eval;

import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.GenericEnumeration;
import org.thermogen.runtime.gaussian.GaussianEnergies;
import org.thermogen.runtime.gaussian.GaussianForm;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.RunContext;

/**
 * A model at given parameters, normalized exactly: by Gray-code enumeration for Boltzmann
 * machines, in closed form for Gaussians, by plain enumeration for other energies on at
 * most 24 discrete units. The evaluations share it.
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
            if (spec.observedSize() != spec.stateSize()) {
                throw new IllegalArgumentException(spec.name() + " has hidden units; exact evaluation here sums over"
                        + " observed units only");
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
        } else {
            throw new IllegalArgumentException(spec.name() + " cannot be evaluated exactly: that needs a Gaussian energy or"
                    + " at most " + Enumeration.MAX_UNITS + " binary or spin units");
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
            total += logProbability(x);
        }
        return total / data.rows();
    }
}
