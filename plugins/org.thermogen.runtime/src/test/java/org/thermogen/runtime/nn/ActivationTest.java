package org.thermogen.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationTest {

    @ParameterizedTest
    @EnumSource(Activation.class)
    void derivativeEqualsCentralDifferences(Activation act) {
        double h = 1e-6;
        for (double x : new double[] {-30, -3.2, -0.7, 0.3, 1.9, 25}) {
            double fd = (act.value(x + h) - act.value(x - h)) / (2 * h);
            double d = act.derivative(x, act.value(x));
            assertEquals(fd, d, 1e-6 * Math.max(Math.abs(fd), 1e-3), act + " at " + x);
        }
    }

    @Test
    void valuesMatchClosedForms() {
        assertEquals(Math.tanh(0.4), Activation.TANH.value(0.4), 0);
        assertEquals(1 / (1 + Math.exp(-0.4)), Activation.SIGMOID.value(0.4), 1e-16);
        assertEquals(Math.log(1 + Math.exp(0.4)), Activation.SOFTPLUS.value(0.4), 1e-15);
        assertEquals(0.4 / (1 + Math.exp(-0.4)), Activation.SILU.value(0.4), 1e-16);
        assertEquals(0.0, Activation.RELU.value(-0.4), 0);
    }

    @Test
    void sigmoidAndSoftplusStayFiniteAndAccurateFarOut() {
        assertEquals(1000.0, Activation.SOFTPLUS.value(1000), 0);
        assertEquals(Math.exp(-700), Activation.SOFTPLUS.value(-700), 1e-15 * Math.exp(-700));
        assertEquals(0.0, Activation.SIGMOID.value(-1000), 0);
        assertEquals(1.0, Activation.SIGMOID.value(1000), 0);
        assertEquals(Math.exp(-700), Activation.SIGMOID.value(-700), 1e-15 * Math.exp(-700));
        assertEquals(0.0, Activation.SILU.value(-1000), 0);
        assertEquals(0.0, Activation.SIGMOID.derivative(-1000, Activation.SIGMOID.value(-1000)), 0);
    }
}
