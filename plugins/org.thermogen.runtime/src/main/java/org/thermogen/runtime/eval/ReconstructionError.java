package org.thermogen.runtime.eval;

import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.RbmMetrics;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.RunContext;

/**
 * The mean-field reconstruction error of a restricted Boltzmann machine
 * ({@code reconstruction_error on Digits.test}): for each row {@code v}, the hidden means
 * {@code E[h | v]}, then the visible means {@code E[v | h]} at those hidden values, and the
 * squared difference to {@code v}, averaged over rows and visible units. Deterministic;
 * a rough guide to training (it does not measure the likelihood), and the one figure that
 * also serves real (Gaussian-Bernoulli) visibles.
 */
public final class ReconstructionError implements Evaluation {
    private final DatasetDefinition data;
    private final String part;

    private ReconstructionError(DatasetDefinition data, String part) {
        this.data = data;
        this.part = part;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "reconstruction_error on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        RbmModel.form(model, "reconstruction_error");
        Dataset rows = context.data(data).part(part);
        if (rows.columns() != model.spec().observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " observes " + model.spec().observedSize() + " units");
        }
        double value = RbmMetrics.reconstructionError(RbmModel.energy(model, theta), rows.values(), rows.rows(),
                context.pool());
        return new EvaluationResult("reconstruction_error_" + (part == null ? data.name() : part), describe(), value, 0,
                "mean field: squared error per unit of E[v | E[h | v]]", Map.of("examples", (double) rows.rows()));
    }

    /** Settings of {@code reconstruction_error}. */
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

        public ReconstructionError build() {
            if (data == null) {
                throw new IllegalArgumentException("reconstruction_error needs data: reconstruction_error on Dataset.part");
            }
            return new ReconstructionError(data, part);
        }
    }
}
