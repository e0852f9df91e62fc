package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.exact.ExactSampling;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

class PseudoLikelihoodTest {

    private static Dataset samples(PairwiseEnergy truth, int rows, long seed) {
        return new Dataset("samples", rows, truth.size(), ExactSampling.draw(truth, rows, new SplittableRandom(seed)), null);
    }

    private static PairwiseEnergy natural(FullyVisible model, double[] theta) {
        PairwiseEnergy e = new PairwiseEnergy(model.spec().stateSize(), model.spec().uniformDomain().orElseThrow());
        ((PairwiseStructure) model.structure()).form().couplings(theta, e);
        return e;
    }

    /** {@code -sum_k log p(s_k | rest)} of one state, written out from the definition. */
    private static double negLogPseudoLikelihood(PairwiseEnergy e, double[] s) {
        double total = 0;
        for (int k = 0; k < s.length; k++) {
            double f = e.localField(k, s) - e.couplings()[k * s.length + k] * s[k];
            double up = e.domain() == Domain.SPIN ? 1.0 / (1.0 + Math.exp(-2 * f)) : 1.0 / (1.0 + Math.exp(-f));
            total -= Math.log(s[k] == 1 ? up : 1 - up);
        }
        return total;
    }

    /**
     * The blocked, parallel loss (3000 rows: three blocks) equals the definition summed row by
     * row, and its gradient equals central differences of the definition (step 1e-4: the
     * truncation error h^2 f''' / 6 is about 1e-8 and the rounding of 3000-term sums divided
     * by 2h about 1e-9, so 1e-6 is a safe bound that a wrong term would still exceed).
     */
    @Test
    void lossAndGradientAreThoseOfTheDefinition() {
        for (Domain domain : new Domain[] {Domain.SPIN, Domain.BINARY}) {
            int n = 6;
            FullyVisible model = new FullyVisible(n, domain);
            Dataset data = samples(RandomMachines.random(n, domain, 0.7, 0.4, 1), 3000, 2);
            double[] theta = model.parametersOf(RandomMachines.random(n, domain, 0.5, 0.5, 3));
            double[] grad = new double[theta.length];
            RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 2);
            double loss = PseudoLikelihoodTraining.lossAndGradient(model, theta, data, context, grad);
            context.close();
            double reference = 0;
            double[] row = new double[n];
            PairwiseEnergy e = natural(model, theta);
            for (int r = 0; r < data.rows(); r++) {
                data.row(r, row);
                reference += negLogPseudoLikelihood(e, row) / data.rows();
            }
            assertEquals(reference, loss, 1e-12);
            for (int i = 0; i < theta.length; i++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[i] += 1e-4;
                minus[i] -= 1e-4;
                double lp = 0;
                double lm = 0;
                PairwiseEnergy ep = natural(model, plus);
                PairwiseEnergy em = natural(model, minus);
                for (int r = 0; r < data.rows(); r++) {
                    data.row(r, row);
                    lp += negLogPseudoLikelihood(ep, row) / data.rows();
                    lm += negLogPseudoLikelihood(em, row) / data.rows();
                }
                assertEquals((lp - lm) / 2e-4, grad[i], 1e-6, domain + " parameter " + i);
            }
        }
    }

    /**
     * 50 000 exact samples of an 8-spin machine. The maximum pseudo-likelihood estimate is
     * asymptotically normal around the truth with the sandwich covariance
     * {@code H^-1 V H^-1 / N}, where {@code H} is the expected Hessian of the per-example loss
     * and {@code V} the covariance of its gradient at the truth (both in the natural
     * parameters, computed here exactly over the 256 states). Every one of the 36 parameters
     * must lie within 5 of its own standard errors (a 5-sigma miss has probability 6e-7
     * each); the standard errors are between 0.005 and 0.013, so an estimate off by 0.07 fails.
     */
    @Test
    void recoversASmallMachineWithinFiveStandardErrors() {
        int n = 8;
        PairwiseEnergy truth = RandomMachines.random(n, Domain.SPIN, 0.4, 0.2, 4);
        truth.setConstant(0);
        int rows = 50_000;
        Dataset data = samples(truth, rows, 5);
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        PseudoLikelihoodTraining trainer = PseudoLikelihoodTraining.builder()
                .optimizer(Nesterov.builder().lr(LearningRate.auto()).build()).epochs(2000).tolerance(1e-8).build();
        TrainingResult r = trainer.train(model, new double[model.spec().paramSize()], data, RunContext.withSeed(6));
        assertEquals(1.0, r.summary().get("converged"), r.summary().toString());
        PairwiseEnergy learned = natural(model, r.theta());
        double[] se = sandwichStandardErrors(truth, rows);
        int index = 0;
        for (int k = 0; k < n; k++) {
            double z = (learned.bias(k) - truth.bias(k)) / se[index++];
            assertTrue(Math.abs(z) < 5, "field " + k + ": " + z + " standard errors off");
        }
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                double z = (learned.pair(k, l) - truth.pair(k, l)) / se[index++];
                assertTrue(Math.abs(z) < 5, "coupling " + k + "," + l + ": " + z + " standard errors off");
            }
        }
        for (double s : se) {
            assertTrue(s < 0.014, "standard error " + s);
        }
    }

    /** Standard errors of (b_0..b_{n-1}, W_01, W_02, ...) from the exact sandwich covariance. */
    private static double[] sandwichStandardErrors(PairwiseEnergy truth, int rows) {
        int n = truth.size();
        int d = n + n * (n - 1) / 2;
        double[] p = RandomMachines.probabilities(truth);
        DMatrixRMaj h = new DMatrixRMaj(d, d);
        DMatrixRMaj v = new DMatrixRMaj(d, d);
        double[] score = new double[d];
        double[][] df = new double[n][d];
        for (int i = 0; i < p.length; i++) {
            double[] s = RandomMachines.state(i, n, Domain.SPIN);
            java.util.Arrays.fill(score, 0.0);
            for (double[] row : df) {
                java.util.Arrays.fill(row, 0.0);
            }
            // d f_k / d eta: 1 for b_k, s_l for W_kl.
            int index = n;
            for (int k = 0; k < n; k++) {
                df[k][k] = 1;
            }
            for (int k = 0; k < n; k++) {
                for (int l = k + 1; l < n; l++) {
                    df[k][index] = s[l];
                    df[l][index] = s[k];
                    index++;
                }
            }
            for (int k = 0; k < n; k++) {
                double f = truth.localField(k, s);
                double residual = s[k] - Math.tanh(f);
                double curvature = 1 - Math.tanh(f) * Math.tanh(f);
                for (int a = 0; a < d; a++) {
                    score[a] -= residual * df[k][a];
                    for (int b = 0; b < d; b++) {
                        h.add(a, b, p[i] * curvature * df[k][a] * df[k][b]);
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    v.add(a, b, p[i] * score[a] * score[b]);
                }
            }
        }
        DMatrixRMaj hInv = new DMatrixRMaj(d, d);
        assertTrue(CommonOps_DDRM.invert(h, hInv));
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(hInv, v, tmp);
        CommonOps_DDRM.mult(tmp, hInv, cov);
        double[] se = new double[d];
        for (int a = 0; a < d; a++) {
            se[a] = Math.sqrt(cov.get(a, a) / rows);
        }
        return se;
    }

    /**
     * With lr auto the loss never increases (Armijo line search); accelerated descent
     * converges in fewer epochs than plain descent has run and gives the same bits with one
     * thread or two (6000 rows: 6 pieces); a fixed-step optimizer heads to the same minimum
     * (Adam at lr 0.05 for 300 epochs: within 0.005 nats of it).
     */
    @Test
    void lineSearchIsMonotoneAndResultsDoNotDependOnThreads() {
        int n = 9;
        Lattice lattice = new Lattice(3, 3, Domain.BINARY);
        PairwiseEnergy truth = lattice.energyAt(0.8, -0.6);
        Dataset data = samples(truth, 6000, 7);
        FullyVisible model = new FullyVisible(n, Domain.BINARY);
        double[] zero = new double[model.spec().paramSize()];
        PseudoLikelihoodTraining plain = PseudoLikelihoodTraining.builder().epochs(300).build();
        TrainingResult a = plain.train(model, zero, data, RunContext.withSeed(1));
        double[] losses = a.history().column("neg_log_pseudo_likelihood");
        for (int i = 1; i < losses.length; i++) {
            // Rounding of a 54 000-term sum aside (1e-13 of it), the loss never goes up.
            assertTrue(losses[i] <= losses[i - 1] * (1 + 1e-13), "epoch " + i + ": " + losses[i - 1] + " -> " + losses[i]);
        }
        assertEquals(300, a.summary().get("epochs_run"));
        PseudoLikelihoodTraining accelerated = PseudoLikelihoodTraining.builder().optimizer(Nesterov.builder().build())
                .epochs(3000).tolerance(1e-7).build();
        TrainingResult fast = accelerated.train(model, zero, data, new RunContext(1, Path.of(""), ProgressListener.NONE, 1));
        RunContext two = new RunContext(1, Path.of(""), ProgressListener.NONE, 2);
        TrainingResult again = accelerated.train(model, zero, data, two);
        two.close();
        assertArrayEquals(fast.theta(), again.theta());
        assertEquals(1.0, fast.summary().get("converged"));
        assertTrue(fast.summary().get("epochs_run") < 300, fast.summary().toString());
        double minimum = fast.summary().get("neg_log_pseudo_likelihood");
        assertTrue(a.summary().get("neg_log_pseudo_likelihood") >= minimum);
        TrainingResult adam = PseudoLikelihoodTraining.builder()
                .optimizer(Adam.builder().lr(Schedule.constant(0.05)).build()).epochs(300).build()
                .train(model, zero, data, RunContext.withSeed(1));
        assertEquals(minimum, adam.summary().get("neg_log_pseudo_likelihood"), 0.005);
        assertEquals("pseudo_likelihood(optimizer gd(lr auto), epochs 300, tolerance 0.0)", plain.describe());
    }

    @Test
    void userErrors() {
        FullyVisible model = new FullyVisible(3, Domain.SPIN);
        Dataset binaryData = new Dataset("D", 2, 3, new double[] {0, 1, 1, 1, 0, 1}, null);
        PseudoLikelihoodTraining trainer = PseudoLikelihoodTraining.builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(model, new double[model.spec().paramSize()], binaryData, RunContext.withSeed(1)));
        assertEquals("D row 1 column 1 is 0.0; FullyVisible3 has spin units (-1 or 1)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PseudoLikelihoodTraining.builder().epochs(0).build());
        Dataset wide = new Dataset("W", 1, 4, new double[] {1, 1, 1, 1}, null);
        e = assertThrows(IllegalArgumentException.class,
                () -> trainer.train(model, new double[model.spec().paramSize()], wide, RunContext.withSeed(1)));
        assertTrue(e.getMessage().contains("4 columns"), e.getMessage());
    }
}
