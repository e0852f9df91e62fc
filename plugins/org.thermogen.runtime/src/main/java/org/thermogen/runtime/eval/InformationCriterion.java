package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.ExpectationMaximization;
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
 *
 * <p><b>Choosing the number of components</b> ({@code bic(components 1..8) on Blobs.train}):
 * besides the model's own figure, mixtures of each number of components in the range, of
 * the model's covariance type, are fitted to the same rows by EM (k-means starts,
 * {@code restarts} of them, scikit-learn's defaults otherwise) and scored; the result's
 * series is the criterion against the number of components (a picture and a table in the
 * report), its details name the best number ({@code best_components}), and a note says it.
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

    /** The most mixtures one sweep fits. */
    public static final int MAX_SWEEP = 64;

    private final Kind kind;
    private final DatasetDefinition data;
    private final String part;
    private final int fewest;
    private final int most;
    private final int restarts;
    /** Where the sweep's mixtures are fitted: here, one after another, unless placed elsewhere. */
    private final SweepFits fits;

    private InformationCriterion(Builder b, SweepFits fits) {
        this.kind = b.kind;
        this.data = b.data;
        this.part = b.part;
        this.fewest = b.fewest;
        this.most = b.most;
        this.restarts = b.restarts;
        this.builder = b;
        this.fits = fits;
    }

    private final Builder builder;

    /**
     * One mixture of a sweep, fitted by EM to the rows and scored on them.
     *
     * @param components        its number of components
     * @param meanLogLikelihood its mean log-likelihood on the rows (NaN when it could not be fitted)
     * @param parameters        its free parameters
     * @param failure           why it could not be fitted, or null
     */
    public record Fitted(int components, double meanLogLikelihood, long parameters, String failure)
            implements java.io.Serializable {
    }

    /**
     * Where a sweep's mixtures are fitted: each number of components is a fit of its own by
     * {@link #fitOne}, here one after another ({@link #HERE}) or each on a machine of a cluster.
     */
    public interface SweepFits {
        /** The fits of {@code ks}, in that order, made as {@link #fitOne} makes them with a context of {@code seed}. */
        List<Fitted> fit(double[] rows, int n, int d, int[] ks, CovarianceType type, int restarts, long seed,
                RunContext context);

        /**
         * The fits of {@code ks} to rows kept elsewhere (a cluster's executors), of which
         * {@code sample} is held here: each from k-means starts on the sample, run to convergence
         * over every row and scored on all of them; empty where this place cannot reach such
         * rows (the sweep then fits the sample).
         */
        default Optional<List<Fitted>> fit(org.thermogen.runtime.data.DistributedRows rows, Dataset sample, int[] ks,
                CovarianceType type, int restarts, RunContext context) {
            return Optional.empty();
        }
    }

    /** Every fit on this machine, in order, on the context's threads. */
    public static final SweepFits HERE = (rows, n, d, ks, type, restarts, seed, context) -> {
        List<Fitted> out = new java.util.ArrayList<>();
        for (int k : ks) {
            context.checkCancelled();
            out.add(fitOne(rows, n, d, k, type, restarts, context));
        }
        return out;
    };

    /**
     * A mixture of {@code k} components fitted by EM (k-means starts from the context's
     * {@code "train"} streams, {@code restarts} of them) and scored on the rows: the same bits
     * on any machine for the same seed, whatever its threads.
     */
    public static Fitted fitOne(double[] rows, int n, int d, int k, CovarianceType type, int restarts,
            RunContext context) {
        try {
            GaussianMixture fit = ExpectationMaximization.builder().restarts(restarts).build()
                    .fit(rows, n, d, k, type, context).mixture();
            return new Fitted(k, fit.meanLogLikelihood(rows, n, context.pool()), fit.parameterCount(), null);
        } catch (IllegalArgumentException | org.thermogen.runtime.train.DivergenceException e) {
            return new Fitted(k, Double.NaN, 0, e.getMessage());
        }
    }

    /** The same criterion with its sweep's mixtures fitted by {@code where} (a cluster). */
    public InformationCriterion fittedBy(SweepFits where) {
        return new InformationCriterion(builder, java.util.Objects.requireNonNull(where));
    }

    /** True if it fits mixtures of a range of component numbers ({@code components a..b}). */
    public boolean sweeps() {
        return fewest > 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        String settings = fewest == 0 ? "" : "(components " + fewest + ".." + most
                + (restarts == 1 ? "" : ", restarts " + restarts) + ")";
        return kind.keyword() + settings + " on " + data.name() + (part == null ? "" : "." + part);
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
        // Rows kept on a cluster (this JVM holding a sample of them) are summed there.
        Optional<org.thermogen.runtime.data.DistributedRows> elsewhere = context.data(data).elsewhere(part);
        int n = elsewhere.map(org.thermogen.runtime.data.DistributedRows::rows).orElse(rows.rows());
        double meanLl = elsewhere.isPresent() ? g.meanLogLikelihood(elsewhere.get())
                : g.meanLogLikelihood(rows.values(), n, context.pool());
        long p = g.parameterCount();
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("examples", (double) n);
        details.put("parameters", (double) p);
        details.put("mean_log_likelihood", meanLl);
        String name = kind.keyword() + "_" + (part == null ? data.name() : part);
        double value = criterion(meanLl, n, p);
        if (fewest == 0) {
            return new EvaluationResult(name, describe(), value, 0, "closed form", details);
        }
        EvaluationResult.Series series = sweep(form, rows, elsewhere.orElse(null), context, details);
        int best = (int) Math.round(details.get("best_components"));
        context.listener().note(String.format(java.util.Locale.ROOT, "%s: %d components score best (%s %.6g); %s has %d"
                + " (%.6g)", describe(), best, kind.keyword(), details.get(kind.keyword() + "_" + best),
                model.spec().name(), form.components(), value));
        return new EvaluationResult(name, describe(), value, 0, "closed form; mixtures of " + fewest + " to " + most
                + " components fitted by EM to the same rows for the series: " + best + " score best", details, series);
    }

    private double criterion(double meanLogLikelihood, int n, long parameters) {
        double penalty = kind == Kind.BIC ? parameters * Math.log(n) : 2.0 * parameters;
        return -2 * meanLogLikelihood * n + penalty;
    }

    /** Fits and scores a mixture of every number of components in the range; the best goes to the details. */
    private EvaluationResult.Series sweep(MixtureForm form, Dataset rows,
            org.thermogen.runtime.data.DistributedRows elsewhere, RunContext context, Map<String, Double> details) {
        int n = elsewhere != null ? elsewhere.rows() : rows.rows();
        List<Double> xs = new java.util.ArrayList<>();
        List<Double> ys = new java.util.ArrayList<>();
        List<Double> zeros = new java.util.ArrayList<>();
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        // More components than rows cannot be fitted.
        int[] ks = java.util.stream.IntStream.rangeClosed(fewest, Math.min(most, n)).toArray();
        context.listener().begin(describe(), most - fewest + 1);
        List<Fitted> fitted = null;
        if (elsewhere != null) {
            // Rows kept on a cluster: every fit over all of them there, if the fits can reach them.
            fitted = fits.fit(elsewhere, rows, ks, form.covariance(), restarts, context).orElse(null);
            if (fitted == null) {
                n = rows.rows();
                context.listener().note(describe() + ": the series is fitted to the " + n + " of the "
                        + elsewhere.rows() + " rows held here (each number of components scored on that sample)");
            }
        }
        if (fitted == null) {
            fitted = fits.fit(rows.values(), n, form.dimension(), ks, form.covariance(), restarts, context.seed(),
                    context);
        }
        for (Fitted f : fitted) {
            int k = f.components();
            if (f.failure() != null) {
                // One number that cannot be fitted (a component left without rows) does not void the others.
                context.listener().note(describe() + ": " + k + " components could not be fitted: " + f.failure());
                continue;
            }
            double v = criterion(f.meanLogLikelihood(), n, f.parameters());
            xs.add((double) k);
            ys.add(v);
            zeros.add(0.0);
            details.put(kind.keyword() + "_" + k, v);
            if (v < bestValue) {
                bestValue = v;
                best = k;
            }
            context.listener().step(k - fewest + 1, Map.of(kind.keyword(), v));
        }
        context.listener().end();
        details.put("best_components", (double) best);
        return new EvaluationResult.Series("components", kind.keyword(), xs, ys, zeros);
    }

    /** Settings of {@code bic on ...} and {@code aic on ...}. */
    public static final class Builder {
        private Kind kind = Kind.BIC;
        private DatasetDefinition data;
        private String part;
        private int fewest;
        private int most;
        private int restarts = 1;

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

        /**
         * Also fit and score mixtures of {@code fewest} to {@code most} components: the
         * sweep that chooses the number of components. Default: none.
         */
        public Builder components(int fewest, int most) {
            this.fewest = fewest;
            this.most = most;
            return this;
        }

        /** k-means starts of each mixture of the sweep, the best kept (scikit-learn's n_init). Default 1. */
        public Builder restarts(int v) {
            this.restarts = v;
            return this;
        }

        public InformationCriterion build() {
            if (fewest != 0 || most != 0) {
                if (fewest < 1 || most < fewest || most - fewest >= MAX_SWEEP) {
                    throw new IllegalArgumentException("components runs from " + fewest + " to " + most + ": give whole"
                            + " numbers from 1, the first no larger than the last, at most " + MAX_SWEEP + " of them");
                }
            }
            if (restarts < 1) {
                throw new IllegalArgumentException("restarts must be at least 1, not " + restarts);
            }
            if (kind == null) {
                throw new IllegalArgumentException("an information criterion is bic or aic");
            }
            if (data == null) {
                throw new IllegalArgumentException(kind.keyword() + " needs data: " + kind.keyword() + " on Dataset.part");
            }
            return new InformationCriterion(this, HERE);
        }
    }
}
