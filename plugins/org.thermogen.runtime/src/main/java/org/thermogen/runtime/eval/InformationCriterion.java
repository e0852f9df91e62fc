package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/**
 * The Bayesian or Akaike information criterion of a Gaussian mixture on data
 * ({@code bic on Blobs.train}, {@code aic on Blobs.train}), as scikit-learn's
 * {@code GaussianMixture.bic} and {@code aic}: {@code -2 ln L + p ln n} and
 * {@code -2 ln L + 2 p}, with {@code ln L} the total log-likelihood of the {@code n} rows and
 * {@code p} the free parameters ({@link org.thermogen.runtime.mixture.CovarianceType#parameterCount}).
 * Lower is better; compare models on the same data.
 */
public final class InformationCriterion implements Evaluation {

    /** Which criterion. */
    public enum Kind {
        BIC("bic"), AIC("aic");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    private final Kind kind;
    private final DatasetDefinition data;
    private final String part;

    private InformationCriterion(Kind kind, DatasetDefinition data, String part) {
        this.kind = kind;
        this.data = data;
        this.part = part;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return kind.keyword() + " on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return model.offers(MixtureForm.class) ? Optional.empty()
                : Optional.of(kind.keyword() + " needs a model with a known number of free parameters, a Gaussian"
                        + " mixture; " + model.name() + " has a " + model.description());
    }

    /**
     * @throws IllegalArgumentException if the model is not a Gaussian mixture or the data do not fit it
     */
    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        MixtureForm form = model.requireCapability(MixtureForm.class, describe());
        Dataset rows = context.data(data).part(part);
        if (rows.columns() != form.dimension()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " is a mixture over " + form.dimension());
        }
        GaussianMixture g = GaussianMixture.fromTheta(form, theta);
        int n = rows.rows();
        double meanLl = g.meanLogLikelihood(rows.values(), n, context.pool());
        long p = g.parameterCount();
        double penalty = kind == Kind.BIC ? p * Math.log(n) : 2.0 * p;
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("examples", (double) n);
        details.put("parameters", (double) p);
        details.put("mean_log_likelihood", meanLl);
        return new EvaluationResult(kind.keyword() + "_" + (part == null ? data.name() : part), describe(),
                -2 * meanLl * n + penalty, 0, "closed form", details);
    }

    /** Settings of {@code bic on ...} and {@code aic on ...}. */
    public static final class Builder {
        private Kind kind = Kind.BIC;
        private DatasetDefinition data;
        private String part;

        private Builder() {
        }

        /** BIC (the default) or AIC. */
        public Builder kind(Kind v) {
            this.kind = v;
            return this;
        }

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        public InformationCriterion build() {
            if (kind == null) {
                throw new IllegalArgumentException("an information criterion is bic or aic");
            }
            if (data == null) {
                throw new IllegalArgumentException(kind.keyword() + " needs data: " + kind.keyword() + " on Dataset.part");
            }
            return new InformationCriterion(kind, data, part);
        }
    }
}
