package org.thermogen.runtime.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.exact.GenericEnumeration;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.VariableSpec;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * Thermodynamic averages per unit, measured by sampling ({@code evaluate energy,
 * abs_magnetization per temperature}): {@code energy} is {@code <E(s)> / n},
 * {@code magnetization} {@code <sum_k s_k> / n} and {@code abs_magnetization}
 * {@code <|sum_k s_k|> / n}, over the {@code n} units of the state (for binary units the
 * sum counts the ones; from a sampler other than parallel tempering, over the observed
 * units it returns).
 *
 * <p>{@code per temperature}: runs the model's first {@code parallel_tempering} sampler and
 * gives the average at each of its temperatures as the result's series, the value at the
 * temperature closest to 1 as its value, and the swap acceptance rates
 * ({@code swap_rate_<k>}) in its details. Without it: the average at temperature 1 from
 * the model's first sampler (a parallel tempering sampler contributes its replica closest
 * to 1). Standard errors come from {@value ParallelTempering#BATCHES} batch means of the
 * recorded configurations in order (fewer batches when there are fewer configurations).
 * A sampling run is shared through {@link RunContext#cached} by every observable of the same
 * model, parameters and sampler, so {@code evaluate energy, abs_magnetization per
 * temperature} samples once.
 *
 * <p><b>Exact.</b> A model of at most {@value #EXACT_UNITS} binary or spin units (hidden
 * ones included) is summed over every state ({@link GenericEnumeration#averages}): without
 * a sampler, or with {@code sample with exact} first, that is the figure (standard error 0);
 * with another sampler the figure is still the sampler's, and the exact average rides in
 * the details ({@code exact}) so that the sampler can be checked against it.
 */
public final class Observables implements Evaluation {
    private static final List<String> NAMES = List.of("energy", "magnetization", "abs_magnetization");

    /** The most units whose averages are summed over every state (2^20 energies, under a second). */
    public static final int EXACT_UNITS = 20;

    private final String observable;
    private final boolean perTemperature;

    private Observables(Builder b) {
        this.observable = b.observable;
        this.perTemperature = b.perTemperature;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return observable + (perTemperature ? " per temperature" : "");
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        if (!model.discrete()) {
            return Optional.of(observable + " is measured on binary or spin units; " + model.name() + " has real units");
        }
        if (perTemperature && tempering(declared).isEmpty()) {
            return Optional.of(observable + " per temperature needs a parallel_tempering sampler; add `sample with"
                    + " parallel_tempering(temperatures geometric(1, 3, 8), sweeps 10000)` to " + model.name());
        }
        if (!perTemperature && exactly(model, declared)) {
            return Optional.empty();
        }
        boolean wholeStates = observable.equals("energy") && model.hasHidden();
        if (wholeStates && (declared.isEmpty() || !(declared.get(0) instanceof ParallelTempering))) {
            // Samplers return the observed units; replica exchange measures on whole states.
            return Optional.of("energy needs whole states, hidden units included, and only parallel_tempering measures"
                    + " on them; add `sample with parallel_tempering(temperatures geometric(1, 3, 8), sweeps 10000)` to "
                    + model.name() + (declared.isEmpty() ? "" : " before its other samplers"));
        }
        if (declared.isEmpty()) {
            return Optional.of(observable + " is measured on samples beyond " + EXACT_UNITS + " units ("
                    + model.name() + " has " + (model.observedUnits() + model.hiddenUnits())
                    + "); add `sample with gibbs(chains 8, sweeps 1000)` to " + model.name());
        }
        return Optional.empty();
    }

    /** Small enough to sum over every state. */
    private static boolean enumerable(ModelOutline model) {
        return model.discrete() && model.observedUnits() + model.hiddenUnits() <= EXACT_UNITS;
    }

    /** Summed over every state, with no sampler to measure: none declared, or exact first. */
    private static boolean exactly(ModelOutline model, List<Sampler> declared) {
        return enumerable(model) && (declared.isEmpty() || declared.get(0) instanceof ExactSampler);
    }

    private static Optional<ParallelTempering> tempering(List<Sampler> declared) {
        for (Sampler s : declared) {
            if (s instanceof ParallelTempering p) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        return evaluate(model, theta, List.of(), context);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, List<Sampler> declared, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model), declared));
        if (perTemperature) {
            return perTemperature(model, theta, context, tempering(declared).orElseThrow());
        }
        ModelOutline outline = ModelOutline.of(model);
        if (exactly(outline, declared)) {
            return exact(model, theta, context);
        }
        Sampler first = declared.get(0);
        EvaluationResult sampled = first instanceof ParallelTempering pt ? atClosestToOne(model, theta, context, pt)
                : fromSamples(model, theta, context, first);
        if (!enumerable(outline)) {
            return sampled;
        }
        Map<String, Double> details = new LinkedHashMap<>(sampled.details());
        details.put("exact", exact(model, theta, context).value());
        return new EvaluationResult(sampled.name(), sampled.description(), sampled.value(), sampled.standardError(),
                sampled.method() + "; the exact average is in the details", details);
    }

    /** The average over every state; the three averages of one model and parameters are summed once. */
    private EvaluationResult exact(Model model, double[] theta, RunContext context) {
        ModelSpec spec = model.spec();
        int n = spec.stateSize();
        boolean[] counted = new boolean[n];
        int observed = 0;
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved()) {
                Arrays.fill(counted, v.offset(), v.offset() + v.size(), true);
                observed += v.size();
            }
        }
        EnergyFunction energy = model.requireEnergy(describe());
        double[] averages = context.cached(new Key("exact averages", model, theta, ""),
                () -> GenericEnumeration.averages(energy, theta.clone(), counted));
        // Energy per unit of the whole state; magnetizations per observed unit, as a sampler's.
        double value = switch (observable) {
            case "energy" -> averages[0] / n;
            case "magnetization" -> averages[1] / observed;
            default -> averages[2] / observed;
        };
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("states", Math.pow(2, n));
        return new EvaluationResult(observable, describe(), value, 0,
                "exact enumeration of " + (1L << n) + " states", details);
    }

    private ParallelTempering.Measurement measure(Model model, double[] theta, RunContext context,
            ParallelTempering pt) {
        return context.cached(new Key("parallel_tempering", model, theta, pt.describe()),
                () -> pt.measure(model, theta.clone(), context));
    }

    private EvaluationResult perTemperature(Model model, double[] theta, RunContext context,
            ParallelTempering pt) {
        ParallelTempering.Measurement m = measure(model, theta, context, pt);
        double[] t = m.temperatures();
        double[] y = m.mean(observable);
        double[] se = m.standardError(observable);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ses = new ArrayList<>();
        for (int k = 0; k < t.length; k++) {
            xs.add(t[k]);
            ys.add(y[k]);
            ses.add(se[k]);
        }
        int at = m.closestToOne();
        Map<String, Double> details = details(m, t[at]);
        EvaluationResult.Series series = new EvaluationResult.Series("temperature", label(), xs, ys, ses);
        return new EvaluationResult(observable + "_per_temperature", describe(), y[at], se[at], method(pt, m), details,
                series);
    }

    private EvaluationResult atClosestToOne(Model model, double[] theta, RunContext context,
            ParallelTempering pt) {
        ParallelTempering.Measurement m = measure(model, theta, context, pt);
        int at = m.closestToOne();
        double t = m.temperatures()[at];
        if (t != 1.0) {
            context.listener().note(describe() + " of " + model.spec().name() + " is measured at T = " + number(t)
                    + ", the temperature of " + pt.temperatures().describe() + " closest to 1");
        }
        return new EvaluationResult(observable, describe(), m.mean(observable)[at], m.standardError(observable)[at],
                method(pt, m), details(m, t));
    }

    private EvaluationResult fromSamples(Model model, double[] theta, RunContext context, Sampler sampler) {
        ModelSpec spec = model.spec();
        int n = spec.stateSize();
        if (observable.equals("energy") && spec.observedSize() != n) {
            throw new IllegalArgumentException("energy needs whole states but " + spec.name() + "'s sampler returns its"
                    + " observed units only; sample with parallel_tempering to measure it");
        }
        int count = sampler.defaultCount();
        Samples samples = SampleRuns.draw(sampler, model, theta, count, context);
        int d = samples.dimension();
        double[] x = new double[d];
        double[] values = new double[samples.count()];
        EnergyFunction energy = observable.equals("energy") ? model.requireEnergy(describe()) : null;
        for (int i = 0; i < samples.count(); i++) {
            System.arraycopy(samples.values(), i * d, x, 0, d);
            double v;
            if (observable.equals("energy")) {
                v = energy.energy(x, theta) / n;
            } else {
                double sum = 0;
                for (double u : x) {
                    sum += u;
                }
                v = (observable.equals("abs_magnetization") ? Math.abs(sum) : sum) / d;
            }
            values[i] = v;
        }
        int batches = Math.min(ParallelTempering.BATCHES, values.length);
        double[] meanAndError = batchMeans(values, batches);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("samples", (double) values.length);
        details.put("batches", (double) batches);
        return new EvaluationResult(observable, describe(), meanAndError[0], meanAndError[1],
                sampler.describe() + ", " + values.length + " samples; standard error from " + batches
                        + " batch means", details);
    }

    /** The mean, and the standard error from {@code batches} consecutive batches (NaN with one). */
    static double[] batchMeans(double[] values, int batches) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples to average");
        }
        double total = 0;
        for (double v : values) {
            total += v;
        }
        double mean = total / values.length;
        double sq = 0;
        for (int b = 0; b < batches; b++) {
            int from = (int) ((long) b * values.length / batches);
            int to = (int) ((long) (b + 1) * values.length / batches);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += values[i];
            }
            double d = sum / (to - from) - mean;
            sq += d * d;
        }
        return new double[] {mean, batches > 1 ? Math.sqrt(sq / (batches - 1) / batches) : Double.NaN};
    }

    private static Map<String, Double> details(ParallelTempering.Measurement m, double temperature) {
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("temperature", temperature);
        details.put("batches", (double) m.batches());
        details.put("records", (double) m.records());
        double[] rates = m.swapRates();
        for (int k = 0; k < rates.length; k++) {
            details.put("swap_rate_" + k, rates[k]);
        }
        return details;
    }

    private static String method(ParallelTempering pt, ParallelTempering.Measurement m) {
        return "parallel tempering at " + m.temperatures().length + " temperatures, " + m.sweeps() + " sweeps ("
                + pt.describe() + "); standard errors from " + m.batches() + " batch means";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private String label() {
        return switch (observable) {
            case "energy" -> "energy per unit";
            case "magnetization" -> "magnetization per unit";
            default -> "|magnetization| per unit";
        };
    }

    /** What a sampling run depends on besides the seed: its kind and settings, the model and the parameters. */
    private static final class Key {
        private final String run;
        private final Model model;
        private final double[] theta;
        private final String settings;

        Key(String run, Model model, double[] theta, String settings) {
            this.run = run;
            this.model = model;
            this.theta = theta.clone();
            this.settings = settings;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.run.equals(run) && k.model == model && Arrays.equals(k.theta, theta)
                    && k.settings.equals(settings);
        }

        @Override
        public int hashCode() {
            return ((run.hashCode() * 31 + System.identityHashCode(model)) * 31 + Arrays.hashCode(theta)) * 31
                    + settings.hashCode();
        }
    }

    /** Settings of an observable: {@code energy}, {@code abs_magnetization per temperature}. */
    public static final class Builder {
        private String observable = "energy";
        private boolean perTemperature;

        /** {@code "energy"} (the default), {@code "magnetization"} or {@code "abs_magnetization"}. */
        public Builder observable(String v) {
            this.observable = v;
            return this;
        }

        /** Measure at every temperature of the model's parallel tempering sampler (default false). */
        public Builder perTemperature(boolean v) {
            this.perTemperature = v;
            return this;
        }

        public Observables build() {
            if (!NAMES.contains(observable)) {
                throw new IllegalArgumentException("unknown observable " + observable + ": energy, magnetization or"
                        + " abs_magnetization");
            }
            return new Observables(this);
        }
    }
}
