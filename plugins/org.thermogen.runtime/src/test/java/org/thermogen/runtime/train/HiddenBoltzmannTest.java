package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.LogLikelihood;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

/**
 * A Boltzmann machine with hidden units on the complete graph (notes 01 section 3): 4 visible
 * and 2 hidden spins, every pair coupled. Everything is checked against sums over all 64
 * states written out here: the exact log-likelihood and {@code ln Z}; the gradient moment
 * matching follows (clamped minus free moments) against central differences of the exact
 * negative log-likelihood; training raising the likelihood; and the EM view, a lower bound
 * that touches the likelihood at the posterior and never exceeds it.
 */
class HiddenBoltzmannTest {
    private static final int NV = 4;
    private static final int NH = 2;
    private static final int N = NV + NH;
    private static final FullyVisible MODEL = new FullyVisible(NV, NH, Domain.SPIN);

    /** 60 rows of 4 spins from a random machine on 4 units (not of the model's form). */
    private static Dataset rows() {
        var truth = RandomMachines.random(NV, Domain.SPIN, 0.8, 0.4, 3);
        double[] p = RandomMachines.probabilities(truth);
        SplittableRandom random = new SplittableRandom(5);
        double[] values = new double[60 * NV];
        for (int r = 0; r < 60; r++) {
            double u = random.nextDouble();
            int state = 0;
            for (double c = p[0]; c < u && state < p.length - 1; c += p[++state]) {
                // find the state the uniform falls on
            }
            System.arraycopy(RandomMachines.state(state, NV, Domain.SPIN), 0, values, r * NV, NV);
        }
        return new Dataset("Spins.train", 60, NV, values, null);
    }

    private static double[] theta(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] theta = new double[MODEL.spec().paramSize()];
        for (int k = 0; k < N; k++) {
            for (int l = k + 1; l < N; l++) {
                double w = 0.6 * random.nextGaussian();
                theta[k * N + l] = w;
                theta[l * N + k] = w;
            }
            theta[N * N + k] = 0.3 * random.nextGaussian();
        }
        return theta;
    }

    private static double energy(double[] theta, double[] v, int hidden) {
        double[] s = new double[N];
        System.arraycopy(v, 0, s, 0, NV);
        double[] h = RandomMachines.state(hidden, NH, Domain.SPIN);
        System.arraycopy(h, 0, s, NV, NH);
        return MODEL.energy(s, theta);
    }

    private static double logZ(double[] theta) {
        double z = 0;
        for (int i = 0; i < 1 << N; i++) {
            z += Math.exp(-MODEL.energy(RandomMachines.state(i, N, Domain.SPIN), theta));
        }
        return Math.log(z);
    }

    /** The exact mean log-likelihood, hidden states summed row by row. */
    private static double logLikelihood(double[] theta, Dataset data) {
        double logZ = logZ(theta);
        double total = 0;
        double[] v = new double[NV];
        for (int r = 0; r < data.rows(); r++) {
            data.row(r, v);
            double sum = 0;
            for (int h = 0; h < 1 << NH; h++) {
                sum += Math.exp(-energy(theta, v, h));
            }
            total += Math.log(sum) - logZ;
        }
        return total / data.rows();
    }

    /** The EM lower bound {@code mean_v sum_h q(h|v) [ -E(v,h; theta) - ln q(h|v) ] - ln Z(theta)}, q the posterior at {@code at}. */
    private static double lowerBound(double[] at, double[] theta, Dataset data) {
        double logZ = logZ(theta);
        double total = 0;
        double[] v = new double[NV];
        for (int r = 0; r < data.rows(); r++) {
            data.row(r, v);
            double[] q = new double[1 << NH];
            double norm = 0;
            for (int h = 0; h < q.length; h++) {
                q[h] = Math.exp(-energy(at, v, h));
                norm += q[h];
            }
            for (int h = 0; h < q.length; h++) {
                q[h] /= norm;
                total += q[h] * (-energy(theta, v, h) - Math.log(q[h]));
            }
        }
        return total / data.rows() - logZ;
    }

    /** A dataset of a .gen file, named {@code name}, whose source gives {@code data}. */
    private static DatasetDefinition definition(String name, Dataset data) {
        return DatasetDefinition.builder(name, "s.gen", 1).source(new org.thermogen.runtime.data.DataSource() {
            @Override
            public String describe() {
                return "rows";
            }

            @Override
            public Dataset read(Path baseDirectory, String part) {
                return data.named(part);
            }
        }).build();
    }

    private static RunContext context() {
        return new RunContext(1, Path.of(""), ProgressListener.NONE, 1);
    }

    @Test
    void exactEvaluationsSumOutTheHiddenUnits() {
        Dataset data = rows();
        double[] theta = theta(7);
        DatasetDefinition def = definition("Spins", data);
        try (RunContext context = context()) {
            EvaluationResult ll = LogLikelihood.builder().data(def, null).build().evaluate(MODEL, theta, context);
            assertEquals(logLikelihood(theta, data), ll.value(), 1e-12);
            EvaluationResult z = LogPartition.builder().build().evaluate(MODEL, theta, context);
            assertEquals(logZ(theta), z.value(), 1e-12);
            // With ln Z by annealing: the same rows' marginals, within 3 standard errors of the exact figure.
            EvaluationResult annealed = LogLikelihood.builder().method(org.thermogen.runtime.rbm.Ais.builder().runs(200)
                    .temperatures(1000).build()).data(def, null).build().evaluate(MODEL, theta, context);
            assertTrue(annealed.standardError() > 0 && annealed.standardError() < 0.03, annealed.toString());
            assertEquals(logLikelihood(theta, data), annealed.value(), 3 * annealed.standardError());
        }
    }

    /**
     * One step of gradient descent of size 0.01 moves theta by minus 0.01 times the projected
     * gradient of the exact negative log-likelihood (central differences, step 1e-5).
     */
    @Test
    void theStepIsTheExactGradientOfTheMarginalLikelihood() {
        Dataset data = rows();
        double[] theta0 = theta(11);
        double lr = 0.01;
        MomentMatching trainer = MomentMatching.builder()
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(lr)).build()).epochs(1).build();
        double[] theta1;
        try (RunContext context = context()) {
            theta1 = trainer.train(MODEL, theta0, data, context).theta();
        }
        double[] fd = new double[theta0.length];
        double step = 1e-5;
        for (int i = 0; i < theta0.length; i++) {
            double[] up = theta0.clone();
            double[] down = theta0.clone();
            up[i] += step;
            down[i] -= step;
            fd[i] = -(logLikelihood(up, data) - logLikelihood(down, data)) / (2 * step);
        }
        Constraints.project(MODEL.spec(), fd);
        for (int i = 0; i < theta0.length; i++) {
            assertEquals(theta0[i] - lr * fd[i], theta1[i], 1e-9, "parameter " + i);
        }
    }

    /**
     * Trained with exact expectations and lr auto, the exact log-likelihood rises epoch by
     * epoch; at every epoch the EM lower bound with the posterior of that epoch equals the
     * likelihood, and with the posterior of the epoch before it lies below it (Jensen).
     */
    @Test
    void trainingRaisesTheLikelihoodAndTheLowerBoundStaysBelowIt() {
        Dataset data = rows();
        double[] theta = theta(13);
        double before = logLikelihood(theta, data);
        double previousLl = before;
        double[] previous = theta;
        MomentMatching trainer = MomentMatching.builder().epochs(1).build();
        try (RunContext context = context()) {
            for (int epoch = 1; epoch <= 15; epoch++) {
                double[] next = trainer.train(MODEL, previous, data, context).theta();
                double ll = logLikelihood(next, data);
                assertTrue(ll >= previousLl - 1e-12, "epoch " + epoch + ": " + ll + " after " + previousLl);
                assertEquals(ll, lowerBound(next, next, data), 1e-10);
                assertTrue(lowerBound(previous, next, data) <= ll + 1e-12);
                previous = next;
                previousLl = ll;
            }
        }
        assertTrue(previousLl > before + 0.05, "from " + before + " to " + previousLl);
    }

    /**
     * With no coupling between the hidden units, {@code p(h | v)} factorizes and naive mean field
     * with linear response is exact (m = tanh(field), C = diag(1 - m^2)): a step with
     * {@code clamped mean_field} is the step with {@code clamped exact} (1e-9).
     */
    @Test
    void aMeanFieldClampedPhaseIsExactWhenTheHiddenUnitsAreIndependentGivenARow() {
        Dataset data = rows();
        double[] theta0 = theta(11);
        theta0[NV * N + NV + 1] = 0;
        theta0[(NV + 1) * N + NV] = 0;
        GradientDescent gd = GradientDescent.builder().lr(LearningRate.constant(0.01)).build();
        MomentMatching exact = MomentMatching.builder().optimizer(gd).epochs(1).build();
        MomentMatching meanField = MomentMatching.builder().optimizer(gd).epochs(1)
                .clamped(MeanFieldExpectation.builder().tolerance(1e-14).build()).build();
        assertTrue(meanField.describe().contains("clamped mean_field("), meanField.describe());
        try (RunContext context = context()) {
            double[] a = exact.train(MODEL, theta0, data, context).theta();
            double[] b = meanField.train(MODEL, theta0, data, context).theta();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-9, "parameter " + i);
            }
        }
    }

    /**
     * {@code clamped gibbs}: each row's hidden units sampled given the row (64 chains of 400
     * sweeps after 50 of burn-in, 25 600 states per row); with the free phase exact, the step
     * of size 1 is the exact gradient within 0.015 in every parameter (0.005 at worst when
     * written; a moment of spins from 25 600 correlated states has a standard error of a few
     * thousandths).
     */
    @Test
    void aSampledClampedPhaseFollowsTheExactGradient() {
        Dataset data = rows();
        double[] theta0 = theta(11);
        MomentMatching trainer = MomentMatching.builder()
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(1)).build()).epochs(1)
                .clamped(org.thermogen.runtime.mcmc.GibbsExpectation.builder().chains(64).sweeps(400).burnin(50).build())
                .build();
        double[] theta1;
        try (RunContext context = context()) {
            theta1 = trainer.train(MODEL, theta0, data, context).theta();
        }
        double step = 1e-5;
        double[] fd = new double[theta0.length];
        for (int i = 0; i < theta0.length; i++) {
            double[] up = theta0.clone();
            double[] down = theta0.clone();
            up[i] += step;
            down[i] -= step;
            fd[i] = -(logLikelihood(up, data) - logLikelihood(down, data)) / (2 * step);
        }
        Constraints.project(MODEL.spec(), fd);
        double worst = 0;
        for (int i = 0; i < theta0.length; i++) {
            worst = Math.max(worst, Math.abs(theta0[i] - fd[i] - theta1[i]));
        }
        assertTrue(worst < 0.015, "largest difference from the exact gradient " + worst);
        assertTrue(worst > 0, "a sampled gradient is not the exact one to the bit");
    }

    /**
     * 21 hidden units, one more than {@code clamped exact} sums: refused with it, with words
     * that name what to use, and trained with {@code clamped mean_field} and Gibbs chains for the
     * free phase. 3 visible + 21 hidden = 24 units, so the exact log-likelihood (hidden states
     * summed per row, ln Z over 2^24 states) still measures it: 40 epochs raise it.
     */
    @Test
    void manyHiddenUnitsTrainWithAnApproximateClampedPhase() {
        FullyVisible big = new FullyVisible(3, 21, Domain.SPIN);
        var outline = org.thermogen.runtime.model.ModelOutline.of(big);
        String refusal = MomentMatching.builder().build().refusal(outline).orElseThrow();
        assertTrue(refusal.contains("sums the 21 hidden units of Hidden3x21 for every data row (clamped exact), at most 20"),
                refusal);
        MomentMatching trainer = MomentMatching.builder().epochs(40)
                .expectation(org.thermogen.runtime.mcmc.GibbsExpectation.builder().chains(16).sweeps(20).build())
                .clamped(MeanFieldExpectation.builder().build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.05)).build()).build();
        assertTrue(trainer.refusal(outline).isEmpty());
        SplittableRandom random = new SplittableRandom(9);
        double[] values = new double[200 * 3];
        for (int r = 0; r < 200; r++) {
            // Three spins that agree more often than not: a common cause the hidden units can take.
            double common = random.nextDouble() < 0.5 ? 1 : -1;
            for (int k = 0; k < 3; k++) {
                values[3 * r + k] = random.nextDouble() < 0.85 ? common : -common;
            }
        }
        Dataset data = new Dataset("Agree.train", 200, 3, values, null);
        double[] theta0 = new double[big.spec().paramSize()];
        SplittableRandom init = new SplittableRandom(4);
        int n = 24;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                double w = 0.05 * init.nextGaussian();
                theta0[k * n + l] = w;
                theta0[l * n + k] = w;
            }
        }
        double[] theta1;
        try (RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 2)) {
            theta1 = trainer.train(big, theta0, data, context).theta();
            double before = exactLogLikelihood(big, theta0, data, context);
            double after = exactLogLikelihood(big, theta1, data, context);
            assertTrue(after > before + 0.1, "exact log-likelihood from " + before + " to " + after);
        }
    }

    private static double exactLogLikelihood(FullyVisible model, double[] theta, Dataset data, RunContext context) {
        var eta = new org.thermogen.runtime.energy.PairwiseEnergy(model.spec().stateSize(), Domain.SPIN);
        model.capability(org.thermogen.runtime.energy.PairwiseForm.class).orElseThrow().couplings(theta, eta);
        double sum = 0;
        double[] v = new double[data.columns()];
        for (int r = 0; r < data.rows(); r++) {
            data.row(r, v);
            sum += org.thermogen.runtime.exact.Enumeration.logMarginal(eta, v);
        }
        return sum / data.rows() - org.thermogen.runtime.exact.Enumeration.logPartition(eta, context.pool());
    }

    /**
     * {@code log_likelihood(ais)} beyond 20 hidden units: each distinct row's sum over the 2^21
     * hidden states is annealed too, and the figure lies within 3 of its standard errors of the
     * exact one (3 visible + 21 hidden spins, every pair coupled, 2^24 states summed here).
     */
    @Test
    void theLikelihoodOfManyHiddenUnitsIsAnnealedRowByRow() {
        FullyVisible big = new FullyVisible(3, 21, Domain.SPIN);
        int n = 24;
        double[] theta = new double[big.spec().paramSize()];
        SplittableRandom random = new SplittableRandom(17);
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                double w = 0.15 * random.nextGaussian();
                theta[k * n + l] = w;
                theta[l * n + k] = w;
            }
            theta[n * n + k] = 0.2 * random.nextGaussian();
        }
        double[] values = new double[40 * 3];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextBoolean() ? 1 : -1;
        }
        Dataset data = new Dataset("Three.train", 40, 3, values, null);
        DatasetDefinition def = definition("Three", data);
        try (RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 2)) {
            double exact = exactLogLikelihood(big, theta, data, context);
            EvaluationResult annealed = LogLikelihood.builder().method(org.thermogen.runtime.rbm.Ais.builder().runs(100)
                    .temperatures(500).build()).data(def, null).build().evaluate(big, theta, context);
            assertTrue(annealed.method().startsWith("each distinct row's log marginal and ln Z by annealing"),
                    annealed.method());
            assertTrue(annealed.standardError() > 0 && annealed.standardError() < 0.05, annealed.toString());
            assertEquals(exact, annealed.value(), 3 * annealed.standardError(), annealed + " against " + exact);
        }
    }
}
