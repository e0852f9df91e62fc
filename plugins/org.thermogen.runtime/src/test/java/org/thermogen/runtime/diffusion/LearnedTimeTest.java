package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.Workspace;

/** A learned time embedding: starts as the sinusoidal one, and its gradient is the network's. */
class LearnedTimeTest {
    private static DiffusionModel model(boolean learned) {
        return DiffusionModel.builder("M", 2).precision(Precision.FLOAT64).schedule(NoiseSchedule.linear(1e-3, 0.2, 6)).timeEmbedding(4)
                .hidden(5, Activation.TANH).learnedTime(learned).build();
    }

    @Test
    void theTableStartsAsTheSinusoidalEmbeddingSoBothModelsPredictAlike() {
        DiffusionModel fixed = model(false);
        DiffusionModel learned = model(true);
        assertEquals(fixed.parameterCount() + 6 * 4, learned.parameterCount());
        double[] theta = learned.initialParameters(new SplittableRandom(4));
        double[] network = java.util.Arrays.copyOf(theta, fixed.parameterCount());
        double[] x = {0.3, -0.2, 1.0, 0.5};
        double[] a = new double[4];
        double[] b = new double[4];
        fixed.denoiser(network).predict(x, 2, new int[] {1, 6}, a);
        learned.denoiser(theta).predict(x, 2, new int[] {1, 6}, b);
        assertArrayEquals(a, b, 1e-15);
        assertTrue(learned.describe().contains("time_embedding 4 learned"), learned.describe());
    }

    /** Every parameter's derivative, the table's included, against central differences. */
    @Test
    void theGradientMatchesFiniteDifferences() {
        DiffusionModel m = model(true);
        SplittableRandom random = new SplittableRandom(9);
        double[] theta = m.initialParameters(random);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.1 * random.nextGaussian();
        }
        int rows = 3;
        double[] xt = {0.2, -0.4, 1.1, 0.3, -0.7, 0.9};
        int[] t = {2, 5, 2};
        double[] target = {0.5, -0.1, 0.2, 0.2, -0.3, 0.4};
        double scale = 2.0 / (rows * 2);
        double[] grad = new double[theta.length];
        int width = m.network().spec().inputSize();
        Workspace ws = m.network().workspace(rows);
        m.squaredErrorGradient(theta, xt, t, target, 0, rows, scale, new double[rows * width], ws, new double[rows * 2],
                new double[rows * width], grad);
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + h;
            double up = loss(m, theta, xt, t, target, rows);
            theta[i] = keep - h;
            double down = loss(m, theta, xt, t, target, rows);
            theta[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 1e-7, "parameter " + i);
        }
        // Rows of steps no row used get no gradient: steps 1, 3, 4 and 6.
        int table = m.network().end();
        for (int step : new int[] {1, 3, 4, 6}) {
            for (int k = 0; k < 4; k++) {
                assertEquals(0, grad[table + (step - 1) * 4 + k], 0, "step " + step);
            }
        }
    }

    private static double loss(DiffusionModel m, double[] theta, double[] xt, int[] t, double[] target, int rows) {
        int width = m.network().spec().inputSize();
        double sum = m.squaredErrorGradient(theta, xt, t, target, 0, rows, 0, new double[rows * width],
                m.network().workspace(rows), new double[rows * 2], new double[rows * width], new double[theta.length]);
        return sum / (rows * 2);
    }
}
