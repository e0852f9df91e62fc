package org.thermogen.runtime.eval;

import java.util.Map;
import org.thermogen.runtime.model.ModelDefinition;
import org.thermogen.runtime.run.RunContext;

/** The log partition function {@code ln Z} ({@code log_partition}), exact. */
public final class LogPartition implements Evaluation {

    private LogPartition() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "log_partition";
    }

    @Override
    public EvaluationResult evaluate(ModelDefinition model, double[] theta, RunContext context) {
        ExactModel q = new ExactModel(model, theta, context);
        return new EvaluationResult("log_partition", describe(), q.logPartition, 0, q.method, Map.of());
    }

    /** {@code log_partition} has no settings. */
    public static final class Builder {
        public LogPartition build() {
            return new LogPartition();
        }
    }
}
