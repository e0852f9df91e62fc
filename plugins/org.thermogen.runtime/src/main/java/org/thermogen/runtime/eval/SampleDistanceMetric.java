package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.DiffusionSampler;
import org.thermogen.runtime.exact.ExactSampler;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * {@code evaluate mmd on Moons.test} and {@code evaluate energy_distance on Moons.test}: how
 * far a model's samples lie from data, for every model that samples. The samples come from
 * the model's first declared sampler; without one, a diffusion model runs
 * {@code ddpm(variance posterior)} and a model that can be sampled exactly (a Gaussian, a
 * mixture, a VAE, a small Boltzmann machine or RBM) runs {@code exact}.
 *
 * <p><b>Like with like.</b> The data's rows are shuffled (a stream of the run's seed) and
 * split into two halves {@code A} and {@code B} of {@code m = min(samples, rows / 2)} rows;
 * the model draws {@code m} samples {@code S}. The figure is the distance between {@code S}
 * and {@code B}, and the yardstick ({@code data_halves} in the details) the same distance
 * between {@code A} and {@code B}: sets of the same sizes, the same estimator and kernel,
 * so a model that samples the data's distribution scores the yardstick's figure up to
 * their standard errors, and a blurred one scores above it. Both are unbiased U-statistics
 * with jackknife standard errors ({@link SampleDistance#compareMmd2},
 * {@link SampleDistance#compareEnergyDistance}), and {@code above_data_halves} is the
 * difference with its own error. MMD^2's RBF kernel has the data's local scale
 * ({@link SampleDistance#localBandwidth} of {@code A} and {@code B}), where a blurred or
 * misplaced sample shows; the details add the figure at the median heuristic's bandwidth
 * ({@code at_median_bandwidth}, with its excess and error), which sees a shifted or
 * misweighted whole sooner. A standard error treats the samples as independent: for MCMC
 * chains it is a lower bound.
 */
public final class SampleDistanceMetric implements Evaluation {
    /** The fewest rows the data may have: two halves of two rows. */
    public static final int MIN_ROWS = 4;

    /** Which distance. */
    public enum Kind {
        MMD("mmd"), ENERGY_DISTANCE("energy_distance");

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
    private final int samples;

    private SampleDistanceMetric(Builder b) {
        this.kind = b.kind;
        this.data = b.data;
        this.part = b.part;
        this.samples = b.samples;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return kind.keyword() + " on " + data.name() + (part == null ? "" : "." + part);
    }

    /** The sampler that draws for a model of this outline: its first declared one, else a default, else none. */
    static Optional<Sampler> sampler(ModelOutline model, List<Sampler> declared) {
        if (!declared.isEmpty()) {
            return Optional.of(declared.get(0));
        }
        if (model.offers(DiffusionModel.class)) {
            return Optional.of(DiffusionSampler.builder().ddpm().build());
        }
        ExactSampler exact = ExactSampler.builder().build();
        return exact.refusal(model).isEmpty() ? Optional.of(exact) : Optional.empty();
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        Optional<Sampler> sampler = sampler(model, declared);
        if (sampler.isEmpty()) {
            String suggestion = model.discrete() ? "gibbs(chains 8, sweeps 1000)"
                    : "langevin(step 0.01, adjusted)";
            return Optional.of(kind.keyword() + " compares the model's samples with data, and " + model.name()
                    + " cannot be sampled exactly: add `sample with " + suggestion + "` to " + model.name());
        }
        return sampler.get().refusal(model);
    }

    @Override
    public boolean checksData() {
        return true;
    }

    @Override
    public Optional<String> dataRefusal(Dataset rows) {
        if (rows.rows() < MIN_ROWS) {
            return Optional.of(kind.keyword() + " compares the model with two halves of the data, of at least 2 rows"
                    + " each; " + rows.name() + " has " + rows.rows() + ": give it at least " + MIN_ROWS + " rows");
        }
        return Optional.empty();
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        return evaluate(model, theta, List.of(), context);
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, List<Sampler> declared, RunContext context) {
        ModelOutline outline = ModelOutline.of(model);
        ModelOutline.require(refusal(outline, declared));
        Dataset rows = context.data(data).part(part);
        ModelOutline.require(dataRefusal(rows));
        if (rows.columns() != model.spec().observedSize()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns, but "
                    + model.spec().name() + " samples " + model.spec().observedSize() + " units");
        }
        Halves halves = Halves.of(rows, samples, context.random("sample distance halves"));
        Sampler sampler = sampler(outline, declared).orElseThrow();
        // mmd and energy_distance of one model read one sampling run.
        Samples drawn = SampleRuns.draw(sampler, model, theta, halves.size(), context);
        return figure(kind, drawn, halves, rows.name());
    }

    /**
     * Two disjoint halves of a dataset's rows, chosen at random, each of {@code size} rows.
     *
     * @param first  the yardstick's sample, {@code size * columns} values
     * @param second the rows both the model and the yardstick are compared with
     */
    public record Halves(double[] first, double[] second, int size, int columns, int rows) {

        /** Shuffles the rows with {@code random} and keeps {@code min(most, rows / 2)} in each half. */
        public static Halves of(Dataset data, int most, SplittableRandom random) {
            int n = data.rows();
            int d = data.columns();
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            int m = Math.min(most, n / 2);
            double[] a = new double[m * d];
            double[] b = new double[m * d];
            for (int i = 0; i < m; i++) {
                System.arraycopy(data.values(), order[i] * d, a, i * d, d);
                System.arraycopy(data.values(), order[m + i] * d, b, i * d, d);
            }
            return new Halves(a, b, m, d, n);
        }
    }

    /**
     * The figure for samples already drawn: the distance between {@code drawn} and the second
     * half, with the first half's as the yardstick.
     *
     * @param dataName the data's name, {@code Moons.test}, for the figure's key and description
     */
    public static EvaluationResult figure(Kind kind, Samples drawn, Halves halves, String dataName) {
        int m = halves.size();
        int d = halves.columns();
        if (drawn.dimension() != d) {
            throw new IllegalArgumentException(dataName + " has " + d + " columns, but the samples have "
                    + drawn.dimension());
        }
        if (drawn.count() < m) {
            throw new IllegalArgumentException("the sampler drew " + drawn.count() + " samples, fewer than the " + m
                    + " rows of each half of " + dataName);
        }
        Map<String, Double> details = new LinkedHashMap<>();
        SampleDistance.Comparison c;
        String what;
        if (kind == Kind.MMD) {
            double h = bandwidth(true, halves);
            c = SampleDistance.compareMmd2(drawn.values(), m, halves.first(), m, halves.second(), m, d, h);
            details.put("bandwidth", h);
            // The median heuristic's scale sees what the local one is slow to: a shifted or misweighted whole.
            double wide = bandwidth(false, halves);
            SampleDistance.Comparison coarse = SampleDistance.compareMmd2(drawn.values(), m, halves.first(), m,
                    halves.second(), m, d, wide);
            details.put("median_bandwidth", wide);
            details.put("at_median_bandwidth", coarse.model().value());
            details.put("at_median_bandwidth_above_data_halves", coarse.excess().value());
            details.put("at_median_bandwidth_above_data_halves_standard_error", coarse.excess().standardError());
            what = "unbiased MMD^2, RBF kernel at the data's local scale h = "
                    + number(h);
        } else {
            c = SampleDistance.compareEnergyDistance(drawn.values(), m, halves.first(), m, halves.second(), m, d);
            what = "unbiased energy distance";
        }
        details.put("data_halves", c.yardstick().value());
        details.put("data_halves_standard_error", c.yardstick().standardError());
        details.put("above_data_halves", c.excess().value());
        details.put("above_data_halves_standard_error", c.excess().standardError());
        details.put("samples", (double) m);
        details.put("rows", (double) halves.rows());
        String key = (kind == Kind.MMD ? "mmd2_" : "energy_distance_") + suffix(dataName);
        return new EvaluationResult(key, kind.keyword() + " on " + dataName, c.model().value(), c.model().standardError(),
                what + "; " + m + " samples from " + drawn.sampler() + " against " + m + " of the " + halves.rows()
                        + " rows, whose other " + m + " score " + number(c.yardstick().value()) + " +- "
                        + number(c.yardstick().standardError()) + " (data_halves); jackknife errors",
                details);
    }

    private static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.3g", v);
    }

    /** The data's local or median scale; 1 when every row is the same (any scale tells a model that strays). */
    private static double bandwidth(boolean local, Halves halves) {
        int m = halves.size();
        try {
            return local ? SampleDistance.localBandwidth(halves.first(), m, halves.second(), m, halves.columns())
                    : SampleDistance.medianBandwidth(halves.first(), m, halves.second(), m, halves.columns());
        } catch (IllegalArgumentException allRowsEqual) {
            return 1;
        }
    }

    /** {@code Moons.test} gives {@code test}, as the other evaluations name their keys. */
    private static String suffix(String name) {
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }

    /** Settings of {@code mmd} and {@code energy_distance}. */
    public static final class Builder {
        private Kind kind = Kind.MMD;
        private DatasetDefinition data;
        private String part;
        private int samples = 1000;

        private Builder() {
        }

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
         * The most samples compared with the data; fewer when half the data's rows are fewer.
         * Default 1000.
         */
        public Builder samples(int v) {
            this.samples = v;
            return this;
        }

        public SampleDistanceMetric build() {
            if (data == null) {
                throw new IllegalArgumentException("mmd and energy_distance compare samples with data: write `on Data.part`");
            }
            if (samples < 2) {
                throw new IllegalArgumentException("compare at least 2 samples with the data, not " + samples);
            }
            return new SampleDistanceMetric(this);
        }
    }
}
