package org.thermogen.runtime.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Updater;

class MlpTest {
    /** Central differences with this step have truncation and rounding errors near 1e-10. */
    private static final double H = 1e-6;
    private static final double RELATIVE = 1e-6;

    @Test
    void forwardMatchesAHandComputation() {
        MlpSpec spec = MlpSpec.input(2).hidden(2, Activation.RELU).output(1, Activation.IDENTITY).build();
        Mlp net = new Mlp("N", spec, 1);
        // theta[0] belongs to someone else; W0 = [[1, -1], [2, 0.5]], b0 = [0.5, -3], W1 = [[2], [-1]], b1 = [0.25]
        double[] theta = {99, 1, -1, 2, 0.5, 0.5, -3, 2, -1, 0.25};
        assertEquals(10, net.end());
        Workspace ws = net.workspace(2);
        net.forward(theta, new double[] {1, 2, -1, 1}, 2, ws);
        // row 1: z = [1 + 4 + 0.5, -1 + 1 - 3] = [5.5, -3] -> relu [5.5, 0] -> 11 + 0.25
        assertEquals(11.25, ws.output(0, 0), 0);
        // row 2: z = [-1 + 2 + 0.5, 1 + 0.5 - 3] = [1.5, -1.5] -> [1.5, 0] -> 3 + 0.25
        assertEquals(3.25, ws.output(1, 0), 0);
    }

    @Test
    void parametersAreNamedAndLaidOutLayerByLayer() {
        MlpSpec spec = MlpSpec.input(3).hidden(4, Activation.TANH).head("mu", 2).head("logvar", 2).build();
        assertEquals("mlp(3 -> 4 tanh -> [mu 2, logvar 2])", spec.describe());
        Mlp enc = new Mlp("Enc", spec, 5);
        ModelSpec model = enc.declare(ModelSpec.builder("M").param("a", Shape.of(5), org.thermogen.runtime.model.Init.zeros(), false),
                Initialization.DEFAULT).build();
        enc.checkLayout(model);
        assertEquals(5, model.param("Enc.0.W").orElseThrow().offset());
        assertEquals(Shape.of(3, 4), model.param("Enc.0.W").orElseThrow().shape());
        assertEquals(5 + 12, model.param("Enc.0.b").orElseThrow().offset());
        assertEquals(5 + 16, model.param("Enc.1.W").orElseThrow().offset());
        assertEquals(5 + 16 + 16, model.param("Enc.1.b").orElseThrow().offset());
        assertEquals(5 + 16 + 16 + 4, enc.end());
        assertEquals(enc.end(), model.paramSize());
        assertEquals(2, spec.head("logvar").start());
        Mlp shifted = new Mlp("Enc", spec, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shifted.checkLayout(model));
        assertTrue(e.getMessage().contains("Enc.0.W"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void gradientsEqualCentralDifferencesForEveryActivation(Activation act) {
        MlpSpec spec = MlpSpec.input(4).hidden(5, act).hidden(3, act).output(2, act).build();
        checkGradients(spec, 11);
    }

    @Test
    void gradientsEqualCentralDifferencesWithHeads() {
        MlpSpec spec = MlpSpec.input(3).hidden(6, Activation.SILU).head("mu", 2)
                .head("scale", 2, Activation.SOFTPLUS).head("p", 3, Activation.SIGMOID).build();
        checkGradients(spec, 12);
    }

    /**
     * Loss {@code sum_rc g_rc out_rc} with random {@code g}, so dLoss/dOut = g; every parameter's
     * and every input's derivative is checked against central differences.
     */
    private static void checkGradients(MlpSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Mlp net = new Mlp("N", spec, 3, Precision.FLOAT64);
        double[] theta = new double[net.end() + 2];
        net.initialize(theta, random);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.3 * random.nextGaussian(); // nonzero biases, so that their gradients are exercised
        }
        int rows = 4;
        double[] x = new double[rows * spec.inputSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        double[] g = new double[rows * spec.outputSize()];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
        }
        Workspace ws = net.workspace(rows);
        double[] grad = new double[theta.length];
        double[] dx = new double[x.length];
        net.forward(theta, x, rows, ws);
        net.backward(theta, g, rows, ws, grad, dx);
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + H;
            double up = loss(net, theta, x, rows, g, ws);
            theta[i] = keep - H;
            double down = loss(net, theta, x, rows, g, ws);
            theta[i] = keep;
            assertClose((up - down) / (2 * H), grad[i], "dLoss/dtheta[" + i + "] of " + spec);
        }
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + H;
            double up = loss(net, theta, x, rows, g, ws);
            x[i] = keep - H;
            double down = loss(net, theta, x, rows, g, ws);
            x[i] = keep;
            assertClose((up - down) / (2 * H), dx[i], "dLoss/dx[" + i + "] of " + spec);
        }
    }

    private static double loss(Mlp net, double[] theta, double[] x, int rows, double[] g, Workspace ws) {
        net.forward(theta, x, rows, ws);
        double s = 0;
        for (int i = 0; i < rows * net.spec().outputSize(); i++) {
            s += g[i] * ws.output()[i];
        }
        return s;
    }

    static void assertClose(double expected, double actual, String what) {
        double tol = RELATIVE * Math.max(Math.abs(expected), 1e-3);
        assertEquals(expected, actual, tol, what);
    }

    @Test
    void backwardAccumulatesAndLeavesOtherParametersAlone() {
        MlpSpec spec = MlpSpec.input(2).hidden(3, Activation.TANH).output(1, Activation.IDENTITY).build();
        Mlp net = new Mlp("N", spec, 2);
        double[] theta = new double[net.end() + 1];
        net.initialize(theta, new SplittableRandom(3));
        Workspace ws = net.workspace(1);
        double[] grad = new double[theta.length];
        net.forward(theta, new double[] {0.5, -0.25}, 1, ws);
        net.backward(theta, new double[] {1}, 1, ws, grad, null);
        double[] once = grad.clone();
        net.backward(theta, new double[] {1}, 1, ws, grad, null);
        for (int i = 0; i < grad.length; i++) {
            assertEquals(2 * once[i], grad[i], 1e-15);
        }
        assertEquals(0, grad[0]);
        assertEquals(0, grad[1]);
        assertEquals(0, grad[theta.length - 1]);
    }

    /**
     * The float32 pass computes what the float64 one does, to float32 rounding: outputs,
     * parameter gradients and input gradients, for every activation, on a batch that has a
     * block of four rows and a remainder, through a wide layer (more than a SIMD vector) and
     * a narrow one.
     */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void float32AgreesWithFloat64ToFloat32Rounding(Activation act) {
        MlpSpec spec = MlpSpec.input(7).hidden(37, act).hidden(5, act).head("mu", 3).head("s", 2, act).build();
        Mlp exact = new Mlp("N", spec, 2, Precision.FLOAT64);
        Mlp single = new Mlp("N", spec, 2, Precision.FLOAT32);
        SplittableRandom random = new SplittableRandom(21);
        double[] theta = new double[exact.end() + 1];
        exact.initialize(theta, random);
        int rows = 6;
        double[] x = new double[rows * 7];
        double[] g = new double[rows * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextGaussian();
        }
        Workspace we = exact.workspace(rows);
        Workspace ws = single.workspace(rows);
        exact.forward(theta, x, rows, we);
        single.forward(theta, x, rows, ws);
        double[] ge = new double[theta.length];
        double[] gs = new double[theta.length];
        double[] dxe = new double[x.length];
        double[] dxs = new double[x.length];
        exact.backward(theta, g, rows, we, ge, dxe);
        single.backward(theta, g, rows, ws, gs, dxs);
        assertNear(we.output(), ws.output(), rows * 5, "output");
        assertNear(ge, gs, ge.length, "dLoss/dtheta");
        assertNear(dxe, dxs, dxs.length, "dLoss/dx");
        assertEquals(0.0, gs[0], "parameters outside the network are left alone");
        assertEquals(0.0, gs[theta.length - 1]);
    }

    /** Within float32 rounding of a sum of about 40 terms, relative to the largest value. */
    private static void assertNear(double[] expected, double[] actual, int n, String what) {
        double scale = 0;
        for (int i = 0; i < n; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * scale, what + "[" + i + "]");
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aRowsOutputDoesNotDependOnItsBatch(Precision precision) {
        MlpSpec spec = MlpSpec.input(5).hidden(8, Activation.RELU).hidden(8, Activation.SILU).head("a", 2)
                .head("b", 1, Activation.SIGMOID).build();
        Mlp net = new Mlp("N", spec, 0, precision);
        double[] theta = new double[net.end()];
        SplittableRandom random = new SplittableRandom(4);
        net.initialize(theta, random);
        double[] x = new double[7 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        Workspace big = net.workspace(7);
        net.forward(theta, x, 7, big);
        double[] g = new double[7 * 3];
        java.util.Arrays.fill(g, 1.0);
        double[] gradBig = new double[theta.length];
        double[] dxBig = new double[x.length];
        net.backward(theta, g, 7, big, gradBig, dxBig);
        Workspace one = net.workspace(1);
        double[] gradSum = new double[theta.length];
        for (int r = 0; r < 7; r++) {
            double[] row = java.util.Arrays.copyOfRange(x, r * 5, r * 5 + 5);
            net.forward(theta, row, 1, one);
            for (int c = 0; c < 3; c++) {
                assertEquals(big.output(r, c), one.output(0, c), 0.0, "row " + r + " column " + c);
            }
            double[] dx = new double[5];
            net.backward(theta, new double[] {1, 1, 1}, 1, one, gradSum, dx);
            for (int c = 0; c < 5; c++) {
                assertEquals(dxBig[r * 5 + c], dx[c], 0.0);
            }
        }
        // Summed over the batch in one pass, or added pass by pass: the same to the precision's rounding.
        double tolerance = precision == Precision.FLOAT64 ? 1e-12 : 1e-5;
        for (int i = 0; i < theta.length; i++) {
            assertEquals(gradBig[i], gradSum[i], tolerance * (1 + Math.abs(gradBig[i])));
        }
    }

    @Test
    void badSettingsAreRefusedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> MlpSpec.input(0));
        assertThrows(IllegalArgumentException.class, () -> MlpSpec.input(2).hidden(3, Activation.RELU).build());
        assertThrows(IllegalArgumentException.class,
                () -> MlpSpec.input(2).head("mu", 2).head("mu", 2));
        assertThrows(IllegalArgumentException.class,
                () -> MlpSpec.input(2).output(2, Activation.RELU).head("mu", 2));
        Mlp net = new Mlp("N", MlpSpec.input(2).output(1, Activation.IDENTITY).build(), 0);
        Workspace ws = net.workspace(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.forward(new double[3], new double[6], 3, ws));
        assertTrue(e.getMessage().contains("3 rows do not fit"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> net.forward(new double[2], new double[4], 2, ws));
        assertThrows(IllegalArgumentException.class, () -> Activation.of("gelu"));
        assertEquals(Activation.SOFTPLUS, Activation.of("softplus"));
    }

    @Test
    void adamFromTheTrainPackageFitsASmallRegression() {
        // y = sin(2 x) on [-1, 1]: a 1 -> 16 tanh -> 1 network, full batch, through Updater.
        MlpSpec spec = MlpSpec.input(1).hidden(16, Activation.TANH).output(1, Activation.IDENTITY).build();
        Mlp net = new Mlp("F", spec, 0);
        ModelSpec model = net.declare(ModelSpec.builder("F"), Initialization.DEFAULT).build();
        double[] theta = model.initialParameters(new SplittableRandom(5));
        Updater adam = Adam.builder().lr(Schedule.constant(0.02)).build().start(model);
        int n = 32;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2.0 * i / (n - 1);
            y[i] = Math.sin(2 * x[i]);
        }
        Workspace ws = net.workspace(n);
        double[] grad = new double[theta.length];
        double[] dOut = new double[n];
        double first = 0;
        double last = 0;
        for (int step = 0; step < 500; step++) {
            net.forward(theta, x, n, ws);
            double mse = 0;
            for (int i = 0; i < n; i++) {
                double r = ws.output()[i] - y[i];
                mse += r * r / n;
                dOut[i] = 2 * r / n;
            }
            if (step == 0) {
                first = mse;
            }
            last = mse;
            java.util.Arrays.fill(grad, 0);
            net.backward(theta, dOut, n, ws, grad, null);
            adam.step(theta, grad, step / 500.0);
        }
        assertTrue(first > 0.05, "start " + first);
        assertTrue(last < 1e-3, "mean squared error after 500 Adam steps " + last + " (from " + first + ")");
    }
}
