package org.thermogen.runtime.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.diffusion.DiffusionSamples;

/**
 * Figures for {@code evaluate mmd on X} and {@code evaluate energy_distance on X}: how far
 * a diffusion model's samples lie from a dataset, as {@link EvaluationResult}s for
 * {@code eval.json} and the report. A diffusion model has no tractable likelihood, so it
 * is judged by sample distances ({@link SampleDistance}). Both are reported with the same
 * figure between the first and second halves of the data (the {@code "data_halves"}
 * detail) as a yardstick: for equal distributions the biased MMD^2 of sets of {@code m} and
 * {@code n} points is about {@code c (1/m + 1/n)}, so a perfect model whose sample count
 * equals the data's row count scores about half of {@code data_halves} against all rows.
 */
public final class DiffusionEvaluation {
    private DiffusionEvaluation() {
    }

    /**
     * The biased MMD^2 (V-statistic, never negative) between the samples and the rows of
     * {@code data}, with an RBF kernel whose bandwidth is the median heuristic on the data's
     * two halves; details: {@code bandwidth}, {@code data_halves}, {@code samples},
     * {@code rows}.
     *
     * @throws IllegalArgumentException if the data has fewer than 2 rows or other columns
     */
    public static EvaluationResult mmd(DiffusionSamples samples, Dataset data) {
        int half = check(samples, data);
        int d = data.columns();
        double[] first = java.util.Arrays.copyOfRange(data.values(), 0, half * d);
        double[] second = java.util.Arrays.copyOfRange(data.values(), half * d, data.rows() * d);
        int rest = data.rows() - half;
        double h = SampleDistance.medianBandwidth(first, half, second, rest, d);
        double value = SampleDistance.mmd2Biased(samples.values(), samples.count(), data.values(), data.rows(), d, h);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("bandwidth", h);
        details.put("data_halves", SampleDistance.mmd2Biased(first, half, second, rest, d, h));
        details.put("samples", (double) samples.count());
        details.put("rows", (double) data.rows());
        return new EvaluationResult("mmd2_" + suffix(data), "mmd on " + data.name(), value, 0,
                "biased MMD^2, RBF kernel, median-heuristic bandwidth, " + samples.count() + " samples from "
                        + samples.sampler() + " against " + data.rows() + " rows",
                details);
    }

    /** The energy distance (V-statistic) between the samples and the rows of {@code data}. */
    public static EvaluationResult energyDistance(DiffusionSamples samples, Dataset data) {
        int half = check(samples, data);
        int d = data.columns();
        double[] first = java.util.Arrays.copyOfRange(data.values(), 0, half * d);
        double[] second = java.util.Arrays.copyOfRange(data.values(), half * d, data.rows() * d);
        double value = SampleDistance.energyDistance(samples.values(), samples.count(), data.values(), data.rows(), d);
        Map<String, Double> details = new LinkedHashMap<>();
        details.put("data_halves", SampleDistance.energyDistance(first, half, second, data.rows() - half, d));
        details.put("samples", (double) samples.count());
        details.put("rows", (double) data.rows());
        return new EvaluationResult("energy_distance_" + suffix(data), "energy_distance on " + data.name(), value, 0,
                "energy distance (V-statistic), " + samples.count() + " samples from " + samples.sampler()
                        + " against " + data.rows() + " rows",
                details);
    }

    private static int check(DiffusionSamples samples, Dataset data) {
        if (data.columns() != samples.dimension()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, but the samples have "
                    + samples.dimension());
        }
        if (data.rows() < 2 || samples.count() < 1) {
            throw new IllegalArgumentException("comparing samples with " + data.name() + " needs at least 1 sample and"
                    + " 2 rows; got " + samples.count() + " and " + data.rows());
        }
        return data.rows() / 2;
    }

    /** {@code Moons.test} gives {@code test}, as the other evaluations name their keys. */
    private static String suffix(Dataset data) {
        String name = data.name();
        int dot = name.lastIndexOf('.');
        return dot >= 0 ? name.substring(dot + 1) : name;
    }
}
