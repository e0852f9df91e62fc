package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.Workspace;

class MlpDenoiserTest {

    /**
     * 600 rows (more than the 256 a denoiser evaluates at once) give, row for row, exactly
     * what the network computes on the single input row [x, embed(t)].
     */
    @Test
    void predictsTheNetworkOnXAndTheTimeEmbedding() {
        DiffusionModel model = DiffusionModel.builder("D", 3).schedule(NoiseSchedule.linear(50)).timeEmbedding(8)
                .hidden(16, Activation.TANH).predicts(Prediction.V).build();
        assertEquals((11 * 16 + 16) + (16 * 3 + 3), model.parameterCount());
        SplittableRandom random = new SplittableRandom(2);
        double[] theta = model.initialParameters(random);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.1 * random.nextGaussian(); // non-zero biases too
        }
        int rows = 600;
        double[] x = new double[rows * 3];
        int[] t = new int[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = 1 + random.nextInt(50);
            for (int j = 0; j < 3; j++) {
                x[r * 3 + j] = random.nextGaussian();
            }
        }
        Denoiser denoiser = model.denoiser(theta);
        assertEquals(Prediction.V, denoiser.prediction());
        double[] out = new double[rows * 3];
        denoiser.predict(x, rows, t, out);
        double[] again = new double[rows * 3];
        denoiser.duplicate().predict(x, rows, t, again);
        assertArrayEquals(out, again, 0.0);
        Workspace ws = model.network().workspace(1);
        double[] row = new double[11];
        for (int r = 0; r < rows; r += 37) {
            System.arraycopy(x, r * 3, row, 0, 3);
            model.timeEmbedding().embed(t[r], row, 3);
            model.network().forward(theta, row, 1, ws);
            for (int j = 0; j < 3; j++) {
                assertEquals(ws.output(0, j), out[r * 3 + j], 0.0, "row " + r);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.denoiser(new double[3]));
        assertEquals("D has 243 parameters, not 3", e.getMessage());
    }
}
