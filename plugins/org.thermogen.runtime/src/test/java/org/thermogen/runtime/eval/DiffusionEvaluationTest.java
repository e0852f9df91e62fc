package org.thermogen.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.diffusion.DiffusionSamples;
import org.thermogen.runtime.eval.EvaluationResult;

class DiffusionEvaluationTest {

    /**
     * Data {0, 1, 0, 2} (halves {0, 1} and {0, 2}: pooled distances 0, 1, 1, 1, 2, 2, median
     * 1, so h = 1) and samples {0, 1}: the V-statistics written out pair by pair below; the
     * halves' figures are those of SampleDistanceTest, (1 - e^-1/2) / 2 and 0.5.
     */
    @Test
    void figuresByHand() {
        Dataset data = new Dataset("Toy.test", 4, 1, new double[] {0, 1, 0, 2}, null);
        DiffusionSamples samples = new DiffusionSamples(2, 1, new double[] {0, 1}, "ddpm(variance beta)", null);
        EvaluationResult mmd = DiffusionEvaluation.mmd(samples, data);
        double[] x = {0, 1};
        double[] y = {0, 1, 0, 2};
        double kxx = 0;
        double kyy = 0;
        double kxy = 0;
        double dxx = 0;
        double dyy = 0;
        double dxy = 0;
        for (double a : x) {
            for (double b : x) {
                kxx += Math.exp(-(a - b) * (a - b) / 2) / 4;
                dxx += Math.abs(a - b) / 4;
            }
            for (double b : y) {
                kxy += Math.exp(-(a - b) * (a - b) / 2) / 8;
                dxy += Math.abs(a - b) / 8;
            }
        }
        for (double a : y) {
            for (double b : y) {
                kyy += Math.exp(-(a - b) * (a - b) / 2) / 16;
                dyy += Math.abs(a - b) / 16;
            }
        }
        assertEquals("mmd2_test", mmd.name());
        assertEquals("mmd on Toy.test", mmd.description());
        assertEquals(kxx + kyy - 2 * kxy, mmd.value(), 1e-15);
        assertEquals(1.0, mmd.details().get("bandwidth"), 0.0);
        assertEquals((1 - Math.exp(-0.5)) / 2, mmd.details().get("data_halves"), 1e-15);
        EvaluationResult energy = DiffusionEvaluation.energyDistance(samples, data);
        assertEquals("energy_distance_test", energy.name());
        assertEquals(2 * dxy - dxx - dyy, energy.value(), 1e-15);
        assertEquals(0.5, energy.details().get("data_halves"), 1e-15);
    }

    @Test
    void columnsMustMatch() {
        Dataset data = new Dataset("Toy", 2, 2, new double[4], null);
        DiffusionSamples samples = new DiffusionSamples(1, 1, new double[1], "ddim(steps 5, eta 0)", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusionEvaluation.mmd(samples, data));
        assertEquals("Toy has 2 columns, but the samples have 1", e.getMessage());
    }
}
