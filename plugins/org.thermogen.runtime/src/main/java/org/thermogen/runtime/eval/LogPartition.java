package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.mcmc.Annealing;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/**
 * The log partition function {@code ln Z} ({@code log_partition}) from the {@code method}:
 * {@code exact} (the default: {@link ExactPartition} for a restricted Boltzmann machine,
 * enumeration or the closed form otherwise) or {@code ais(...)} ({@code log_partition(ais(runs
 * 100, temperatures 10000))}: {@link org.thermogen.runtime.rbm.Ais} for an RBM,
 * {@link Annealing} for any other energy), whose standard error the result carries.
 */
public final class LogPartition implements Evaluation {
    private final Estimator method;

    private LogPartition(Estimator method) {
        this.method = method;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How {@code ln Z} is found. */
    public Estimator method() {
        return method;
    }

    /** The same evaluation with {@code ln Z} found by {@code v} (the same settings run elsewhere, say). */
    public LogPartition withMethod(Estimator v) {
        return new LogPartition(v);
    }

    @Override
    public String describe() {
        return method instanceof ExactPartition ? "log_partition" : "log_partition(" + method.describe() + ")";
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return ExactRefusals.likelihood("log_partition", method, model);
    }

    @Override
    public Optional<String> workRefusal(ModelOutline model) {
        return method.workRefusal(model);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        ModelOutline.require(workRefusal(ModelOutline.of(model)));
        if (model.capability(BipartiteForm.class).isPresent()) {
            Estimator.Estimate z = method.logPartition(RbmModel.energy(model, theta), null, context);
            Map<String, Double> details = new LinkedHashMap<>(z.details());
            return new EvaluationResult("log_partition", describe(), z.logPartition(), z.standardError(), z.method(),
                    details);
        }
        if (method instanceof Ais ais) {
            Estimator.Estimate z = annealed(model, theta, ais, context);
            return new EvaluationResult("log_partition", describe(), z.logPartition(), z.standardError(), z.method(),
                    new LinkedHashMap<>(z.details()));
        }
        ExactModel q = new ExactModel(model, theta, context);
        return new EvaluationResult("log_partition", describe(), q.logPartition, 0, q.method, Map.of());
    }

    /**
     * {@code ln Z} of a model that is not an RBM by annealing with the settings of {@code ais},
     * where its runner says: this machine ({@link Annealing#logPartition}) or a cluster.
     */
    static Estimator.Estimate annealed(Model model, double[] theta, Ais ais, RunContext context) {
        return ais.annealingRunner().map(r -> r.logPartition(model, theta, ais, context))
                .orElseGet(() -> Annealing.logPartition(model, theta, ais.runs(), ais.temperatures(), ais.step(), context));
    }

    /** Settings of {@code log_partition}. */
    public static final class Builder {
        private Estimator method = ExactPartition.builder().build();

        /**
         * How {@code ln Z} of a restricted Boltzmann machine is found: {@code exact} (default)
         * or {@code ais(...)}. Other models are always evaluated exactly and accept only
         * {@code exact}.
         */
        public Builder method(Estimator v) {
            this.method = v;
            return this;
        }

        public LogPartition build() {
            if (method == null) {
                throw new IllegalArgumentException("log_partition needs a method: exact or ais(runs 100, temperatures 10000)");
            }
            return new LogPartition(method);
        }
    }
}
