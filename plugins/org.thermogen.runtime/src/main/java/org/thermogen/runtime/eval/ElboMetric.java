package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.vae.Vae;

/**
 * {@code evaluate elbo on Digits.test}: a VAE's evidence lower bound per row in nats, the
 * reconstruction term by Monte Carlo with {@code samples} draws per row and the top KL
 * analytic.
 */
public final class ElboMetric implements Evaluation {
    private final DatasetDefinition data;
    private final String part;
    private final int samples;

    private ElboMetric(Builder b) {
        this.data = b.data;
        this.part = b.part;
        this.samples = b.samples;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "elbo on " + data.name() + (part == null ? "" : "." + part);
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return model.offers(Vae.class) ? Optional.empty()
                : Optional.of("elbo evaluates VAEs; " + model.name() + " is a " + model.description());
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        Vae vae = model.requireCapability(Vae.class, describe());
        Dataset rows = context.data(data).part(part);
        Vae.Estimate value = vae.elboEstimate(theta, rows, samples, context.random("evaluate.elbo"), context.pool());
        Vae.Terms terms = vae.terms(theta, rows, context.random("evaluate.elbo terms"));
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("examples", (double) rows.rows());
        details.put("samples", (double) samples);
        // Where the bound goes, level by level (one draw per row): z1 is the level next to the data.
        details.put("reconstruction", terms.reconstruction());
        int depth = terms.kl().length - 1;
        for (int l = 1; l <= depth; l++) {
            details.put("kl_z" + l, terms.kl()[l]);
        }
        for (int l = 1; l <= depth; l++) {
            details.put("active_units_z" + l, (double) terms.activeUnits()[l]);
            details.put("units_z" + l, (double) vae.spec().latentSize(l));
        }
        return new EvaluationResult("elbo_" + (part == null ? data.name() : part), describe(), value.mean(),
                value.standardError(), "Monte Carlo reconstruction term (" + samples + " sample"
                        + (samples == 1 ? "" : "s") + " per row), analytic top KL; standard error over rows; details: the"
                        + " terms per level and the active units (Burda et al. 2016), z1 next to the data", details);
    }

    /** Settings of {@code elbo on ...}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;
        private int samples = 1;

        private Builder() {
        }

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        /** Draws of the latents per row. Default 1. */
        public Builder samples(int v) {
            this.samples = v;
            return this;
        }

        public ElboMetric build() {
            if (data == null) {
                throw new IllegalArgumentException("elbo is measured on data: write `elbo on Data.part`");
            }
            if (samples < 1) {
                throw new IllegalArgumentException("elbo needs samples of at least 1, not " + samples);
            }
            return new ElboMetric(this);
        }
    }
}
