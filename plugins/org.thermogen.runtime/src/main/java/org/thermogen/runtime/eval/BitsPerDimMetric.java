package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.diffusion.Ddpm;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.DiffusionSampler;
import org.thermogen.runtime.diffusion.VariationalBound;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;

/**
 * {@code evaluate bits_per_dim on Digits.test}: the negative variational bound of a diffusion
 * model on image data ({@link VariationalBound}), in bits per coordinate, averaged over the
 * rows with its standard error. The data must lie on evenly spaced levels of [-1, 1], as DDPM
 * scales images; the number of levels is read off the data (two for binarized images) unless
 * given. The reverse variance is that of the model's first {@code ddpm} sampler (posterior if
 * none). The details split the bound into its prior ({@code L_T}), diffusion
 * ({@code sum L_{t-1}}) and decoder ({@code L_0}) parts, in nats per row.
 */
public final class BitsPerDimMetric implements Evaluation {
    private final DatasetDefinition data;
    private final String part;
    private final int levels;

    private BitsPerDimMetric(Builder b) {
        this.data = b.data;
        this.part = b.part;
        this.levels = b.levels;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "bits_per_dim" + (levels > 0 ? "(levels " + levels + ")" : "") + " on " + data.name()
                + (part == null ? "" : "." + part);
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        return DiffusionModel.refusal(model, "bits_per_dim");
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
        return evaluate(model, theta, List.of(), context);
    }

    /** The data must sit on evenly spaced levels of [-1, 1]: only the data say whether they do. */
    @Override
    public boolean checksData() {
        return true;
    }

    @Override
    public Optional<String> dataRefusal(Dataset rows) {
        try {
            check(rows, levels > 0 ? levels : levelsOf(rows));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public EvaluationResult evaluate(Model model, double[] theta, List<Sampler> declared, RunContext context) {
        DiffusionModel m = DiffusionModel.of(model, "bits_per_dim");
        Ddpm.Variance variance = Ddpm.Variance.POSTERIOR;
        for (Sampler s : declared) {
            if (s instanceof DiffusionSampler d && d.reverse() instanceof Ddpm ddpm) {
                variance = ddpm.variance();
                break;
            }
        }
        Dataset rows = context.data(data).part(part);
        if (rows.columns() != m.dimension()) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns, but "
                    + model.spec().name() + " models points of " + m.dimension());
        }
        ModelOutline.require(dataRefusal(rows));
        int l = levels > 0 ? levels : levelsOf(rows);
        VariationalBound bound = new VariationalBound(m.schedule(), variance, l);
        int n = rows.rows();
        double[] terms = new double[n * 3];
        bound.terms(m.denoiser(theta), rows.values(), n, context.random("bits_per_dim " + rows.name()), terms);
        double sum = 0;
        double sumSq = 0;
        double[] parts = new double[3];
        for (int r = 0; r < n; r++) {
            double total = terms[r * 3] + terms[r * 3 + 1] + terms[r * 3 + 2];
            sum += total;
            sumSq += total * total;
            for (int k = 0; k < 3; k++) {
                parts[k] += terms[r * 3 + k] / n;
            }
        }
        double mean = sum / n;
        double sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
        int d = m.dimension();
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("nats", mean);
        details.put("prior_nats", parts[0]);
        details.put("diffusion_nats", parts[1]);
        details.put("decoder_nats", parts[2]);
        details.put("levels", (double) l);
        details.put("rows", (double) n);
        String name = rows.name();
        String suffix = name.substring(name.lastIndexOf('.') + 1);
        return new EvaluationResult("bits_per_dim_" + suffix, "bits_per_dim on " + name,
                VariationalBound.bitsPerDimension(mean, d), VariationalBound.bitsPerDimension(sd / Math.sqrt(n), d),
                "negative variational bound (Ho et al. 2020, eq. 5) over all " + m.schedule().steps()
                        + " steps, discretized decoder on " + l + " levels, " + (variance == Ddpm.Variance.BETA
                                ? "reverse variance beta" : "reverse variance posterior") + ", " + n + " rows",
                details);
    }

    /** The number of evenly spaced levels of [-1, 1] the data's values sit on. */
    static int levelsOf(Dataset rows) {
        TreeSet<Double> values = new TreeSet<>();
        for (double v : rows.values()) {
            values.add(v);
            if (values.size() > 4096) {
                break;
            }
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException(rows.name() + " has no rows to measure");
        }
        double min = values.first();
        double max = values.last();
        if (values.size() < 2 || min < -1 - 1e-9 || max > 1 + 1e-9) {
            throw new IllegalArgumentException("bits_per_dim measures image data on [-1, 1], two levels or more (for"
                    + " two levels: `scale 1/16 binarize 0.5 spins` maps 0..16 digits to -1 and 1); " + rows.name()
                    + " holds values from " + min + " to " + max);
        }
        // The finest spacing between values gives the grid; the extremes must be -1 and 1.
        double step = Double.MAX_VALUE;
        Double previous = null;
        for (double v : values) {
            if (previous != null) {
                step = Math.min(step, v - previous);
            }
            previous = v;
        }
        long l = Math.round(2 / step) + 1;
        if (l > 65536) {
            throw new IllegalArgumentException(rows.name() + " does not look like discrete image data (values closer than "
                    + step + "); give the number of levels: `bits_per_dim(levels 256) on ...`");
        }
        return (int) l;
    }

    private static void check(Dataset rows, int levels) {
        double half = 1.0 / (levels - 1);
        for (double v : rows.values()) {
            double k = (v + 1) / (2 * half);
            if (v < -1 - 1e-9 || v > 1 + 1e-9 || Math.abs(k - Math.rint(k)) > 1e-6) {
                throw new IllegalArgumentException(rows.name() + " has the value " + v + ", which is not one of " + levels
                        + " evenly spaced levels from -1 to 1: scale the data to [-1, 1] or set `levels`");
            }
        }
    }

    /** Settings of {@code bits_per_dim}. */
    public static final class Builder {
        private DatasetDefinition data;
        private String part;
        private int levels;

        private Builder() {
        }

        /** The data: a dataset and a part of its split (null for all rows). */
        public Builder data(DatasetDefinition dataset, String partName) {
            this.data = dataset;
            this.part = partName;
            return this;
        }

        /** Levels per coordinate, evenly spaced from -1 to 1; 0 (the default) reads them off the data. */
        public Builder levels(int v) {
            this.levels = v;
            return this;
        }

        public BitsPerDimMetric build() {
            if (data == null) {
                throw new IllegalArgumentException("bits_per_dim measures the model on data: write `on Data.part`");
            }
            if (levels == 1 || levels < 0) {
                throw new IllegalArgumentException("levels must be 0 (read off the data) or at least 2, not " + levels);
            }
            return new BitsPerDimMetric(this);
        }
    }
}
