package org.thermogen.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitializationTest {
    private static final int FAN_IN = 400;
    private static final int FAN_OUT = 300;
    private static final int N = FAN_IN * FAN_OUT;

    /**
     * The sample variance of n draws has relative standard error sd(w^2)/var/sqrt(n): 0.894/sqrt(n)
     * for a uniform law and sqrt(2)/sqrt(n) for a normal law (0.0026 and 0.0041 here); we allow
     * five standard errors, and five for the mean.
     */
    private static void checkMoments(Initialization init, Activation act, double variance, double relativeSe) {
        Mlp net = new Mlp("L", MlpSpec.input(FAN_IN).output(FAN_OUT, act).build(), 0);
        double[] theta = new double[net.end()];
        java.util.Arrays.fill(theta, 7.0);
        net.initialize(theta, new SplittableRandom(21), init);
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < N; i++) {
            sum += theta[i];
            sq += theta[i] * theta[i];
        }
        double mean = sum / N;
        double var = sq / N;
        assertEquals(0, mean, 5 * Math.sqrt(variance / N), init + " mean");
        assertEquals(variance, var, 5 * relativeSe * variance, init + " variance");
        for (int i = N; i < theta.length; i++) {
            assertEquals(0, theta[i], 0.0, "biases start at zero");
        }
    }

    @Test
    void xavierUniformHasVarianceTwoOverFanSumAndItsBound() {
        checkMoments(Initialization.XAVIER_UNIFORM, Activation.TANH, 2.0 / (FAN_IN + FAN_OUT), 0.894 / Math.sqrt(N));
        Mlp net = new Mlp("L", MlpSpec.input(FAN_IN).output(FAN_OUT, Activation.TANH).build(), 0);
        double[] theta = new double[net.end()];
        net.initialize(theta, new SplittableRandom(2), Initialization.XAVIER_UNIFORM);
        double limit = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        double max = 0;
        for (int i = 0; i < N; i++) {
            max = Math.max(max, Math.abs(theta[i]));
        }
        assertTrue(max <= limit && max > 0.999 * limit, "max |w| " + max + " against the bound " + limit);
    }

    @Test
    void xavierNormalHasVarianceTwoOverFanSum() {
        checkMoments(Initialization.XAVIER_NORMAL, Activation.TANH, 2.0 / (FAN_IN + FAN_OUT), Math.sqrt(2.0 / N));
    }

    @Test
    void heHasVarianceTwoOverFanIn() {
        checkMoments(Initialization.HE_NORMAL, Activation.TANH, 2.0 / FAN_IN, Math.sqrt(2.0 / N));
        checkMoments(Initialization.HE_UNIFORM, Activation.TANH, 2.0 / FAN_IN, 0.894 / Math.sqrt(N));
    }

    @Test
    void defaultIsHeBeforeReluAndSiluAndXavierOtherwise() {
        checkMoments(Initialization.DEFAULT, Activation.RELU, 2.0 / FAN_IN, Math.sqrt(2.0 / N));
        checkMoments(Initialization.DEFAULT, Activation.SILU, 2.0 / FAN_IN, Math.sqrt(2.0 / N));
        checkMoments(Initialization.DEFAULT, Activation.SIGMOID, 2.0 / (FAN_IN + FAN_OUT), 0.894 / Math.sqrt(N));
    }
}
