package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.ExactSampling;
import org.thermogen.runtime.mcmc.GibbsExpectation;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.StoppingRecorder;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

class MomentMatchingTest {

    private static Dataset exactSamples(PairwiseEnergy truth, int count, long seed) {
        double[] rows = ExactSampling.draw(truth, count, new SplittableRandom(seed));
        return new Dataset("samples", count, truth.size(), rows, null);
    }

    /**
     * 100 000 exact samples of a 12-spin machine. At the maximum-likelihood estimate the
     * model's moments equal the data's, which training reaches to 1e-4. The estimate itself
     * differs from the truth by sampling error: asymptotically normal with covariance
     * Fisher^-1 / N, where the Fisher information of the natural parameters is Cov(phi) at the
     * truth, computed here exactly. Every one of the 78 parameters must be within 5 of its own
     * standard errors (a 5-sigma miss has probability 6e-7 each).
     */
    @Test
    void recoversCouplingsAndFieldsAndMatchesTheDataMoments() {
        int n = 12;
        PairwiseEnergy truth = RandomMachines.random(n, Domain.SPIN, 0.3, 0.1, 31);
        truth.setConstant(0);
        Dataset data = exactSamples(truth, 100_000, 32);
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        MomentMatching trainer = MomentMatching.builder()
                .optimizer(Nesterov.builder().lr(LearningRate.auto()).build())
                .epochs(3000).tolerance(1e-5).build();
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        TrainingResult r = trainer.train(model, theta0, data, RunContext.withSeed(5));

        PairwiseEnergy learned = new PairwiseEnergy(n, Domain.SPIN);
        ((PairwiseStructure) model.structure()).form().couplings(r.theta(), learned);
        Enumeration.Moments m = Enumeration.moments(learned, null);
        double worstMoment = 0;
        double worstParameter = 0;
        for (int k = 0; k < n; k++) {
            double dataMean = 0;
            for (int i = 0; i < data.rows(); i++) {
                dataMean += data.get(i, k) / data.rows();
            }
            worstMoment = Math.max(worstMoment, Math.abs(m.mean()[k] - dataMean));
            worstParameter = Math.max(worstParameter, Math.abs(learned.bias(k) - truth.bias(k)));
            for (int l = k + 1; l < n; l++) {
                double dataPair = 0;
                for (int i = 0; i < data.rows(); i++) {
                    dataPair += data.get(i, k) * data.get(i, l) / data.rows();
                }
                worstMoment = Math.max(worstMoment, Math.abs(m.second()[k * n + l] - dataPair));
                worstParameter = Math.max(worstParameter, Math.abs(learned.pair(k, l) - truth.pair(k, l)));
            }
        }
        assertTrue(worstMoment < 1e-4, "moments differ from the data's by " + worstMoment);
        double[] se = standardErrors(truth, data.rows());
        int a = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                double err = learned.pair(k, l) - truth.pair(k, l);
                assertTrue(Math.abs(err) < 5 * se[a], "W" + k + "," + l + " off by " + err + ", standard error " + se[a]);
                a++;
            }
        }
        for (int k = 0; k < n; k++) {
            double err = learned.bias(k) - truth.bias(k);
            assertTrue(Math.abs(err) < 5 * se[a], "b" + k + " off by " + err + ", standard error " + se[a]);
            a++;
        }
        assertTrue(worstParameter < 0.05, "largest parameter error " + worstParameter);
    }

    /** sqrt(diag(Cov(phi)^-1) / count): pairs k < l in row order, then fields. */
    private static double[] standardErrors(PairwiseEnergy truth, int count) {
        int n = truth.size();
        int stats = n * (n - 1) / 2 + n;
        DMatrixRMaj fisher = new DMatrixRMaj(stats, stats);
        PairwiseEnergy unit = new PairwiseEnergy(n, truth.domain());
        PairwiseEnergy column = new PairwiseEnergy(n, truth.domain());
        for (int j = 0; j < stats; j++) {
            unit.clear();
            set(unit, j, 1.0);
            Enumeration.covarianceProduct(truth, unit, column, null);
            for (int i = 0; i < stats; i++) {
                fisher.set(i, j, get(column, i));
            }
        }
        DMatrixRMaj inverse = new DMatrixRMaj(stats, stats);
        org.ejml.dense.row.CommonOps_DDRM.invert(fisher, inverse);
        double[] se = new double[stats];
        for (int i = 0; i < stats; i++) {
            se[i] = Math.sqrt(inverse.get(i, i) / count);
        }
        return se;
    }

    private static void set(PairwiseEnergy e, int index, double v) {
        int n = e.size();
        int a = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                if (a++ == index) {
                    e.setPair(k, l, v);
                    return;
                }
            }
        }
        e.setBias(index - a, v);
    }

    private static double get(PairwiseEnergy e, int index) {
        int n = e.size();
        int a = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                if (a++ == index) {
                    return e.pair(k, l);
                }
            }
        }
        return e.bias(index - a);
    }

    @Test
    void plainGradientDescentWithTheEigenvalueStepNeverIncreasesTheObjective() {
        int n = 8;
        PairwiseEnergy truth = RandomMachines.random(n, Domain.BINARY, 1.0, 0.5, 41);
        Dataset data = exactSamples(truth, 5000, 42);
        FullyVisible model = new FullyVisible(n, Domain.BINARY);
        TrainingResult r = MomentMatching.builder().epochs(100).build()
                .train(model, model.spec().initialParameters(new SplittableRandom(1)), data, RunContext.withSeed(1));
        double[] nll = r.history().column("neg_log_likelihood");
        for (int i = 1; i < nll.length; i++) {
            assertTrue(nll[i] <= nll[i - 1] + 1e-12, "epoch " + i + ": " + nll[i - 1] + " -> " + nll[i]);
        }
        assertTrue(nll[nll.length - 1] < nll[0] - 0.1);
    }

    /**
     * The power iteration's lambda_max equals the largest eigenvalue of P A' Cov(phi) A,
     * built here explicitly from the covariance of the sufficient statistics by enumeration.
     */
    @Test
    void theStepBoundIsTheLargestEigenvalueOfTheHessian() {
        int n = 5;
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        double[] theta0 = model.parametersOf(RandomMachines.random(n, Domain.SPIN, 0.7, 0.4, 3));
        Dataset data = exactSamples(RandomMachines.random(n, Domain.SPIN, 0.2, 0.2, 4), 1000, 5);
        TrainingResult r = MomentMatching.builder().epochs(1).build().train(model, theta0, data, RunContext.withSeed(1));
        double estimated = r.summary().get("lambda_max");

        PairwiseForm form = ((PairwiseStructure) model.structure()).form();
        int params = theta0.length;
        PairwiseEnergy eta = new PairwiseEnergy(n, Domain.SPIN);
        form.couplings(theta0, eta);
        DMatrixRMaj m = new DMatrixRMaj(params, params);
        PairwiseEnergy basis = new PairwiseEnergy(n, Domain.SPIN);
        PairwiseEnergy zero = new PairwiseEnergy(n, Domain.SPIN);
        form.couplings(new double[params], zero);
        PairwiseEnergy product = new PairwiseEnergy(n, Domain.SPIN);
        for (int j = 0; j < params; j++) {
            double[] e = new double[params];
            e[j] = 1;
            form.couplings(e, basis);
            for (int k = 0; k < n; k++) {
                basis.setBias(k, basis.bias(k) - zero.bias(k));
                for (int l = k + 1; l < n; l++) {
                    basis.setPair(k, l, basis.pair(k, l) - zero.pair(k, l));
                }
            }
            Enumeration.covarianceProduct(eta, basis, product, null);
            double[] column = new double[params];
            form.addCouplingsAdjoint(theta0, product, 1.0, column);
            Constraints.project(model.spec(), column);
            for (int i = 0; i < params; i++) {
                m.set(i, j, column[i]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(params, false);
        assertTrue(eig.decompose(m));
        double largest = 0;
        for (int i = 0; i < params; i++) {
            largest = Math.max(largest, eig.getEigenvalue(i).real);
        }
        assertEquals(largest, estimated, 1e-6 * largest);
    }

    @Test
    void gibbsExpectationsTrainToTheSameModelWithinSamplingNoise() {
        int n = 6;
        PairwiseEnergy truth = RandomMachines.random(n, Domain.SPIN, 0.4, 0.2, 51);
        truth.setConstant(0);
        Dataset data = exactSamples(truth, 50_000, 52);
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        MomentMatching trainer = MomentMatching.builder()
                .expectation(GibbsExpectation.builder().chains(32).sweeps(50).burnin(20).build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.2)).build()).epochs(300).build();
        TrainingResult r = trainer.train(model, model.spec().initialParameters(new SplittableRandom(1)), data,
                RunContext.withSeed(3));
        PairwiseEnergy learned = new PairwiseEnergy(n, Domain.SPIN);
        ((PairwiseStructure) model.structure()).form().couplings(r.theta(), learned);
        // 1600 correlated samples a step leave parameter noise of a few hundredths.
        for (int k = 0; k < n; k++) {
            assertEquals(truth.bias(k), learned.bias(k), 0.1, "b" + k);
            for (int l = k + 1; l < n; l++) {
                assertEquals(truth.pair(k, l), learned.pair(k, l), 0.1, "W" + k + l);
            }
        }
    }

    /**
     * With exact expectations, a run stopped after any epoch and continued from the state it
     * reported ends with the bits of one never stopped: Nesterov's extrapolation, its restarts
     * and the warm-started eigenvector of the step size included.
     */
    @Test
    void aRunStoppedAndContinuedEndsWithTheBitsOfOneNeverStopped() {
        int n = 8;
        Dataset data = exactSamples(RandomMachines.random(n, Domain.SPIN, 0.5, 0.3, 61), 3000, 62);
        FullyVisible model = new FullyVisible(n, Domain.SPIN);
        MomentMatching trainer = MomentMatching.builder().optimizer(Nesterov.builder().lr(LearningRate.auto()).build())
                .epochs(40).build();
        assertTrue(trainer.resumable());
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        TrainingResult once;
        try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), new StoppingRecorder(-1), 2)) {
            once = trainer.train(model, theta0, data, c);
        }
        for (int stop : new int[] {1, 17, 39}) {
            StoppingRecorder first = new StoppingRecorder(stop);
            try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), first, 2)) {
                assertThrows(java.util.concurrent.CancellationException.class, () -> trainer.train(model, theta0, data, c));
            }
            TrainingResult rest;
            try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), new StoppingRecorder(-1), 2)) {
                rest = trainer.resume(model, first.last(), data, c);
            }
            assertArrayEquals(once.theta(), rest.theta(), "stopped after epoch " + stop);
            assertEquals(once.history().size(), rest.history().size());
            for (int e = 0; e < once.history().size(); e++) {
                assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), "history row " + e);
            }
        }
    }

    /**
     * Sampled in both phases, with hidden units: Gibbs chains for the free phase, each row's
     * own persistent chains for the clamped one. A run stopped after any epoch and continued
     * ends with the bits of one never stopped: every row's chains and the clamped moments are
     * in the saved state.
     */
    @Test
    void aRunWithASampledClampedPhaseContinuesWithTheSameBits() {
        FullyVisible model = new FullyVisible(4, 2, Domain.SPIN);
        Dataset data = exactSamples(RandomMachines.random(4, Domain.SPIN, 0.5, 0.3, 71), 300, 72);
        MomentMatching trainer = MomentMatching.builder()
                .expectation(GibbsExpectation.builder().chains(4).sweeps(5).burnin(5).build())
                .clamped(GibbsExpectation.builder().chains(2).sweeps(3).burnin(4).build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.05)).build()).epochs(12).build();
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        TrainingResult once;
        try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), new StoppingRecorder(-1), 2)) {
            once = trainer.train(model, theta0, data, c);
        }
        for (int stop : new int[] {1, 5, 11}) {
            StoppingRecorder first = new StoppingRecorder(stop);
            try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), first, 2)) {
                assertThrows(java.util.concurrent.CancellationException.class, () -> trainer.train(model, theta0, data, c));
            }
            TrainingResult rest;
            try (RunContext c = new RunContext(3, java.nio.file.Path.of(""), new StoppingRecorder(-1), 1)) {
                rest = trainer.resume(model, first.last(), data, c);
            }
            assertArrayEquals(once.theta(), rest.theta(), "stopped after epoch " + stop);
            for (int e = 0; e < once.history().size(); e++) {
                assertArrayEquals(once.history().rows().get(e), rest.history().rows().get(e), "history row " + e);
            }
        }
    }
}
