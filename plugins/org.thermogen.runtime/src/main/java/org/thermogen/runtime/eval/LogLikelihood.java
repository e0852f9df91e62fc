package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.GenericEnumeration;
import org.thermogen.runtime.mcmc.Annealing;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureForm;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.rbm.RbmMetrics;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.vae.Vae;

/**
 * Mean log-likelihood per example in nats ({@code log_likelihood on Spins16.test}). Exact for
 * Boltzmann machines, Gaussians, Gaussian mixtures and small discrete energies. For a restricted Boltzmann
 * machine it is {@code mean(-F(v)) - ln Z} with the free energy {@code F} exact and
 * {@code ln Z} from the {@code method}: {@code exact} (the default, {@link ExactPartition})
 * or {@code ais(...)} ({@code log_likelihood(ais(runs 100, temperatures 10000)) on
 * Digits.test}), whose standard error the result carries.
 */
public final class LogLikelihood implements Evaluation {
    private final DatasetDefinition data;
    private final String part;
    private final Estimator method;

    private LogLikelihood(DatasetDefinition data, String part, Estimator method) {
        this.data = data;
        this.part = part;
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
    public LogLikelihood withMethod(Estimator v) {
        return new LogLikelihood(data, part, v);
    }

    @Override
    public String describe() {
        String on = " on " + data.name() + (part == null ? "" : "." + part);
        return method instanceof ExactPartition ? "log_likelihood" + on : "log_likelihood(" + method.describe() + ")" + on;
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return ExactRefusals.likelihood("log_likelihood", method, model);
    }

    @Override
    public Optional<String> workRefusal(ModelOutline model) {
        return method.workRefusal(model);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), List.of()));
        ModelOutline.require(workRefusal(ModelOutline.of(model)));
        Dataset rows = context.data(data).part(part);
        String name = "log_likelihood_" + (part == null ? data.name() : part);
        if (model.capability(BipartiteForm.class).isPresent()) {
            return bipartite(name, model, theta, rows, context);
        }
        Optional<Vae> vae = model.capability(Vae.class);
        if (vae.isPresent()) {
            if (!(method instanceof org.thermogen.runtime.vae.Iwae iwae)) {
                throw new IllegalArgumentException(model.spec().name() + " is a VAE, whose likelihood has no closed form:"
                        + " use log_likelihood(iwae(k 500)) on " + data.name() + (part == null ? "" : "." + part));
            }
            Vae.Estimate value = vae.get().importanceWeightedEstimate(theta, rows, iwae.k(),
                    context.random("evaluate.iwae"), context.pool());
            return new EvaluationResult(name, describe(), value.mean(), value.standardError(),
                    "importance-weighted bound with k " + iwae.k() + " (Monte Carlo; a lower bound of ln p(x) that"
                            + " tightens as k grows; standard error over rows)",
                    Map.of("examples", (double) rows.rows(), "k", (double) iwae.k()));
        }
        Optional<MixtureForm> mixture = model.capability(MixtureForm.class);
        if (mixture.isPresent() && method instanceof ExactPartition) {
            // Rows kept on a cluster (this JVM holding a sample of them) are summed there.
            Optional<org.thermogen.runtime.data.DistributedRows> elsewhere = context.data(data).elsewhere(part);
            if (elsewhere.isPresent()) {
                return mixture(name, model, mixture.get(), theta, elsewhere.get(), context);
            }
            return mixture(name, model, mixture.get(), theta, rows, context);
        }
        if (method instanceof Ais ais) {
            return annealed(name, model, theta, rows, ais, context);
        }
        ExactModel q = new ExactModel(model, theta, context);
        double value = q.meanLogLikelihood(rows);
        return new EvaluationResult(name, describe(), value, 0, q.method, Map.of("examples", (double) rows.rows()));
    }

    /**
     * {@code -mean E(x) - ln Z} with {@code ln Z} by annealing ({@link Annealing}); every unit
     * is observed (the refusal sees to it), so the standard error is {@code ln Z}'s.
     */
    private EvaluationResult annealed(String name, Model model, double[] theta, Dataset rows, Ais ais,
            RunContext context) {
        ModelSpec spec = model.spec();
        if (rows.columns() != spec.observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns, but "
                    + spec.name() + " observes " + spec.observedSize() + " units");
        }
        Estimator.Estimate z = LogPartition.annealed(model, theta, ais, context);
        // Hidden units summed row by row: through the conditional Boltzmann machine of a pairwise
        // energy (its couplings found once), else state by state.
        EnergyFunction energy = model.requireEnergy(describe());
        Optional<PairwiseForm> form = model.capability(PairwiseForm.class);
        PairwiseEnergy eta = null;
        if (spec.stateSize() != spec.observedSize() && form.isPresent() && spec.uniformDomain().isPresent()) {
            eta = new PairwiseEnergy(spec.stateSize(), spec.uniformDomain().get());
            form.get().couplings(theta, eta);
        }
        int hiddenUnits = spec.stateSize() - spec.observedSize();
        if (eta != null && hiddenUnits > ExactRefusals.AIS_HIDDEN) {
            return annealedRows(name, rows, eta, z, ais, context);
        }
        double[] x = new double[rows.columns()];
        double sum = 0;
        for (int i = 0; i < rows.rows(); i++) {
            rows.row(i, x);
            sum += eta != null ? Enumeration.logMarginal(eta, x) : GenericEnumeration.logMarginal(energy, theta, x);
        }
        Map<String, Double> details = new LinkedHashMap<>(z.details());
        details.put("examples", (double) rows.rows());
        details.put("log_partition", z.logPartition());
        boolean hidden = spec.stateSize() != spec.observedSize();
        return new EvaluationResult(name, describe(), sum / rows.rows() - z.logPartition(), z.standardError(),
                (hidden ? "the rows' log marginals (hidden states summed) minus ln Z, " : "minus the mean energy minus ln Z, ")
                        + z.method(), details);
    }

    /**
     * More hidden units than can be summed: each distinct row's log marginal is the ln Z of the
     * conditional machine of its hidden units, annealed with the same settings (a stream of
     * {@code "ais, rows"} for each distinct row in order of appearance), so the result's error
     * holds ln Z's and the rows': {@code sqrt(se_Z^2 + sum_r (c_r / n)^2 se_r^2)} for a row seen
     * {@code c_r} times.
     */
    private EvaluationResult annealedRows(String name, Dataset rows, PairwiseEnergy eta, Estimator.Estimate z, Ais ais,
            RunContext context) {
        Map<String, double[]> distinct = new java.util.LinkedHashMap<>();
        Map<String, Integer> counts = new java.util.HashMap<>();
        double[] x = new double[rows.columns()];
        for (int i = 0; i < rows.rows(); i++) {
            rows.row(i, x);
            String key = java.util.Arrays.toString(x);
            distinct.putIfAbsent(key, x.clone());
            counts.merge(key, 1, Integer::sum);
        }
        java.util.SplittableRandom root = context.random("ais, rows");
        int n = rows.rows();
        double mean = 0;
        double variance = z.standardError() * z.standardError();
        for (Map.Entry<String, double[]> row : distinct.entrySet()) {
            context.checkCancelled();
            double weight = counts.get(row.getKey()) / (double) n;
            Estimator.Estimate m = Annealing.logPartition(Enumeration.conditional(eta, row.getValue()), ais.runs(),
                    ais.temperatures(), root.split());
            mean += weight * m.logPartition();
            variance += weight * weight * m.standardError() * m.standardError();
        }
        Map<String, Double> details = new LinkedHashMap<>(z.details());
        details.put("examples", (double) n);
        details.put("distinct_rows", (double) distinct.size());
        details.put("log_partition", z.logPartition());
        return new EvaluationResult(name, describe(), mean - z.logPartition(), Math.sqrt(variance),
                "each distinct row's log marginal and ln Z by annealing (" + ais.runs() + " runs, " + ais.temperatures()
                        + " inverse temperatures each, heat bath): " + z.method(), details);
    }

    private EvaluationResult mixture(String name, Model model, MixtureForm form, double[] theta,
            Dataset rows, RunContext context) {
        if (rows.columns() != form.dimension()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " is a mixture over " + form.dimension());
        }
        GaussianMixture g = GaussianMixture.fromTheta(form, theta);
        double value = g.meanLogLikelihood(rows.values(), rows.rows(), context.pool());
        return new EvaluationResult(name, describe(), value, 0, "closed form (Gaussian mixture, log-sum-exp)",
                Map.of("examples", (double) rows.rows()));
    }

    private EvaluationResult mixture(String name, Model model, MixtureForm form, double[] theta,
            org.thermogen.runtime.data.DistributedRows rows, RunContext context) {
        if (rows.columns() != form.dimension()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " is a mixture over " + form.dimension());
        }
        double value = GaussianMixture.fromTheta(form, theta).meanLogLikelihood(rows);
        return new EvaluationResult(name, describe(), value, 0, "closed form (Gaussian mixture, log-sum-exp),"
                + " summed where the rows are", Map.of("examples", (double) rows.rows()));
    }

    private EvaluationResult bipartite(String name, Model model, double[] theta, Dataset rows,
            RunContext context) {
        if (rows.columns() != model.spec().observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns but "
                    + model.spec().name() + " observes " + model.spec().observedSize() + " units");
        }
        BipartiteEnergy eta = RbmModel.energy(model, theta);
        // Rows kept on a cluster (this JVM holding a sample of them): their free energies summed there.
        Optional<org.thermogen.runtime.data.DistributedRows> elsewhere = context.data(data).elsewhere(part);
        double meanFree;
        int examples;
        if (elsewhere.isPresent()) {
            examples = elsewhere.get().rows();
            meanFree = elsewhere.get().sum((values, n, columns, first) ->
                    new double[] {n == 0 ? 0 : RbmMetrics.meanFreeEnergy(eta, values, n, null) * n})[0] / examples;
        } else {
            examples = rows.rows();
            meanFree = RbmMetrics.meanFreeEnergy(eta, rows.values(), rows.rows(), context.pool());
        }
        Estimator.Estimate z = method.logPartition(eta, rows, context);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("examples", (double) examples);
        details.put("log_partition", z.logPartition());
        details.put("mean_free_energy", meanFree);
        details.putAll(z.details());
        return new EvaluationResult(name, describe(), -meanFree - z.logPartition(), z.standardError(), z.method(),
                details);
    }

    /** Settings of {@code log_likelihood}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;
        private Estimator method = ExactPartition.builder().build();

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        /**
         * How {@code ln Z} of a restricted Boltzmann machine is found: {@code exact} (default)
         * or {@code ais(...)}. Other models are always evaluated exactly and accept only
         * {@code exact}.
         */
        public Builder method(Estimator v) {
            this.method = v;
            return this;
        }

        public LogLikelihood build() {
            if (data == null) {
                throw new IllegalArgumentException("log_likelihood needs data: log_likelihood on Dataset.part");
            }
            if (method == null) {
                throw new IllegalArgumentException("log_likelihood needs a method: exact or ais(runs 100, temperatures 10000)");
            }
            return new LogLikelihood(data, part, method);
        }
    }
}
