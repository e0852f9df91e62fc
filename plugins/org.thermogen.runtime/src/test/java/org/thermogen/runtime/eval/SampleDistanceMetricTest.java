package org.thermogen.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.GaussianSource;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.GaussianModel;

class SampleDistanceMetricTest {

    private static Dataset moons(int n, long seed) {
        return MoonsSource.builder().n(n).noise(0.05).seed(seed).build().read(Path.of(""), "Moons.test");
    }

    /**
     * The yardstick compares like with like. 2000 test moons (noise 0.05) give halves of 500.
     * A model that draws fresh moons scores the data halves' figure within 2 standard errors of
     * the difference. Moons blurred by noise 0.1 (visibly thicker arcs) score above it by more
     * than 2.5 by MMD at the local scale (about 3.3 for these seeds; at the median heuristic's
     * scale they score as well as the data); the energy distance, a coarse measure, sees a blur of
     * 0.3 (more than 2.5 errors) but not one of 0.1.
     */
    @Test
    void aBlurredModelScoresAboveTheDataHalves() {
        Dataset data = moons(2000, 1);
        SampleDistanceMetric.Halves halves = SampleDistanceMetric.Halves.of(data, 500, new SplittableRandom(2));
        assertEquals(500, halves.size());
        Dataset fresh = moons(500, 3);
        for (SampleDistanceMetric.Kind kind : SampleDistanceMetric.Kind.values()) {
            double blur = kind == SampleDistanceMetric.Kind.MMD ? 0.1 : 0.3;
            double[] blurred = fresh.values().clone();
            SplittableRandom noise = new SplittableRandom(4);
            for (int i = 0; i < blurred.length; i++) {
                blurred[i] += blur * noise.nextGaussian();
            }
            EvaluationResult perfect = SampleDistanceMetric.figure(kind,
                    new Samples(500, 2, fresh.values(), "fresh", Map.of()), halves, data.name());
            EvaluationResult blurry = SampleDistanceMetric.figure(kind,
                    new Samples(500, 2, blurred, "blurred", Map.of()), halves, data.name());
            double yardstick = perfect.details().get("data_halves");
            assertEquals(yardstick, blurry.details().get("data_halves"), 0.0);
            double excess = perfect.details().get("above_data_halves");
            assertEquals(perfect.value() - yardstick, excess, 1e-15);
            assertTrue(Math.abs(excess) < 2 * perfect.details().get("above_data_halves_standard_error"),
                    kind + ": a perfect model " + perfect.value() + " vs the halves " + yardstick);
            double z = blurry.details().get("above_data_halves") / blurry.details().get("above_data_halves_standard_error");
            assertTrue(z > 2.5, kind + ": a model blurred by " + blur + " is " + z + " errors above the halves");
            assertEquals(500.0, blurry.details().get("samples"));
            assertEquals(2000.0, blurry.details().get("rows"));
        }
    }

    /** Halves are disjoint rows of the data, at most half of them each, in an order the stream fixes. */
    @Test
    void halvesAreDisjointRows() {
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            v[i] = i;
        }
        Dataset nine = new Dataset("Nine", 9, 1, v, null);
        SampleDistanceMetric.Halves h = SampleDistanceMetric.Halves.of(nine, 1000, new SplittableRandom(5));
        assertEquals(4, h.size());
        java.util.Set<Double> seen = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            assertTrue(seen.add(h.first()[i]));
            assertTrue(seen.add(h.second()[i]));
        }
        SampleDistanceMetric.Halves again = SampleDistanceMetric.Halves.of(nine, 1000, new SplittableRandom(5));
        assertEquals(java.util.Arrays.toString(h.first()), java.util.Arrays.toString(again.first()));
        assertEquals(2, SampleDistanceMetric.Halves.of(nine, 2, new SplittableRandom(5)).size());
    }

    /**
     * Without a declared sampler a Gaussian is drawn exactly (closed form): against data of
     * N((1, 0), I) the model N((1, 0), I) scores the halves' figure within 3 standard errors
     * and N((0, 0), I) above it: by more than 5 errors for the energy distance and for MMD at the
     * median heuristic's bandwidth, by more than 2 at the local scale (2.9 here: the local kernel is
     * slow to see a whole shifted).
     */
    @Test
    void aGaussianWithoutASamplerIsDrawnExactly() {
        DatasetDefinition data = DatasetDefinition.builder("G", "g.gen", 1)
                .source(GaussianSource.builder().n(1200).mean(new double[] {1, 0})
                        .cov(new double[][] {{1, 0}, {0, 1}}).seed(8).build())
                .split(1, "train", 0.5, "test", 0.5).build();
        GaussianModel model = new GaussianModel(2);
        double[] right = {1, 0, 1, 0, 0, 1};
        double[] wrong = {0, 0, 1, 0, 0, 1};
        for (SampleDistanceMetric.Kind kind : SampleDistanceMetric.Kind.values()) {
            SampleDistanceMetric metric = SampleDistanceMetric.builder().kind(kind).data(data, "test").build();
            try (RunContext context = RunContext.withSeed(3)) {
                EvaluationResult good = metric.evaluate(model, right, List.of(), context);
                EvaluationResult bad = metric.evaluate(model, wrong, List.of(), context);
                assertTrue(good.method().contains("exact (closed form)"), good.method());
                double z = good.details().get("above_data_halves") / good.details().get("above_data_halves_standard_error");
                assertTrue(Math.abs(z) < 3, kind + " right: " + z);
                z = bad.details().get("above_data_halves") / bad.details().get("above_data_halves_standard_error");
                assertTrue(z > (kind == SampleDistanceMetric.Kind.MMD ? 2 : 5), kind + " wrong: " + z);
                if (kind == SampleDistanceMetric.Kind.MMD) {
                    z = bad.details().get("at_median_bandwidth_above_data_halves")
                            / bad.details().get("at_median_bandwidth_above_data_halves_standard_error");
                    assertTrue(z > 5, "at the median bandwidth: " + z);
                }
                assertEquals(300.0, good.details().get("samples"));
            }
        }
    }

    /** Models that cannot be sampled exactly and declare no sampler are refused with what to add. */
    @Test
    void refusesWhatItCannotSample() {
        SampleDistanceMetric metric = SampleDistanceMetric.builder()
                .data(DatasetDefinition.builder("D", "d.gen", 1)
                        .source(MoonsSource.builder().n(10).build()).build(), null)
                .build();
        ModelOutline well = new ModelOutline("Well", Structure.Generic.class, "energy", 1, 0, Set.of(Domain.REAL),
                Set.of());
        assertEquals(Optional.of("mmd compares the model's samples with data, and Well cannot be sampled exactly: add"
                + " `sample with langevin(step 0.01, adjusted)` to Well"), metric.refusal(well, List.of()));
        ModelOutline spins = new ModelOutline("Glass", PairwiseStructure.class, "pairwise energy", 30, 0,
                Set.of(Domain.SPIN), Set.of());
        assertEquals(Optional.of("mmd compares the model's samples with data, and Glass cannot be sampled exactly: add"
                + " `sample with gibbs(chains 8, sweeps 1000)` to Glass"), metric.refusal(spins, List.of()));
        ModelOutline small = new ModelOutline("Small", PairwiseStructure.class, "pairwise energy", 12, 0,
                Set.of(Domain.SPIN), Set.of());
        assertEquals(Optional.empty(), metric.refusal(small, List.of()));
        assertEquals(Optional.of("mmd compares the model with two halves of the data, of at least 2 rows each; D.test"
                + " has 3: give it at least 4 rows"), metric.dataRefusal(new Dataset("D.test", 3, 1, new double[3], null)));
        assertThrows(IllegalArgumentException.class, () -> SampleDistanceMetric.figure(SampleDistanceMetric.Kind.MMD,
                new Samples(2, 1, new double[2], "s", Map.of()),
                SampleDistanceMetric.Halves.of(moons(10, 1), 5, new SplittableRandom(1)), "Moons.test"));
    }
}
