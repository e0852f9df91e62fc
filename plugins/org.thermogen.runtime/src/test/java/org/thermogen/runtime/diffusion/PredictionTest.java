package org.thermogen.runtime.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictionTest {

    /** x_t = a x_0 + s eps; each type's target converts back to x_0 and eps, and to every other type. */
    @Test
    void conversionsRoundTrip() {
        NoiseSchedule schedule = NoiseSchedule.cosine(100);
        SplittableRandom random = new SplittableRandom(7);
        for (int t = 1; t <= 99; t += 7) {
            double a = schedule.sqrtAlphaBar(t);
            double s = schedule.sqrtOneMinusAlphaBar(t);
            for (int k = 0; k < 20; k++) {
                double x0 = 3 * random.nextGaussian();
                double eps = random.nextGaussian();
                double xt = a * x0 + s * eps;
                for (Prediction p : Prediction.values()) {
                    double out = p.target(x0, eps, a, s);
                    assertEquals(x0, p.toX0(out, xt, a, s), 1e-9 * (1 + Math.abs(x0)) / Math.min(a, s), p + " t " + t);
                    assertEquals(eps, p.toEpsilon(out, xt, a, s), 1e-9 * (1 + Math.abs(x0)) / Math.min(a, s),
                            p + " t " + t);
                    for (Prediction q : Prediction.values()) {
                        double[] converted = new double[1];
                        p.convert(q, new double[] {out}, new double[] {xt}, 1, a, s, converted);
                        double expected = q.target(x0, eps, a, s);
                        assertEquals(expected, converted[0], 1e-9 * (1 + Math.abs(x0)) / Math.min(a, s));
                    }
                }
            }
        }
    }

    /** Hand-checked at a = 0.6, s = 0.8, x_0 = 2, eps = -1: x_t = 0.4, v = 0.6 (-1) - 0.8 (2) = -2.2. */
    @Test
    void velocityByHand() {
        assertEquals(-2.2, Prediction.V.target(2, -1, 0.6, 0.8), 1e-15);
        assertEquals(2, Prediction.V.toX0(-2.2, 0.4, 0.6, 0.8), 1e-15);
        assertEquals(-1, Prediction.V.toEpsilon(-2.2, 0.4, 0.6, 0.8), 1e-15);
        assertEquals(-1, Prediction.X0.toEpsilon(2, 0.4, 0.6, 0.8), 1e-15);
        assertEquals(2, Prediction.EPSILON.toX0(-1, 0.4, 0.6, 0.8), 1e-15);
    }

    @Test
    void genNames() {
        assertEquals(Prediction.EPSILON, Prediction.ofGenName("noise"));
        assertEquals(Prediction.V, Prediction.ofGenName("velocity"));
        assertEquals(Prediction.X0, Prediction.ofGenName("x0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Prediction.ofGenName("score"));
        assertEquals("unknown prediction type 'score'; write noise (epsilon), sample (x0) or velocity (v)",
                e.getMessage());
    }
}
