package org.thermogen.runtime.eval;

import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.ModelDefinition;
import org.thermogen.runtime.run.RunContext;

/** Mean log-likelihood per example in nats ({@code log_likelihood on Spins16.test}), exact. */
public final class LogLikelihood implements Evaluation {
    private final DatasetDefinition data;
    private final String part;

    private LogLikelihood(DatasetDefinition data, String part) {
        this.data = data;
        this.part = part;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "log_likelihood on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public EvaluationResult evaluate(ModelDefinition model, double[] theta, RunContext context) {
        Dataset rows = context.data(data).part(part);
        ExactModel q = new ExactModel(model, theta, context);
        double value = q.meanLogLikelihood(rows);
        return new EvaluationResult("log_likelihood_" + (part == null ? data.name() : part), describe(), value, 0,
                q.method, Map.of("examples", (double) rows.rows()));
    }

    /** Settings of {@code log_likelihood}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        public LogLikelihood build() {
            if (data == null) {
                throw new IllegalArgumentException("log_likelihood needs data: log_likelihood on Dataset.part");
            }
            return new LogLikelihood(data, part);
        }
    }
}
