package org.thermogen.runtime.mixture;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.HeldOutSettings;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Validation;

/**
 * Expectation-maximization for Gaussian mixtures (notes 03, "EM for mixture models"; notes
 * 01 section 3), {@code em(max_iter 100, tol 0.001, reg_covar 0.000001, init kmeans)}, with
 * scikit-learn's {@code GaussianMixture} conventions so that both give the same numbers:
 * <ul>
 * <li>E-step: responsibilities {@code r_ik = pi_k N(x_i; mu_k, Sigma_k) / p(x_i)} by
 *     log-sum-exp, Mahalanobis distances and log-determinants from Cholesky factors;</li>
 * <li>M-step: {@code pi_k = n_k / n}, {@code mu_k = sum_i r_ik x_i / n_k},
 *     {@code Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)' / n_k + reg_covar I}, with
 *     {@code n_k = sum_i r_ik} (plus 10 machine epsilons, as scikit-learn);</li>
 * <li>iteration {@code t} runs an E-step (which measures the mean log-likelihood of the
 *     current parameters) and an M-step, and stops when that mean log-likelihood changed by
 *     less than {@code tol} since iteration {@code t - 1}, or after {@code max_iter};</li>
 * <li>the start: k-means (greedy k-means++ seeding from {@code context.random("train")},
 *     then Lloyd's iterations), its labels as one-hot responsibilities, one M-step (as
 *     scikit-learn's {@code init_params="kmeans"}); or given parameters, used as they are
 *     (as its {@code weights_init}, {@code means_init}, {@code precisions_init});</li>
 * <li>{@code restarts N} (scikit-learn's {@code n_init}): N k-means starts, each run to
 *     convergence, the one whose last iteration measured the highest mean log-likelihood
 *     kept; the first start is the single start's, so more starts never end lower.</li>
 * </ul>
 *
 * <p>Rows are processed in fixed pieces on {@code context.pool()} and partial sums added in
 * a fixed order: the result is bit-identical with any number of threads. The passes over
 * the data allocate nothing.
 *
 * <pre>{@code
 * // 2000 rows from a known mixture of two components in the plane
 * GaussianMixture truth = GaussianMixture.of(CovarianceType.FULL, 2, new double[] {0.3, 0.7},
 *         new double[] {-3, 0, 2, 1}, new double[] {1, 0.5, 0.5, 1, 0.5, 0, 0, 2});
 * double[] rows = truth.sample(2000, new SplittableRandom(1));
 *
 * RunContext context = RunContext.withSeed(42);             // k-means++ from context.random("train")
 * ExpectationMaximization em = ExpectationMaximization.builder().tolerance(1e-6).build();
 * MixtureFit fit = em.fit(rows, 2000, 2, 2, CovarianceType.FULL, context);
 * GaussianMixture g = fit.mixture();
 * double[] history = fit.logLikelihoods();                  // mean log-likelihood after 0, 1, ... iterations
 * double[] r = g.responsibilities(rows, 2000, context.pool());   // 2000 x 2, rows summing to 1
 * double bic = g.bic(rows, 2000, context.pool());
 * double[] more = g.sample(1000, context.random("sample"));
 * context.close();
 * }</pre>
 * ({@code GaussianMixtureTest} runs this example. The job runner of {@code org.thermogen.run}
 * draws the data, samples and each component's ellipses in {@code samples.png}.)
 *
 * <p>As a {@link Trainer} it serves models whose {@link MixtureStructure} says where the
 * weights, means and covariances sit in theta; with {@code init parameters} it starts from
 * the model's initial theta. The history has one row per parameter set, {@code iteration}
 * 0 the start, with the loss {@code neg_log_likelihood} (nats per row) never rising.
 */
public final class ExpectationMaximization implements Trainer {

    /** Where EM starts. */
    public enum Start {
        /** k-means++ then Lloyd's k-means; its labels give the first parameters. */
        KMEANS("kmeans"),
        /** The parameters given: the model's initial theta, or a {@link GaussianMixture}. */
        PARAMETERS("parameters");

        private final String keyword;

        Start(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    private final int maxIterations;
    private final double tolerance;
    private final double regCovar;
    private final Start start;
    private final int restarts;
    private final Validation validation;

    private ExpectationMaximization(Builder b) {
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
        this.regCovar = b.regCovar;
        this.start = b.start;
        this.restarts = b.restarts;
        this.validation = b.buildValidation("em");
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxIterations() {
        return maxIterations;
    }

    public double tolerance() {
        return tolerance;
    }

    public double regCovar() {
        return regCovar;
    }

    public Start start() {
        return start;
    }

    /** k-means starts, each run to convergence, the best kept ({@code restarts}, scikit-learn's {@code n_init}). */
    public int restarts() {
        return restarts;
    }

    @Override
    public String describe() {
        return "em(max_iter " + maxIterations + ", tol " + plain(tolerance) + ", reg_covar " + plain(regCovar) + ", init "
                + start.keyword() + (restarts == 1 ? "" : ", restarts " + restarts)
                + (validation == null ? "" : validation.describe()) + ")";
    }

    /** The same settings with {@code max_iter} set to {@code epochs}. */
    @Override
    public Trainer withEpochs(int epochs) {
        return new Builder().from(this).maxIterations(epochs).build();
    }

    /**
     * Fits {@code k} components to {@code n} rows of {@code d} values, starting from k-means
     * (whatever {@link #start()} says) seeded by {@code context.random("train")}; with
     * {@link #restarts()} above 1, from that many k-means starts, keeping the fit whose last
     * iteration measured the highest mean log-likelihood (see {@link #startStream}).
     *
     * @throws IllegalArgumentException if the sizes do not fit, there are fewer rows than
     *                                  components, or a covariance stops being positive
     *                                  definite (the message suggests a larger {@code reg_covar})
     */
    public MixtureFit fit(double[] rows, int n, int d, int k, CovarianceType type, RunContext context) {
        checkData(rows, n, d, k, type);
        return bestStart(rows, n, d, k, type, context);
    }

    /**
     * The stream of start {@code r} (from 0): the first is {@code context.random("train")}, as
     * with one start, so that {@code restarts N} only adds starts; the others
     * {@code "train, restart 2"}, {@code "train, restart 3"}, ...
     */
    private static SplittableRandom startStream(RunContext context, int r) {
        return r == 0 ? context.random("train") : context.random("train, restart " + (r + 1));
    }

    /**
     * Every k-means start run to convergence, each told in a note, and the one whose last
     * E-step measured the highest mean log-likelihood kept (ties: the first), as scikit-learn
     * keeps the highest lower bound over {@code n_init}. A start that diverges is told and
     * passed over; if all do, the last one's error stands.
     */
    private MixtureFit bestStart(double[] rows, int n, int d, int k, CovarianceType type, RunContext context) {
        return bestStart(kmeansStarts(rows, n, d, k, type, context), context);
    }

    /** Start {@code r} here: k-means from {@link #startStream}, one M-step, then EM on the rows. */
    private StartFit kmeansStarts(double[] rows, int n, int d, int k, CovarianceType type, RunContext context) {
        return r -> {
            EmRun run = new EmRun(rows, n, d, k, type, regCovar, context.pool());
            run.start(KMeans.labels(rows, n, d, k, startStream(context, r), context.pool()));
            return iterate(run, context, null, null);
        };
    }

    /** Start {@code r} (from 0), run to convergence. */
    private interface StartFit {
        MixtureFit fit(int r);
    }

    /** The restarts loop of {@link #bestStart(double[], int, int, int, CovarianceType, RunContext)}, whatever fits a start. */
    private MixtureFit bestStart(StartFit starts, RunContext context) {
        MixtureFit best = null;
        DivergenceException failed = null;
        for (int r = 0; r < restarts; r++) {
            context.checkCancelled();
            MixtureFit fit;
            try {
                fit = starts.fit(r);
            } catch (DivergenceException e) {
                if (restarts == 1) {
                    throw e;
                }
                context.listener().note("em start " + (r + 1) + " of " + restarts + ": " + e.getMessage());
                failed = e;
                continue;
            }
            if (restarts > 1) {
                context.listener().note(String.format(Locale.ROOT, "em start %d of %d: mean log-likelihood %.6f after %d"
                        + " iterations%s", r + 1, restarts, fit.lowerBound(), fit.iterations(),
                        fit.converged() ? "" : " (not converged)"));
            }
            if (best == null || fit.lowerBound() > best.lowerBound()) {
                best = fit;
            }
        }
        if (best == null) {
            throw failed;
        }
        return best;
    }

    /**
     * {@link #fit(double[], int, int, int, CovarianceType, RunContext)} for rows that
     * {@code passes} sums over (a cluster's), of which {@code sample} ({@code m} rows of
     * {@code d} values) is held here: each k-means start is taken from the sample with the
     * stream the rows' own fit would use, run to convergence over every row, and the best kept.
     */
    public MixtureFit fit(Passes passes, double[] sample, int m, int d, int k, CovarianceType type,
            RunContext context) {
        checkData(sample, m, d, k, type);
        return bestStart(passesStarts(passes, sample, m, d, k, type, context), context);
    }

    /** Start {@code r} over {@code passes}: k-means on the sample from {@link #startStream}, then EM over every row. */
    private StartFit passesStarts(Passes passes, double[] sample, int m, int d, int k, CovarianceType type,
            RunContext context) {
        return r -> fit(passes, kmeansStart(sample, m, d, k, type, startStream(context, r), context), context,
                (iteration, at, logLikelihood) -> { });
    }

    /** Fits the {@code n} rows starting from the given mixture's parameters. */
    public MixtureFit fit(double[] rows, int n, GaussianMixture initial, RunContext context) {
        int d = initial.dimension();
        checkData(rows, n, d, initial.components(), initial.covarianceType());
        EmRun run = new EmRun(rows, n, d, initial.components(), initial.covarianceType(), regCovar, context.pool());
        run.start(initial);
        return iterate(run, context, null, null);
    }

    /**
     * Where EM's sums come from when the rows are elsewhere (the partitions of a Spark
     * dataset): each call is one pass over every row, its blocks' {@link EmStatistics} added up.
     */
    public interface Passes {
        /** The E-step sums of every row at {@code at} ({@link EmStatistics#addExpectation}). */
        EmStatistics expectation(GaussianMixture at);

        /** The scatter of every row about {@code means}, responsibilities at {@code at} ({@link EmStatistics#addScatter}). */
        EmStatistics scatter(GaussianMixture at, double[] means);

        /** Tied covariances: every row's count and column sums ({@link EmStatistics#addRows}). */
        EmStatistics rows();

        /** Tied covariances: every row's scatter about {@code mean} ({@link EmStatistics#addDataScatter}). */
        EmStatistics dataScatter(double[] mean);
    }

    /**
     * Fits rows that {@code passes} sums over, from {@code initial}: the iterations, the
     * stopping rule and the final E-step of {@link #fit(double[], int, GaussianMixture, RunContext)},
     * two passes per iteration (the E-step sums, then the scatter about the new means), so the
     * iterates are that method's on the same rows, up to the order of the additions.
     */
    public MixtureFit fit(Passes passes, GaussianMixture initial, RunContext context) {
        context.listener().begin("em", maxIterations);
        MixtureFit fit = fit(passes, initial, context, (iteration, at, logLikelihood) -> context.listener().step(iteration,
                java.util.Map.of("neg_log_likelihood", -logLikelihood)));
        context.listener().end();
        return fit;
    }

    /** Hears each finished iteration of a fit over passes: its number, the new parameters, the E-step's figure. */
    private interface PassesHook {
        void after(int iteration, GaussianMixture at, double logLikelihood);
    }

    private MixtureFit fit(Passes passes, GaussianMixture initial, RunContext context, PassesHook hook) {
        CovarianceType type = initial.covarianceType();
        EmStatistics data = null;
        EmStatistics dataScatter = null;
        if (type == CovarianceType.TIED) {
            data = passes.rows();
            dataScatter = passes.dataScatter(data.dataMean());
        }
        double[] ll = new double[maxIterations + 1];
        double previous = Double.NEGATIVE_INFINITY;
        double lowerBound = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int iterations = 0;
        GaussianMixture at = initial;
        while (iterations < maxIterations && !converged) {
            context.checkCancelled();
            EmStatistics moments = passes.expectation(at);
            double current = moments.meanLogLikelihood();
            if (!Double.isFinite(current)) {
                throw new DivergenceException("EM diverged at iteration " + (iterations + 1) + ": the mean"
                        + " log-likelihood is " + current + "; use a larger reg_covar or rescale the data");
            }
            ll[iterations] = current;
            at = type == CovarianceType.TIED ? moments.maximize(dataScatter, data, regCovar)
                    : moments.maximize(passes.scatter(at, moments.nextMeans()), regCovar);
            iterations++;
            lowerBound = current;
            hook.after(iterations, at, current);
            if (Math.abs(current - previous) < tolerance) {
                converged = true;
                break;
            }
            previous = current;
        }
        ll[iterations] = passes.expectation(at).meanLogLikelihood();
        return new MixtureFit(at, Arrays.copyOf(ll, iterations + 1), iterations, converged, lowerBound);
    }

    /**
     * Trains a mixture model as {@link #train(Model, double[], Dataset, RunContext)} does, EM's
     * sums coming from {@code passes} (the same rows on a cluster): the start is taken here from
     * {@code data} (k-means, or the given parameters), then every iteration sums over the passes,
     * and the progress, the saved states and the result are the single-machine run's. With
     * {@code restarts N}, the N k-means starts of the single-machine run, each run to convergence
     * over the passes, the best kept as there.
     *
     * @throws IllegalArgumentException where the single-machine run would refuse
     */
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, Passes passes, RunContext context) {
        return train(model, initialTheta, data, data.rows(), passes, context);
    }

    /**
     * {@link #train(Model, double[], Dataset, Passes, RunContext)} for {@code rows} rows that
     * {@code passes} sums over, of which {@code sample} is the part held here: the k-means start
     * is taken from the sample, the iterations sum over every row, and the summary's criteria
     * count {@code rows}.
     */
    public TrainingResult train(Model model, double[] initialTheta, Dataset sample, int rows, Passes passes,
            RunContext context) {
        MixtureForm form = mixtureOf(model, sample);
        int n = rows;
        int d = form.dimension();
        if (restarts > 1) {
            return trainedBest(model.spec().name(), form, initialTheta, n, passesStarts(passes, sample.values(),
                    sample.rows(), d, form.components(), form.covariance(), context), context);
        }
        GaussianMixture initial;
        if (start == Start.KMEANS) {
            initial = kmeansStart(sample.values(), sample.rows(), d, form.components(), form.covariance(),
                    startStream(context, 0), context);
        } else {
            initial = GaussianMixture.fromTheta(form, initialTheta);
        }
        double[] theta = initialTheta.clone();
        context.listener().begin("train " + model.spec().name(), maxIterations);
        MetricsHistory heard = new MetricsHistory(COLUMNS.toArray(String[]::new));
        MixtureFit fit = fit(passes, initial, context, (iteration, at, logLikelihood) -> {
            at.writeTheta(form, theta);
            heard.add(iteration - 1, -logLikelihood);
            context.listener().state(new TrainingState(iteration, theta.clone(), new double[0], new double[0],
                    heard.columns(), java.util.Collections.unmodifiableList(heard.rows())));
            context.listener().step(iteration, Map.of("neg_log_likelihood", -logLikelihood));
            context.listener().snapshot(iteration, theta);
        });
        context.listener().end();
        return result(fit, form, theta, n, d);
    }

    /** The k-means start of {@code n} rows: labels from k-means++ and Lloyd's iterations, then one M-step. */
    private GaussianMixture kmeansStart(double[] rows, int n, int d, int k, CovarianceType type,
            SplittableRandom random, RunContext context) {
        EmRun run = new EmRun(rows, n, d, k, type, regCovar, context.pool());
        run.start(KMeans.labels(rows, n, d, k, random, context.pool()));
        return GaussianMixture.wrap(run.p);
    }

    /**
     * Training with {@code restarts N}: the best start's parameters and history, its curve heard
     * as one start's would be.
     */
    private TrainingResult trainedBest(String name, MixtureForm form, double[] initialTheta, int n, StartFit starts,
            RunContext context) {
        context.listener().begin("train " + name, maxIterations);
        MixtureFit best = bestStart(starts, context);
        for (int i = 1; i <= best.iterations(); i++) {
            context.listener().step(i, Map.of("neg_log_likelihood", -best.logLikelihoods()[i - 1]));
        }
        context.listener().end();
        return result(best, form, initialTheta.clone(), n, form.dimension());
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /** The loss on {@code rows}: minus their mean log-likelihood (nats per row). */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        MixtureForm form = model.requireCapability(MixtureForm.class, describe());
        if (rows.columns() != form.dimension()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " is a mixture over " + form.dimension());
        }
        return theta -> -GaussianMixture.fromTheta(form, theta).meanLogLikelihood(rows.values(), rows.rows(),
                context.pool());
    }

    @Override
    public Optional<String> refusal(ModelOutline model) {
        return model.offers(MixtureForm.class) ? Optional.empty()
                : Optional.of("em trains Gaussian mixtures; " + model.name() + " has a " + model.description());
    }

    /**
     * @throws IllegalArgumentException if the model is not a {@link MixtureStructure}, the data
     *                                  have another number of columns, or fitting fails
     */
    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return train(model, initialTheta, null, data, context);
    }

    /**
     * An iteration depends only on the parameters before it: a saved run is its parameters
     * and the log-likelihoods measured so far.
     */
    @Override
    public boolean resumable() {
        return restarts == 1;
    }

    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        if (restarts > 1) {
            throw new IllegalArgumentException(describe() + " runs its starts whole: it has no saved run to continue");
        }
        from.requireOf(describe(), model.spec().name(), model.spec().paramSize(), maxIterations, COLUMNS, false);
        if (from.epoch() < 1) {
            // A state is reported after each iteration: one at 0 was never saved by this trainer.
            throw new IllegalArgumentException("the saved run is not one of " + describe() + " on "
                    + model.spec().name());
        }
        return train(model, from.theta(), from, data, context);
    }

    private static final java.util.List<String> COLUMNS = java.util.List.of("iteration", "neg_log_likelihood");

    /** The model's mixture, once the data are known to fit it; what every way of training checks first. */
    private MixtureForm mixtureOf(Model model, Dataset data) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        MixtureForm form = model.requireCapability(MixtureForm.class, describe());
        if (data.columns() != form.dimension()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns but "
                    + model.spec().name() + " is a mixture over " + form.dimension());
        }
        checkData(data.values(), data.rows(), form.dimension(), form.components(), form.covariance());
        return form;
    }

    private TrainingResult train(Model model, double[] initialTheta, TrainingState from, Dataset data,
            RunContext context) {
        MixtureForm form = mixtureOf(model, data);
        int n = data.rows();
        int d = form.dimension();
        if (restarts > 1) {
            return trainedBest(model.spec().name(), form, initialTheta, n,
                    kmeansStarts(data.values(), n, d, form.components(), form.covariance(), context), context);
        }
        EmRun run = new EmRun(data.values(), n, d, form.components(), form.covariance(), regCovar, context.pool());
        if (start == Start.KMEANS && from == null) {
            run.start(KMeans.labels(data.values(), n, d, form.components(), context.random("train"), context.pool()));
        } else {
            GaussianMixture initial;
            try {
                initial = GaussianMixture.fromTheta(form, initialTheta);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(model.spec().name() + ": em with init parameters needs initial"
                        + " parameters that form a mixture: " + e.getMessage());
            }
            run.start(initial);
        }
        double[] theta = initialTheta.clone();
        context.listener().begin("train " + model.spec().name(), maxIterations);
        // What the iterations measured so far: the log-likelihood of the parameters before each.
        MetricsHistory heard = new MetricsHistory(COLUMNS.toArray(String[]::new));
        if (from != null) {
            from.history().forEach(heard::add);
        }
        MixtureFit fit = iterate(run, context, (iteration, logLikelihood) -> {
            write(run.p, form, theta);
            heard.add(iteration - 1, -logLikelihood);
            context.listener().state(new TrainingState(iteration, theta.clone(), new double[0], new double[0],
                    heard.columns(), java.util.Collections.unmodifiableList(heard.rows())));
            context.listener().step(iteration, Map.of("neg_log_likelihood", -logLikelihood));
            context.listener().snapshot(iteration, theta);
        }, from);
        context.listener().end();
        return result(fit, form, theta, n, d);
    }

    /** The fit's parameters in theta, its history and the summary. */
    private TrainingResult result(MixtureFit fit, MixtureForm form, double[] theta, int n, int d) {
        fit.mixture().writeTheta(form, theta);
        MetricsHistory history = new MetricsHistory(COLUMNS.toArray(String[]::new));
        for (int i = 0; i <= fit.iterations(); i++) {
            history.add(i, -fit.logLikelihoods()[i]);
        }
        Map<String, Double> summary = new LinkedHashMap<>();
        summary.put("iterations", (double) fit.iterations());
        summary.put("converged", fit.converged() ? 1.0 : 0.0);
        summary.put("log_likelihood", fit.logLikelihood());
        summary.put("lower_bound", fit.lowerBound());
        long p = form.covariance().parameterCount(form.components(), d);
        summary.put("bic", -2 * fit.logLikelihood() * n + p * Math.log(n));
        summary.put("aic", -2 * fit.logLikelihood() * n + 2.0 * p);
        if (restarts > 1) {
            summary.put("restarts", (double) restarts);
        }
        return new TrainingResult(theta, history, summary);
    }

    /** Hears each finished iteration: its number and the mean log-likelihood its E-step measured. */
    private interface Hook {
        void after(int iteration, double logLikelihood);
    }

    /** Iterates from the run's parameters: from the start, or after the iterations {@code from} saved. */
    private MixtureFit iterate(EmRun run, RunContext context, Hook hook, TrainingState from) {
        double[] ll = new double[maxIterations + 1];
        double previous = Double.NEGATIVE_INFINITY;
        double lowerBound = Double.NEGATIVE_INFINITY;
        boolean converged = false;
        int iterations = 0;
        if (from != null) {
            for (double[] row : from.history()) {
                ll[iterations++] = -row[1];
            }
            previous = ll[iterations - 1];
            lowerBound = previous;
            // The saved run had not yet asked whether its last iteration converged.
            if (iterations >= 2 && Math.abs(previous - ll[iterations - 2]) < tolerance) {
                converged = true;
            }
        }
        while (iterations < maxIterations && !converged) {
            context.checkCancelled();
            double current = run.expectationStep();
            if (!Double.isFinite(current)) {
                throw new DivergenceException("EM diverged at iteration " + (iterations + 1) + ": the mean"
                        + " log-likelihood is " + current + "; use a larger reg_covar or rescale the data");
            }
            ll[iterations] = current;
            run.maximization();
            iterations++;
            lowerBound = current;
            if (hook != null) {
                hook.after(iterations, current);
            }
            if (Math.abs(current - previous) < tolerance) {
                converged = true;
                break;
            }
            previous = current;
        }
        // One more E-step measures the returned parameters (and leaves their responsibilities).
        ll[iterations] = run.expectationStep();
        return new MixtureFit(GaussianMixture.wrap(run.p), Arrays.copyOf(ll, iterations + 1), iterations, converged,
                lowerBound);
    }

    private static void write(Components p, MixtureForm form, double[] theta) {
        System.arraycopy(p.weights, 0, theta, form.weightsOffset(), p.k);
        System.arraycopy(p.means, 0, theta, form.meansOffset(), p.means.length);
        System.arraycopy(p.covariances, 0, theta, form.covariancesOffset(), p.covariances.length);
    }

    private static void checkData(double[] rows, int n, int d, int k, CovarianceType type) {
        if (type == null) {
            throw new IllegalArgumentException("em needs a covariance type: full, tied, diag or spherical");
        }
        if (k < 1) {
            throw new IllegalArgumentException("a mixture needs at least 1 component, not " + k);
        }
        if (d < 1) {
            throw new IllegalArgumentException("a mixture needs at least 1 dimension, not " + d);
        }
        if (n < k) {
            throw new IllegalArgumentException(n + " rows cannot be fitted by " + k + " components; em needs at least"
                    + " as many rows as components");
        }
        if ((long) n * d > rows.length) {
            throw new IllegalArgumentException(n + " rows of " + d + " values need " + (long) n * d
                    + " values, the array has " + rows.length);
        }
        for (int i = 0; i < n * d; i++) {
            if (!Double.isFinite(rows[i])) {
                throw new IllegalArgumentException("row " + i / d + " has the non-finite value " + rows[i]
                        + " in column " + i % d + "; em needs finite data");
            }
        }
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * Settings of {@code em(...)}; defaults as scikit-learn's {@code GaussianMixture}:
     * {@code max_iter 100}, {@code tol 0.001}, {@code reg_covar 0.000001}, {@code init kmeans}.
     */
    public static final class Builder extends HeldOutSettings<Builder> {
        private int maxIterations = 100;
        private double tolerance = 1e-3;
        private double regCovar = 1e-6;
        private Start start = Start.KMEANS;
        private int restarts = 1;

        private Builder() {
        }

        private Builder from(ExpectationMaximization em) {
            this.maxIterations = em.maxIterations;
            this.tolerance = em.tolerance;
            this.regCovar = em.regCovar;
            this.start = em.start;
            this.restarts = em.restarts;
            validationOf(em.validation);
            return this;
        }

        /** Most EM iterations ({@code max_iter}); 0 returns the start. Default 100. */
        public Builder maxIterations(int v) {
            this.maxIterations = v;
            return this;
        }

        /**
         * Stop when the mean log-likelihood per row changes by less than this between
         * iterations ({@code tol}, nats). Default 0.001.
         */
        public Builder tolerance(double v) {
            this.tolerance = v;
            return this;
        }

        /** Added to the diagonal of every covariance in the M-step ({@code reg_covar}). Default 1e-6. */
        public Builder regCovar(double v) {
            this.regCovar = v;
            return this;
        }

        /** Where a training run starts ({@code init kmeans} or {@code init parameters}). Default k-means. */
        public Builder start(Start v) {
            this.start = v;
            return this;
        }

        /**
         * k-means starts, each run to convergence; the fit with the highest mean log-likelihood
         * is kept (scikit-learn's {@code n_init}). The first start is the one a single start
         * uses, so more starts never end lower. Default 1.
         */
        public Builder restarts(int v) {
            this.restarts = v;
            return this;
        }

        /** {@link #maxIterations}, under its .gen name {@code max_iter}. */
        public Builder maxIter(int v) {
            return maxIterations(v);
        }

        /** {@link #tolerance}, under its .gen name {@code tol}. */
        public Builder tol(double v) {
            return tolerance(v);
        }

        /** {@link #start}, under its .gen name {@code init}. */
        public Builder init(Start v) {
            return start(v);
        }


        public ExpectationMaximization build() {
            if (maxIterations < 0) {
                throw new IllegalArgumentException("em needs max_iter of at least 0, not " + maxIterations);
            }
            if (maxIterations > org.thermogen.runtime.train.Epochs.MAX) {
                // The log-likelihood of every iteration is kept (an array of max_iter + 1).
                throw new IllegalArgumentException("em runs at most " + org.thermogen.runtime.train.Epochs.MAX
                        + " iterations, not " + maxIterations + ": scikit-learn's default is 100, and EM stops"
                        + " earlier once the log-likelihood changes by less than tol");
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("em needs a finite tol of at least 0, not " + tolerance);
            }
            if (!(regCovar >= 0) || Double.isInfinite(regCovar)) {
                throw new IllegalArgumentException("em needs a finite reg_covar of at least 0, not " + regCovar);
            }
            if (start == null) {
                throw new IllegalArgumentException("em needs a start: init kmeans or init parameters");
            }
            if (restarts < 1) {
                throw new IllegalArgumentException("em needs restarts of at least 1, not " + restarts);
            }
            if (restarts > 1 && start == Start.PARAMETERS) {
                throw new IllegalArgumentException("restarts " + restarts + " would start " + restarts + " times from the"
                        + " same given parameters: use init kmeans, or remove restarts");
            }
            ExpectationMaximization em = new ExpectationMaximization(this);
            if (restarts > 1 && em.validation != null) {
                throw new IllegalArgumentException("em measures held-out rows along one run: remove validation, or"
                        + " restarts");
            }
            return em;
        }
    }
}
