package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.GaussianSource;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.TrainingResult;

class LangevinTrainingTest {

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    private static Dataset gaussian(int n, double[] mean, double[][] cov, long seed) {
        return GaussianSource.builder().n(n).mean(mean).cov(cov).seed(seed).build().read(Path.of(""), "Points");
    }

    /** {@code adam(lr from -> to)}. */
    private static Optimizer adam(double from, double to) {
        return Adam.builder().lr(Schedule.ramp(from, to)).build();
    }

    /**
     * 2000 points of N(2, 1) and E = 0.5 (x - m)^2 p: the maximum-likelihood estimate is the
     * sample mean and the inverse of the (1/N) sample variance, p near 1.
     *
     * <p>Tolerance. With MALA chains the expected gradient vanishes exactly there. Around it,
     * Adam (its second-moment estimate tracks the gradient noise variance sigma^2) acts as SGD
     * with rate lr / sigma, whose stationary variance on a quadratic of curvature h is
     * (lr / sigma) sigma^2 / (2 h) = lr sigma / (2 h). For m: h = p = 1 and
     * sigma^2 = p^2 (1/B + 1/(p C)) = 0.02 (batch B = 100 rows, C = 100 chains that decorrelate
     * within an update: 20 steps of 0.05 are one relaxation time), so the variance is 0.07 lr;
     * for p: h = 1 / (2 p^2) = 0.5 and sigma^2 = (1/4) (2/B + 2/C) / p^2 = 0.01, 0.1 lr. The
     * estimates relax over sigma / (lr h), about 300 updates at the end of the ramp, where lr
     * averages about 0.002: standard deviations 0.012 for m and 0.014 for p. Both must be within
     * 0.07 (5 of the larger). Across 12 seeds the errors spread by 0.011 (m) and 0.009 (p),
     * p low by 0.005 on average: the chains, 20 steps per update, lag the parameters slightly.
     */
    @Test
    void persistentMalaChainsReachTheMaximumLikelihoodMeanAndPrecision() {
        Dataset data = gaussian(2000, new double[] {2}, new double[][] {{1}}, 3);
        double mean = 0;
        for (double v : data.values()) {
            mean += v / data.rows();
        }
        double variance = 0;
        for (double v : data.values()) {
            variance += (v - mean) * (v - mean) / data.rows();
        }
        LangevinModels.Quadratic model = new LangevinModels.Quadratic();
        LangevinTraining trainer = LangevinTraining.builder().chains(100).steps(20).step(0.05).adjusted(true)
                .optimizer(adam(0.02, 0.0005)).epochs(100).batch(100).build();
        TrainingResult r = trainer.train(model, new double[] {0, 1}, data, context(1, 2));
        assertEquals(mean, r.theta()[0], 0.07, "m");
        assertEquals(1 / variance, r.theta()[1], 0.07, "p");

        MetricsHistory h = r.history();
        assertEquals(List.of("epoch", "energy_gap", "data_energy", "chain_energy"), h.columns());
        assertEquals(100, h.size());
        double[] gap = h.column("energy_gap");
        double[] dataEnergy = h.column("data_energy");
        double[] chainEnergy = h.column("chain_energy");
        for (int e = 0; e < h.size(); e++) {
            assertEquals(dataEnergy[e] - chainEnergy[e], gap[e], 1e-12);
        }
        // At the start the data (around 2) has energy 0.5 (1 + 4) = 2.5 under m = 0, p = 1, the
        // chains about 0.5; at the end both are near 1/2 (half a chi-square with one degree of
        // freedom), and the gap within the noise of an epoch's means (about 0.02 each).
        assertTrue(gap[0] > 0.5, "first gap " + gap[0]);
        assertEquals(0.0, gap[99], 0.1);
        assertEquals(0.5, dataEnergy[99], 0.1);
        assertEquals(0.9, r.summary().get("acceptance_rate"), 0.1);
    }

    /**
     * 3000 points of a 2-D Gaussian and E = 0.5 (x - m)' P (x - m) with P spd: training must
     * reach the sample mean and the inverse sample covariance, keep P symmetric positive
     * definite at every epoch. The tolerance follows the argument of the 1-D test: every
     * entry's noise is of the same order (P has eigenvalues 2/3 and 2), and 0.07 is five of
     * its standard deviations; across 10 seeds the errors spread by at most 0.013.
     */
    @Test
    void aPrecisionMatrixStaysPositiveDefiniteAndReachesTheInverseCovariance() {
        double[][] cov = {{1, 0.5}, {0.5, 1}};
        Dataset data = gaussian(3000, new double[] {1, -1}, cov, 4);
        double[] mean = new double[2];
        DMatrixRMaj s = new DMatrixRMaj(2, 2);
        for (int i = 0; i < data.rows(); i++) {
            mean[0] += data.get(i, 0) / data.rows();
            mean[1] += data.get(i, 1) / data.rows();
        }
        for (int i = 0; i < data.rows(); i++) {
            for (int k = 0; k < 2; k++) {
                for (int l = 0; l < 2; l++) {
                    s.add(k, l, (data.get(i, k) - mean[k]) * (data.get(i, l) - mean[l]) / data.rows());
                }
            }
        }
        DMatrixRMaj precision = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.invert(s, precision);
        LangevinModels.PrecisionQuadratic model = new LangevinModels.PrecisionQuadratic(2);
        List<double[]> snapshots = new ArrayList<>();
        RunContext listening = context(2, 2).withListener(new ProgressListener() {
            @Override
            public void snapshot(long step, double[] theta) {
                snapshots.add(theta.clone());
            }
        });
        LangevinTraining trainer = LangevinTraining.builder().chains(100).steps(20).step(0.05).adjusted(true)
                .optimizer(adam(0.02, 0.0005)).epochs(60).batch(100).build();
        double[] theta0 = model.spec().initialParameters(new java.util.SplittableRandom(0));
        TrainingResult r = trainer.train(model, theta0, data, listening);
        assertEquals(60, snapshots.size());
        for (double[] t : snapshots) {
            double a = t[2];
            double b = t[3];
            double c = t[4];
            double dd = t[5];
            assertEquals(b, c, 0.0, "P symmetric");
            assertTrue(a > 0 && a * dd - b * c > 0, "P positive definite");
        }
        assertEquals(mean[0], r.theta()[0], 0.07);
        assertEquals(mean[1], r.theta()[1], 0.07);
        for (int k = 0; k < 4; k++) {
            assertEquals(precision.data[k], r.theta()[2 + k], 0.07, "P entry " + k);
        }
    }

    /**
     * Data with variance 100 ask for p = 0.01 from p = 1, and adam(lr 0.6) takes steps of
     * about 0.6: the second would cross zero. The step is shortened to half of p instead, so p
     * stays positive at every epoch.
     */
    @Test
    void positiveParametersStayPositive() {
        Dataset data = gaussian(400, new double[] {0}, new double[][] {{100}}, 5);
        LangevinModels.Quadratic model = new LangevinModels.Quadratic();
        List<Double> ps = new ArrayList<>();
        RunContext listening = context(3, 1).withListener(new ProgressListener() {
            @Override
            public void snapshot(long step, double[] theta) {
                ps.add(theta[1]);
            }
        });
        LangevinTraining trainer = LangevinTraining.builder().chains(20).steps(5).step(0.05).adjusted(true)
                .optimizer(Adam.builder().lr(Schedule.constant(0.6)).build()).epochs(5).batch(20).build();
        TrainingResult r = trainer.train(model, new double[] {0, 1}, data, listening);
        assertEquals(5, ps.size());
        for (double p : ps) {
            assertTrue(p > 0, "p = " + p);
        }
        assertTrue(r.theta()[1] < 0.5, "p moved down, to " + r.theta()[1]);
    }

    @Test
    void resultsAreDeterministicAndIndependentOfTheThreadCount() {
        Dataset data = gaussian(250, new double[] {1}, new double[][] {{2}}, 6);
        LangevinModels.Quadratic model = new LangevinModels.Quadratic();
        for (boolean adjusted : new boolean[] {false, true}) {
            // 37 chains: more than the 16 pieces of work, and not a multiple of them.
            LangevinTraining trainer = LangevinTraining.builder().chains(37).steps(5).step(0.05).adjusted(adjusted)
                    .epochs(3).batch(60).build();
            TrainingResult one = trainer.train(model, new double[] {0, 1}, data, context(9, 1));
            TrainingResult three = trainer.train(model, new double[] {0, 1}, data, context(9, 3));
            assertArrayEquals(one.theta(), three.theta());
            for (int e = 0; e < one.history().size(); e++) {
                assertArrayEquals(one.history().rows().get(e), three.history().rows().get(e));
            }
            TrainingResult other = trainer.train(model, new double[] {0, 1}, data, context(10, 1));
            assertTrue(one.theta()[0] != other.theta()[0]);
        }
    }

    /**
     * Stopped after an epoch and continued from the state it reported, a run ends with the
     * bits of one never stopped: parameters, Adam's moments, the chains (where they stand and,
     * adjusted, how many proposals they accepted), the history.
     */
    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        Dataset data = gaussian(130, new double[] {1}, new double[][] {{2}}, 6);
        LangevinModels.Quadratic model = new LangevinModels.Quadratic();
        for (boolean adjusted : new boolean[] {false, true}) {
            LangevinTraining trainer = LangevinTraining.builder().chains(19).steps(3).step(0.05).adjusted(adjusted)
                    .epochs(5).batch(40).build();
            TrainingResult once;
            StoppingRecorder whole = new StoppingRecorder(-1);
            try (RunContext c = new RunContext(9, Path.of(""), whole, 2)) {
                once = trainer.train(model, new double[] {0, 1}, data, c);
            }
            assertEquals(5, whole.states.size());
            for (int stop : new int[] {1, 3}) {
                StoppingRecorder first = new StoppingRecorder(stop);
                try (RunContext c = new RunContext(9, Path.of(""), first, 2)) {
                    assertThrows(CancellationException.class, () -> trainer.train(model, new double[] {0, 1}, data, c));
                }
                TrainingResult rest;
                try (RunContext c = new RunContext(9, Path.of(""), ProgressListener.NONE, 1)) {
                    rest = trainer.resume(model, first.last(), data, c);
                }
                String what = "adjusted " + adjusted + ", stopped after epoch " + stop;
                assertArrayEquals(once.theta(), rest.theta(), what);
                assertEquals(once.history().size(), rest.history().size(), what);
                for (int e = 0; e < once.history().size(); e++) {
                    assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), what);
                }
                assertEquals(once.summary().get("acceptance_rate"), rest.summary().get("acceptance_rate"), what);
            }
        }
    }

    @Test
    void aTooLargeUnadjustedStepIsReportedAsDivergence() {
        // ULA with step 5 on p = 1 multiplies each chain by 1 - 5 = -4 per step: its energy x^2 / 2
        // overflows past |x| = 1e154, in about 256 steps, the 13th batch of 20 steps, in the first
        // epoch of 20 batches.
        Dataset data = gaussian(2000, new double[] {0}, new double[][] {{1}}, 7);
        LangevinTraining trainer = LangevinTraining.builder().chains(10).steps(20).step(5)
                .optimizer(Adam.builder().lr(Schedule.constant(1e-6)).build()).epochs(5).build();
        DivergenceException e = assertThrows(DivergenceException.class,
                () -> trainer.train(new LangevinModels.Quadratic(), new double[] {0, 1}, data, context(1, 1)));
        assertEquals("training diverged at epoch 1 of Quadratic: a Langevin chain reached non-finite values;"
                + " lower step (now 5.0) or lr, or add adjusted", e.getMessage());
    }

    @Test
    void settingsDescribeThemselvesAndDefaultsAreTheDocumentedOnes() {
        LangevinTraining d = LangevinTraining.builder().build();
        assertEquals("persistent_langevin(chains 100, steps 20, step 0.01, optimizer adam(lr 0.001, beta1 0.9,"
                + " beta2 0.999, epsilon 1.0E-8, weight_decay 0.0), epochs 50, batch 100)", d.describe());
        LangevinTraining t = LangevinTraining.builder().chains(10).steps(5).step(0.1).adjusted(true)
                .optimizer(Sgd.builder().lr(Schedule.constant(0.05)).build()).epochs(7).batch(32).build();
        assertEquals("persistent_langevin(chains 10, steps 5, step 0.1, adjusted, optimizer sgd(lr 0.05, momentum 0.0,"
                + " weight_decay 0.0), epochs 7, batch 32)", t.describe());
        assertEquals(t.describe().replace("epochs 7", "epochs 3"), t.withEpochs(3).describe());
        assertEquals("persistent_langevin needs chains, steps, epochs and batch of at least 1",
                assertThrows(IllegalArgumentException.class, () -> LangevinTraining.builder().batch(0).build())
                        .getMessage());
        assertEquals("persistent_langevin step must be a positive number, not 0.0",
                assertThrows(IllegalArgumentException.class, () -> LangevinTraining.builder().step(0).build())
                        .getMessage());
    }

    @Test
    void modelsItCannotTrainAreRefusedWithWhatToChange() {
        Dataset spins = new Dataset("Spins", 2, 3, new double[] {1, -1, 1, -1, 1, 1}, null);
        LangevinTraining t = LangevinTraining.builder().build();
        assertEquals("persistent_langevin needs real units, but s of FullyVisible3 is spin: train it with moment_matching",
                assertThrows(IllegalArgumentException.class,
                        () -> t.train(new FullyVisible(3, Domain.SPIN), new double[12], spins, context(1, 1)))
                        .getMessage());
        Dataset wide = new Dataset("Wide", 1, 2, new double[] {1, 2}, null);
        assertEquals("Wide has 2 columns, but Quadratic observes 1 unit",
                assertThrows(IllegalArgumentException.class,
                        () -> t.train(new LangevinModels.Quadratic(), new double[] {0, 1}, wide, context(1, 1)))
                        .getMessage());
        Dataset one = new Dataset("One", 1, 1, new double[] {1}, null);
        LangevinModels.Quadratic q = new LangevinModels.Quadratic();
        ModelSpec hiddenSpec = ModelSpec.builder("Latent")
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.scalar(), false)
                .variable("z", Role.HIDDEN, Domain.REAL, Shape.scalar(), false)
                .param("m", Shape.scalar(), Init.zeros(), false)
                .param("p", Shape.scalar(), Init.constant(1.0), false)
                .build();
        ModelDefinition latent = new EnergyModel() {
            @Override
            public ModelSpec spec() {
                return hiddenSpec;
            }

            @Override
            public double energy(double[] x, double[] theta) {
                return q.energy(x, theta);
            }

            @Override
            public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
                q.addParameterGradient(x, theta, scale, grad);
            }

            @Override
            public void stateGradient(double[] x, double[] theta, double[] gradX) {
                q.stateGradient(x, theta, gradX);
                gradX[1] = 0;
            }
        };
        assertEquals("persistent_langevin needs every unit observed; Latent has hidden units",
                assertThrows(IllegalArgumentException.class, () -> t.train(latent, new double[] {0, 1}, one,
                        context(1, 1))).getMessage());
        assertEquals("p of Quadratic is positive but starts at 0.0; give it a positive init, e.g. init 1.0",
                assertThrows(IllegalArgumentException.class,
                        () -> t.train(new LangevinModels.Quadratic(), new double[] {0, 0}, one, context(1, 1)))
                        .getMessage());
    }
}
