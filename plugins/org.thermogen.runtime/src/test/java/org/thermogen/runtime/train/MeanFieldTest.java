package org.thermogen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.exact.ExactSampling;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.testmodels.RandomMachines;

class MeanFieldTest {
    private static final int N = 10;

    private static Enumeration.Moments approximate(Expectation x, PairwiseEnergy e) {
        return x.start(new FullyVisible(e.size(), e.domain()).spec(), RunContext.withSeed(1)).moments(e);
    }

    /** Largest error of the means and of the connected correlations {@code <s_k s_l> - <s_k><s_l>}. */
    private static double[] errors(Enumeration.Moments m, Enumeration.Moments exact, int n) {
        double mean = 0;
        double connected = 0;
        for (int k = 0; k < n; k++) {
            mean = Math.max(mean, Math.abs(m.mean()[k] - exact.mean()[k]));
            for (int l = k + 1; l < n; l++) {
                double a = m.second()[k * n + l] - m.mean()[k] * m.mean()[l];
                double b = exact.second()[k * n + l] - exact.mean()[k] * exact.mean()[l];
                connected = Math.max(connected, Math.abs(a - b));
            }
        }
        return new double[] {mean, connected};
    }

    /** An SK-like machine: couplings N(0, 1/n) scaled by {@code beta}, fields N(0, 0.25). */
    private static PairwiseEnergy scaled(Domain domain, double beta) {
        PairwiseEnergy e = RandomMachines.random(N, domain, 1.0 / Math.sqrt(N), 0.5, 3);
        for (int k = 0; k < N; k++) {
            for (int l = k + 1; l < N; l++) {
                e.setPair(k, l, e.pair(k, l) * beta);
            }
        }
        return e;
    }

    /**
     * Naive mean field is the first order of the Plefka expansion of the Gibbs free energy in
     * the couplings, TAP the second; the moments they give err by O(beta^2) and O(beta^3)
     * (measured here: factors 3.7-4.0 and 7-12 per halving of beta, on means and on connected
     * correlations alike). As beta halves from 0.2 to 0.05, each error must fall by more than
     * 3 (naive) and 6 (TAP), and TAP must be the closer of the two at every beta, for spins
     * and for binary units.
     */
    @Test
    void bothApproachTheExactMomentsAsCouplingsWeakenAndTapIsCloser() {
        for (Domain domain : new Domain[] {Domain.SPIN, Domain.BINARY}) {
            double[] lastNaive = null;
            double[] lastTap = null;
            for (double beta : new double[] {0.2, 0.1, 0.05}) {
                PairwiseEnergy e = scaled(domain, beta);
                Enumeration.Moments exact = Enumeration.moments(e, null);
                double[] naive = errors(approximate(MeanFieldExpectation.builder().build(), e), exact, N);
                double[] tap = errors(approximate(TapExpectation.builder().build(), e), exact, N);
                for (int i = 0; i < 2; i++) {
                    String where = domain + " beta " + beta + (i == 0 ? " means" : " correlations");
                    assertTrue(tap[i] < naive[i], where + ": tap " + tap[i] + ", naive " + naive[i]);
                    if (lastNaive != null) {
                        assertTrue(lastNaive[i] / naive[i] > 3, where + ": naive fell by " + lastNaive[i] / naive[i]);
                        assertTrue(lastTap[i] / tap[i] > 6, where + ": tap fell by " + lastTap[i] / tap[i]);
                    }
                }
                lastNaive = naive;
                lastTap = tap;
            }
            assertTrue(lastTap[0] < 1e-4 && lastTap[1] < 1e-4, domain + " at beta 0.05: " + lastTap[0] + ", " + lastTap[1]);
        }
    }

    /**
     * Without couplings the units are independent and both approximations are exact, up to
     * the iteration's stopping rule: with damping 0.5 the last change of 1e-10 leaves an
     * error of about as much again.
     */
    @Test
    void independentUnitsAreExact() {
        for (Domain domain : new Domain[] {Domain.SPIN, Domain.BINARY}) {
            PairwiseEnergy e = scaled(domain, 0.0);
            Enumeration.Moments exact = Enumeration.moments(e, null);
            for (Expectation x : new Expectation[] {MeanFieldExpectation.builder().build(), TapExpectation.builder().build()}) {
                double[] err = errors(approximate(x, e), exact, N);
                assertEquals(0, err[0], 1e-9);
                assertEquals(0, err[1], 1e-9);
            }
        }
    }

    /**
     * A binary machine and the spin machine of the same distribution ({@code x = (1 + s) / 2}:
     * {@code J = W / 4}, {@code h = b / 2 + sum_l W_kl / 4}) get the same moments, mapped.
     */
    @Test
    void binaryUnitsAreMappedToSpinsExactly() {
        PairwiseEnergy binary = RandomMachines.random(N, Domain.BINARY, 0.8, 0.5, 4);
        PairwiseEnergy spin = new PairwiseEnergy(N, Domain.SPIN);
        for (int k = 0; k < N; k++) {
            double row = 0;
            for (int l = 0; l < N; l++) {
                if (l != k) {
                    row += binary.pair(k, l);
                    if (l > k) {
                        spin.setPair(k, l, binary.pair(k, l) / 4);
                    }
                }
            }
            spin.setBias(k, binary.bias(k) / 2 + row / 4);
        }
        Enumeration.Moments x = approximate(TapExpectation.builder().build(), binary);
        Enumeration.Moments s = approximate(TapExpectation.builder().build(), spin);
        for (int k = 0; k < N; k++) {
            assertEquals((1 + s.mean()[k]) / 2, x.mean()[k], 1e-12);
            assertEquals(x.mean()[k], x.second()[k * N + k], 0.0);
            for (int l = k + 1; l < N; l++) {
                assertEquals((1 + s.mean()[k] + s.mean()[l] + s.second()[k * N + l]) / 4, x.second()[k * N + l], 1e-12);
            }
        }
    }

    @Test
    void settingsMessagesAndNonConvergence() {
        assertEquals("mean_field(damping 0.5, iterations 1000, tolerance 1.0E-10)",
                MeanFieldExpectation.builder().damping(0.5).iterations(1000).tolerance(1e-10).build().describe());
        assertEquals("tap(damping 0.3, iterations 50, tolerance 1.0E-8)",
                TapExpectation.builder().damping(0.3).iterations(50).tolerance(1e-8).build().describe());
        assertThrows(IllegalArgumentException.class, () -> TapExpectation.builder().damping(1).build());
        assertThrows(IllegalArgumentException.class, () -> MeanFieldExpectation.builder().iterations(0).build());
        List<String> notes = new ArrayList<>();
        RunContext context = new RunContext(1, Path.of(""), new ProgressListener() {
            @Override
            public void note(String line) {
                notes.add(line);
            }
        }, 1);
        PairwiseEnergy e = scaled(Domain.SPIN, 0.5);
        Expectation.Engine engine = MeanFieldExpectation.builder().iterations(2).build().start(
                new FullyVisible(N, Domain.SPIN).spec(), context);
        engine.moments(e);
        engine.moments(e);
        assertEquals(1, notes.size(), "said once: " + notes);
        assertTrue(notes.get(0).contains("did not converge in 2 iterations"), notes.get(0));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> engine.covarianceProduct(e, new PairwiseEnergy(N, Domain.SPIN)));
        assertEquals("lr auto needs exact or sampled expectations; with mean_field give lr", x.getMessage());
    }

    /**
     * Moment matching with TAP moments (the inverse-Ising use of mean-field theory): on
     * 50 000 exact samples of a weakly coupled 10-spin machine (beta = 0.2) training must
     * match the data's moments through the TAP moments to 1e-8 and land near the truth: the
     * sampling error of each natural parameter is about 1 / sqrt(50000) = 0.0045 (unit Fisher
     * information for weak couplings), so 5 sigma is 0.022, and TAP's own bias at this
     * coupling strength (errors of 1e-3 in the moments) adds a few thousandths: 0.03. With
     * lr auto the trainer says that mean-field moments need a step size.
     */
    @Test
    void momentMatchingWithTapMoments() {
        PairwiseEnergy truth = scaled(Domain.SPIN, 0.2);
        truth.setConstant(0);
        int rows = 50_000;
        Dataset data = new Dataset("samples", rows, N, ExactSampling.draw(truth, rows, new SplittableRandom(5)), null);
        FullyVisible model = new FullyVisible(N, Domain.SPIN);
        MomentMatching trainer = MomentMatching.builder().expectation(TapExpectation.builder().build())
                .optimizer(GradientDescent.builder().lr(LearningRate.constant(0.3)).build()).epochs(2000).tolerance(1e-8)
                .build();
        TrainingResult r = trainer.train(model, new double[model.spec().paramSize()], data, RunContext.withSeed(6));
        assertTrue(r.summary().get("moment_error") < 1e-8, r.summary().toString());
        PairwiseEnergy learned = new PairwiseEnergy(N, Domain.SPIN);
        ((PairwiseStructure) model.structure()).form().couplings(r.theta(), learned);
        for (int k = 0; k < N; k++) {
            assertEquals(truth.bias(k), learned.bias(k), 0.03, "field " + k);
            for (int l = k + 1; l < N; l++) {
                assertEquals(truth.pair(k, l), learned.pair(k, l), 0.03, "coupling " + k + "," + l);
            }
        }
        MomentMatching auto = MomentMatching.builder().expectation(MeanFieldExpectation.builder().build()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> auto.train(model, new double[model.spec().paramSize()], data, RunContext.withSeed(6)));
        assertEquals("lr auto needs exact or sampled expectations; with mean_field give lr", e.getMessage());
    }
}
