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

    private static RunContext context() {
        return new RunContext(1, Path.of(""), ProgressListener.NONE, 1);
    }

    @Test
    void exactEvaluationsSumOutTheHiddenUnits() {
        Dataset data = rows();
        double[] theta = theta(7);
        DatasetDefinition def = DatasetDefinition.builder("Spins", "s.gen", 1)
                .source(new org.thermogen.runtime.data.DataSource() {
                    @Override
                    public String describe() {
                        return "rows";
                    }

                    @Override
                    public Dataset read(Path baseDirectory, String name) {
                        return data.named(name);
                    }
                }).build();
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
}
