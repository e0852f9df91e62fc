package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/**
 * The largest difference between the model's exact moments {@code <s_k>}, {@code <s_k s_l>}
 * and the data's ({@code moment_error on Spins16.train}): zero at the maximum-likelihood
 * parameters of a fully visible Boltzmann machine (notes 01, (2.28), (2.29)).
 */
public final class MomentError implements Evaluation {
    private final DatasetDefinition data;
    private final String part;

    private MomentError(DatasetDefinition data, String part) {
        this.data = data;
        this.part = part;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "moment_error on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        if (!model.offers(PairwiseForm.class) || !model.discrete()
                || model.observedUnits() + model.hiddenUnits() > Enumeration.MAX_UNITS) {
            return Optional.of("moment_error needs a Boltzmann machine of at most " + Enumeration.MAX_UNITS + " units; "
                    + model.name() + " has a " + model.description());
        }
        if (model.hasHidden()) {
            return Optional.of("moment_error compares every unit's moments with the data's; " + model.name()
                    + " has hidden units, which the data do not hold");
        }
        return Optional.empty();
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        PairwiseForm form = model.requireCapability(PairwiseForm.class, describe());
        int n = model.spec().stateSize();
        Enumeration.checkSize(n);
        PairwiseEnergy eta = new PairwiseEnergy(n, model.spec().uniformDomain().orElseThrow());
        form.couplings(theta, eta);
        Enumeration.Moments m = Enumeration.moments(eta, context.pool());
        Dataset rows = context.data(data).part(part);
        if (rows.columns() != n) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but " + model.spec().name()
                    + " has " + n + " units");
        }
        double[] mean = new double[n];
        double[] second = new double[n * n];
        for (int r = 0; r < rows.rows(); r++) {
            for (int k = 0; k < n; k++) {
                double sk = rows.get(r, k);
                mean[k] += sk / rows.rows();
                for (int l = k + 1; l < n; l++) {
                    second[k * n + l] += sk * rows.get(r, l) / rows.rows();
                }
            }
        }
        double first = 0;
        double pair = 0;
        for (int k = 0; k < n; k++) {
            first = Math.max(first, Math.abs(m.mean()[k] - mean[k]));
            for (int l = k + 1; l < n; l++) {
                pair = Math.max(pair, Math.abs(m.second()[k * n + l] - second[k * n + l]));
            }
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("max_first_moment_error", first);
        details.put("max_pair_moment_error", pair);
        return new EvaluationResult("moment_error_" + (part == null ? data.name() : part), describe(), Math.max(first, pair),
                0, "exact enumeration of " + (1L << n) + " states", details);
    }

    /** Settings of {@code moment_error}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;

        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        public MomentError build() {
            if (data == null) {
                throw new IllegalArgumentException("moment_error needs data: moment_error on Dataset.part");
            }
            return new MomentError(data, part);
        }
    }
}
