package org.thermogen.runtime.eval;

import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.rbm.RbmMetrics;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.RunContext;

/**
 * The mean pseudo-log-likelihood per example in nats ({@code pseudo_likelihood on
 * Digits.test}): {@code sum_i ln q(v_i | v_-i)} averaged over rows, exact. It needs no
 * partition function (Besag 1975). For a restricted Boltzmann machine each conditional
 * comes from a free-energy difference, {@code ln q(v_i | v_-i) = -ln(1 + exp(F(v) - F(v^i)))}
 * with {@code v^i} the row with unit {@code i} flipped; for a fully visible Boltzmann
 * machine from the local field {@code f_i}: {@code s_i f_i - ln(1 + e^f_i)} (binary) or
 * {@code s_i f_i - ln 2 cosh f_i} (spin); for any other energy on binary or spin units
 * from energy differences. Units must be binary or spin.
 */
public final class PseudoLikelihood implements Evaluation {
    private final DatasetDefinition data;
    private final String part;

    private PseudoLikelihood(DatasetDefinition data, String part) {
        this.data = data;
        this.part = part;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "pseudo_likelihood on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelSpec spec = model.spec();
        Dataset rows = context.data(data).part(part);
        if (rows.columns() != spec.observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but " + spec.name()
                    + " observes " + spec.observedSize() + " units");
        }
        String name = "pseudo_likelihood_" + (part == null ? data.name() : part);
        Map<String, Double> details = Map.of("examples", (double) rows.rows());
        double value;
        String method;
        if (model.capability(BipartiteForm.class).isPresent()) {
            value = RbmMetrics.pseudoLogLikelihood(RbmModel.energy(model, theta), rows.values(), rows.rows(),
                    context.pool());
            method = "exact, by free-energy differences";
        } else {
            if (!spec.isDiscrete()) {
                throw new IllegalArgumentException("pseudo_likelihood needs binary or spin units; " + spec.name()
                        + " has real units");
            }
            if (spec.observedSize() != spec.stateSize()) {
                throw new IllegalArgumentException("pseudo_likelihood needs every unit observed or an RBM; " + spec.name()
                        + " has hidden units in a " + model.structure().describe());
            }
            Optional<PairwiseForm> pairwise = model.capability(PairwiseForm.class);
            if (pairwise.isPresent()) {
                PairwiseEnergy eta = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().orElseThrow(
                        () -> new IllegalArgumentException(spec.name() + " mixes binary and spin units")));
                pairwise.get().couplings(theta, eta);
                value = pairwise(eta, rows);
                method = "exact, by local fields";
            } else {
                value = general(model, theta, rows);
                method = "exact, by energy differences";
            }
        }
        return new EvaluationResult(name, describe(), value, 0, method, details);
    }

    private static double pairwise(PairwiseEnergy eta, Dataset rows) {
        int n = eta.size();
        boolean spin = eta.domain() == Domain.SPIN;
        double[] s = new double[n];
        double total = 0;
        for (int r = 0; r < rows.rows(); r++) {
            rows.row(r, s);
            for (int k = 0; k < n; k++) {
                double f = eta.localField(k, s);
                if (spin) {
                    double a = Math.abs(f);
                    total += s[k] * f - (a + Math.log1p(Math.exp(-2 * a)));
                } else {
                    total += s[k] * f - (Math.max(f, 0) + Math.log1p(Math.exp(-Math.abs(f))));
                }
            }
        }
        return total / rows.rows();
    }

    /** {@code ln q(s_k | rest) = -ln(1 + exp(E(s) - E(s^k)))} with {@code s^k} the state with unit k flipped. */
    private static double general(Model model, double[] theta, Dataset rows) {
        ModelSpec spec = model.spec();
        EnergyFunction f = model.requireEnergy("pseudo_likelihood");
        int n = spec.stateSize();
        double[] low = spec.lowValues();
        double[] s = new double[n];
        double total = 0;
        for (int r = 0; r < rows.rows(); r++) {
            rows.row(r, s);
            double e = f.energy(s, theta);
            for (int k = 0; k < n; k++) {
                double keep = s[k];
                s[k] = keep == 1.0 ? low[k] : 1.0;
                double d = e - f.energy(s, theta);
                s[k] = keep;
                total -= Math.max(d, 0) + Math.log1p(Math.exp(-Math.abs(d)));
            }
        }
        return total / rows.rows();
    }

    /** Settings of {@code pseudo_likelihood}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;

        private Builder() {
        }

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        public PseudoLikelihood build() {
            if (data == null) {
                throw new IllegalArgumentException("pseudo_likelihood needs data: pseudo_likelihood on Dataset.part");
            }
            return new PseudoLikelihood(data, part);
        }
    }
}
