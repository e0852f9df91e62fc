package org.thermogen.runtime.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * {@code evaluate overlap}: the overlap distribution {@code P(q)} of a spin model, the order
 * parameter of spin glasses. Independent chains of the model's Gibbs sampler are replicas of
 * the system; at every recorded sweep each pair of chains {@code a, b} gives
 * {@code q = (1/N) sum_i s_i^a s_i^b} over the {@code N} observed units (binary units read
 * as {@code 2s - 1}). The result's series is {@code P(q)} over the values {@code q} can take,
 * its value {@code <q^2>}; standard errors from {@value org.thermogen.runtime.mcmc.ParallelTempering#BATCHES}
 * batch means of consecutive sweeps. A paramagnet gives {@code P(q)} binomial around 0
 * ({@code <q^2> = 1/N} at infinite temperature), a ferromagnet two peaks at {@code +-m^2}, a
 * spin glass weight between them.
 */
public final class Overlap implements Evaluation {
    private Overlap() {
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "overlap";
    }

    @Override
    public Optional<String> refusal(ModelOutline model, List<Sampler> declared) {
        if (!model.discrete()) {
            return Optional.of("overlap compares replicas of binary or spin units; " + model.name() + " has real units");
        }
        if (declared.isEmpty() || !(declared.get(0) instanceof GibbsSampler g) || g.chains() < 2) {
            return Optional.of("overlap compares independent replicas: give " + model.name() + " a first sampler with"
                    + " several chains, `sample with gibbs(chains 8, sweeps 1000)`");
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
        GibbsSampler sampler = (GibbsSampler) declared.get(0);
        int count = sampler.defaultCount();
        Samples samples = SampleRuns.draw(sampler, model, theta, count, context);
        return measure(samples, sampler.chains(), model.spec().uniformDomain().orElse(Domain.SPIN), sampler.describe());
    }

    /**
     * {@code P(q)} and {@code <q^2>} of samples laid out chain after chain
     * ({@link Samples#perChain}), draw {@code t} of every chain taken as simultaneous.
     */
    static EvaluationResult measure(Samples samples, int chains, Domain domain, String sampler) {
        int d = samples.dimension();
        int[] counts = Samples.perChain(samples.count(), chains);
        int[] start = new int[chains];
        int draws = Integer.MAX_VALUE;
        for (int c = 0; c < chains; c++) {
            start[c] = c == 0 ? 0 : start[c - 1] + counts[c - 1];
            draws = Math.min(draws, counts[c]);
        }
        int batches = Math.min(org.thermogen.runtime.mcmc.ParallelTempering.BATCHES, draws);
        // The values q takes: -1, -1 + 2/d, ..., 1 (index = (sum of products + d) / 2).
        double[][] histogram = new double[batches][d + 1];
        double[] q2 = new double[batches];
        double[] inBatch = new double[batches];
        double low = domain == Domain.SPIN ? -1 : 0;
        for (int t = 0; t < draws; t++) {
            int b = (int) ((long) t * batches / draws);
            for (int a = 0; a < chains; a++) {
                for (int c = a + 1; c < chains; c++) {
                    int sum = 0;
                    for (int u = 0; u < d; u++) {
                        boolean x = samples.get(start[a] + t, u) != low;
                        boolean y = samples.get(start[c] + t, u) != low;
                        sum += x == y ? 1 : -1;
                    }
                    histogram[b][(sum + d) / 2]++;
                    double q = (double) sum / d;
                    q2[b] += q * q;
                    inBatch[b]++;
                }
            }
        }
        double[] meanAndError = batchMeans(q2, inBatch);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<Double> ses = new ArrayList<>();
        double meanAbs = 0;
        for (int k = 0; k <= d; k++) {
            double[] column = new double[batches];
            for (int b = 0; b < batches; b++) {
                column[b] = histogram[b][k];
            }
            double[] p = batchMeans(column, inBatch);
            double q = (2.0 * k - d) / d;
            xs.add(q);
            ys.add(p[0]);
            ses.add(p[1]);
            meanAbs += Math.abs(q) * p[0];
        }
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("mean_abs_q", meanAbs);
        details.put("chains", (double) chains);
        details.put("pairs", chains * (chains - 1) / 2.0);
        details.put("draws_per_chain", (double) draws);
        details.put("batches", (double) batches);
        return new EvaluationResult("overlap", "overlap", meanAndError[0], meanAndError[1],
                "<q^2> over " + chains * (chains - 1) / 2 + " pairs of chains of " + sampler + ", " + draws
                        + " draws each; standard errors from " + batches + " batch means of consecutive draws",
                details, new EvaluationResult.Series("overlap q", "P(q)", xs, ys, ses));
    }

    /** The ratio of sums over batches, and its standard error from the batches' own ratios. */
    private static double[] batchMeans(double[] sums, double[] weights) {
        double total = 0;
        double weight = 0;
        for (int b = 0; b < sums.length; b++) {
            total += sums[b];
            weight += weights[b];
        }
        double mean = total / weight;
        int batches = sums.length;
        if (batches < 2) {
            return new double[] {mean, Double.NaN};
        }
        double sq = 0;
        for (int b = 0; b < batches; b++) {
            double r = sums[b] / weights[b] - mean;
            sq += r * r;
        }
        return new double[] {mean, Math.sqrt(sq / (batches - 1) / batches)};
    }

    /** {@code overlap} has no settings. */
    public static final class Builder {
        private Builder() {
        }

        public Overlap build() {
            return new Overlap();
        }
    }
}
