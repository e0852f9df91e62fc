package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.BarsAndStripesSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.EnergyOnly;
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;

class TrainingTest {
    private static final Dataset BARS = BarsAndStripesSource.builder().size(3).n(1000).seed(0).build()
            .read(Path.of(""), "Bars");
    private static final Optimizer SGD = Sgd.builder().lr(Schedule.constant(0.02)).momentum(Schedule.constant(0.5)).build();

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    /** Exact mean log-likelihood: free energies of the rows and ln Z by walking the 2^9 visible states. */
    private static double logLikelihood(BipartiteMachine model, double[] theta, Dataset data) {
        BipartiteEnergy e = RbmModel.energy(model, theta);
        return -RbmMetrics.meanFreeEnergy(e, data.values(), data.rows(), null) - ExactPartition.logPartition(e, null);
    }

    /** Minus the entropy of the rows' empirical distribution: no model can exceed it on these rows. */
    private static double bestPossible(Dataset data) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int label : data.labels()) {
            counts.merge(label, 1, Integer::sum);
        }
        double h = 0;
        for (int c : counts.values()) {
            double p = (double) c / data.rows();
            h -= p * Math.log(p);
        }
        return -h;
    }

    /**
     * 3x3 bars and stripes (14 patterns, 1000 rows), 12 hidden units, from weights of size
     * 0.01: the start is nearly uniform, ln-likelihood about -9 ln 2 = -6.24, and the best any
     * model can do on these rows is minus their empirical entropy, about -ln 14 = -2.64. Both
     * trainers must close at least 1.5 nats of that 3.6-nat gap in 50 epochs (on three seeds
     * tried, CD gained 2.1 to 2.4 nats and PCD 2.3 to 2.6; with the sign of the weight
     * gradient reversed the log-likelihood falls below -3000), and never pass the bound, which
     * would mean the exact log-likelihood itself is wrong. Training is robust to some errors
     * (without visible-bias updates it still passes), so the gradient is also checked exactly
     * in the next test.
     */
    @Test
    void cdAndPcdRaiseTheExactLogLikelihoodOfBarsAndStripes() {
        BipartiteMachine model = new BipartiteMachine(9, 12, Domain.BINARY, Domain.BINARY);
        RunContext context = context(0, 1);
        double[] theta0 = model.spec().initialParameters(context.random("init"));
        double before = logLikelihood(model, theta0, BARS);
        assertEquals(-9 * Math.log(2), before, 0.01);
        double bound = bestPossible(BARS);
        for (Trainer t : new Trainer[] {ContrastiveDivergence.builder().k(1).optimizer(SGD).epochs(50).batch(10).build(),
                PersistentContrastiveDivergence.builder().k(1).chains(50).optimizer(SGD).epochs(50).batch(10).build()}) {
            TrainingResult r = t.train(model, theta0, BARS, context);
            double after = logLikelihood(model, r.theta(), BARS);
            assertTrue(after > before + 1.5, t.describe() + ": " + before + " -> " + after);
            assertTrue(after < bound, t.describe() + ": " + after + " beyond " + bound);
            double[] pl = r.history().column("neg_log_pseudo_likelihood");
            assertEquals(51, pl.length);
            assertTrue(pl[50] < pl[0] - 2, "the loss (negative pseudo-log-likelihood) falls: " + pl[0] + " -> " + pl[50]);
        }
    }

    /**
     * With hidden means on both sides the step's gradient is exactly that of
     * {@code <F>_batch - <F>_chains} in theta (through the generated adjoint); central
     * differences with step 1e-5 have error of order 1e-10 here, so 1e-7 is tight yet safe.
     */
    @Test
    void theGradientIsTheDifferenceOfMeanFreeEnergyGradients() {
        for (Domain visible : Domain.values()) {
            int nv = 4;
            int nh = 3;
            BipartiteMachine model = new BipartiteMachine(nv, nh, visible, Domain.SPIN);
            BipartiteEnergy e = BipartiteMachine.random(nv, nh, visible, Domain.SPIN, 0.7, 0.5, 12);
            e.setConstant(0);
            double[] theta = model.parametersOf(e);
            SplittableRandom r = new SplittableRandom(13);
            double[] pos = new double[5 * nv];
            double[] neg = new double[3 * nv];
            for (double[] rows : new double[][] {pos, neg}) {
                for (int k = 0; k < rows.length; k++) {
                    rows[k] = visible == Domain.REAL ? r.nextGaussian() : visible == Domain.SPIN ? (r.nextBoolean() ? 1 : -1)
                            : (r.nextBoolean() ? 1 : 0);
                }
            }
            double[][] vPos = new double[5][nv];
            double[][] vNeg = new double[3][nv];
            for (int k = 0; k < 5 * nv; k++) {
                vPos[k / nv][k % nv] = pos[k];
            }
            for (int k = 0; k < 3 * nv; k++) {
                vNeg[k / nv][k % nv] = neg[k];
            }
            double[][] x = new double[5][nh];
            double[][] hPos = new double[5][nh];
            double[][] hNeg = new double[3][nh];
            Weights w = new Weights(e);
            Layers.product(vPos, 5, w.w, e.hiddenBiases(), x);
            Layers.means(Domain.SPIN, x, 5, null, hPos);
            Layers.product(vNeg, 3, w.w, e.hiddenBiases(), x);
            Layers.means(Domain.SPIN, x, 3, null, hNeg);
            BipartiteEnergy deta = new BipartiteEnergy(nv, nh, visible, Domain.SPIN);
            double[] terms = new double[CdStep.termsLength(nv, nh)];
            CdStep.addTerm(vPos, hPos, 5, -1.0 / 5, new double[nh], terms, visible == Domain.REAL);
            CdStep.addTerm(vNeg, hNeg, 3, 1.0 / 3, new double[nh], terms, visible == Domain.REAL);
            CdStep.toEnergy(terms, deta);
            double[] grad = new double[theta.length];
            ((BipartiteStructure) model.structure()).form()
                    .addCouplingsAdjoint(theta, deta, 1.0, grad);
            for (int p = 0; p < theta.length; p++) {
                double[] up = theta.clone();
                double[] down = theta.clone();
                up[p] += 1e-5;
                down[p] -= 1e-5;
                double numeric = (freeEnergyGap(model, up, pos, neg) - freeEnergyGap(model, down, pos, neg)) / 2e-5;
                assertEquals(numeric, grad[p], 1e-7, visible + " parameter " + p);
            }
        }
    }

    private static double freeEnergyGap(BipartiteMachine model, double[] theta, double[] pos, double[] neg) {
        BipartiteEnergy e = RbmModel.energy(model, theta);
        return RbmMetrics.meanFreeEnergy(e, pos, pos.length / 4, null) - RbmMetrics.meanFreeEnergy(e, neg, neg.length / 4, null);
    }

    /** Events in order, also with a worker measuring each epoch while the next one trains. */
    @Test
    void historyListenerAndSummaryFollowTheTrainerContract() {
        BipartiteMachine model = new BipartiteMachine(9, 4, Domain.BINARY, Domain.BINARY);
        Trainer t = ContrastiveDivergence.builder().epochs(5).build().withEpochs(2);
        for (int threads = 1; threads <= 2; threads++) {
            List<String> events = new ArrayList<>();
            RunContext context = new RunContext(1, Path.of(""), new ProgressListener() {
                @Override
                public void begin(String task, long totalSteps) {
                    events.add("begin " + task + " " + totalSteps);
                }

                @Override
                public void step(long done, Map<String, Double> metrics) {
                    events.add("step " + done + " " + metrics.keySet());
                }

                @Override
                public void snapshot(long step, double[] theta) {
                    events.add("snapshot " + step);
                }

                @Override
                public void end() {
                    events.add("end");
                }
            }, threads);
            TrainingResult r = t.train(model, model.spec().initialParameters(new SplittableRandom(1)), BARS, context);
            context.close();
            assertEquals(List.of("epoch", "neg_log_pseudo_likelihood", "reconstruction_error"), r.history().columns());
            assertEquals(3, r.history().size());
            // Step 0 carries the starting figures, which a rising loss is measured against.
            assertEquals(List.of("begin train Rbm9x4 2", "step 0 [neg_log_pseudo_likelihood, reconstruction_error]",
                    "step 1 [neg_log_pseudo_likelihood, reconstruction_error]", "snapshot 1",
                    "step 2 [neg_log_pseudo_likelihood, reconstruction_error]", "snapshot 2", "end"), events);
            assertEquals(2.0, r.summary().get("epochs_run"));
        }
        assertEquals("cd(k 1, optimizer sgd(lr 0.05, momentum 0.0, weight_decay 0.0), epochs 2, batch 20)", t.describe());
        assertEquals("pcd(k 1, chains 100, optimizer sgd(lr 0.05, momentum 0.0, weight_decay 0.0), epochs 20, batch 20)",
                PersistentContrastiveDivergence.builder().build().describe());
    }

    /**
     * A form that declares its layout (theta copies the natural parameters) trains through the
     * layout's block copies to the bits of the element-wise couplings and adjoint: CD and PCD,
     * float32 and float64, binary and spin units, with a weight decay (which the optimizer
     * applies to theta either way). The machine's form has no layout; the same form with its
     * layout declared is the other side.
     */
    @Test
    void aLayoutTrainsAsItsFormDoes() {
        for (Domain d : new Domain[] {Domain.BINARY, Domain.SPIN}) {
            BipartiteMachine plain = new BipartiteMachine(9, 5, d, Domain.BINARY);
            BipartiteForm form = ((BipartiteStructure) plain.structure()).form();
            assertNull(form.layout());
            EnergyModel laid = new WithLayout(plain, form, new BipartiteForm.Layout(0, 1.0, 45, 1.0, 54, 1.0));
            Dataset rows = BarsAndStripesSource.builder().size(3).n(200).domain(d).seed(4).build().read(Path.of(""), "Rows");
            double[] theta0 = plain.spec().initialParameters(new SplittableRandom(2));
            Optimizer decay = Sgd.builder().lr(Schedule.constant(0.05)).momentum(Schedule.constant(0.5)).weightDecay(1e-3)
                    .build();
            for (Precision precision : Precision.values()) {
                for (Trainer t : new Trainer[] {
                        ContrastiveDivergence.builder().k(2).optimizer(decay).epochs(3).batch(7).precision(precision).build(),
                        PersistentContrastiveDivergence.builder().chains(9).optimizer(decay).epochs(3).batch(7)
                                .precision(precision).build()}) {
                    TrainingResult viaForm = t.train(plain, theta0, rows, context(3, 1));
                    TrainingResult viaLayout = t.train(laid, theta0, rows, context(3, 1));
                    assertArrayEquals(viaForm.theta(), viaLayout.theta(), 0.0, d + " " + precision);
                    assertArrayEquals(viaForm.history().column("reconstruction_error"),
                            viaLayout.history().column("reconstruction_error"), 0.0);
                }
            }
        }
    }

    /** A machine whose form declares {@code layout}. */
    private static final class WithLayout extends EnergyOnly {
        private final BipartiteForm form;
        private final BipartiteForm.Layout layout;

        WithLayout(BipartiteMachine m, BipartiteForm form, BipartiteForm.Layout layout) {
            super(m);
            this.form = form;
            this.layout = layout;
        }

        @Override
        public Structure structure() {
            return new BipartiteStructure(new BipartiteForm() {
                @Override
                public void couplings(double[] theta, BipartiteEnergy out) {
                    form.couplings(theta, out);
                }

                @Override
                public void addCouplingsAdjoint(double[] theta, BipartiteEnergy deta, double scale, double[] grad) {
                    form.addCouplingsAdjoint(theta, deta, scale, grad);
                }

                @Override
                public boolean affine() {
                    return true;
                }

                @Override
                public BipartiteForm.Layout layout() {
                    return layout;
                }
            });
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        BipartiteMachine model = new BipartiteMachine(9, 5, Domain.SPIN, Domain.BINARY);
        Dataset spins = BarsAndStripesSource.builder().size(3).n(200).domain(Domain.SPIN).seed(4).build()
                .read(Path.of(""), "Spins");
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(2));
        for (Trainer t : new Trainer[] {ContrastiveDivergence.builder().k(2).epochs(3).batch(7).build(),
                PersistentContrastiveDivergence.builder().chains(9).epochs(3).batch(7).build()}) {
            TrainingResult one = t.train(model, theta0, spins, context(3, 1));
            TrainingResult two = t.train(model, theta0, spins, context(3, 2));
            assertArrayEquals(one.theta(), two.theta());
            assertArrayEquals(one.history().column("neg_log_pseudo_likelihood"), two.history().column("neg_log_pseudo_likelihood"));
        }
    }

    /**
     * Gaussian-Bernoulli: data are exact samples of a random machine with 4 real visibles and
     * 5 binary hiddens; a fresh machine trained by CD must gain likelihood (exact, the visibles
     * integrated out for each of the 2^5 hidden states) and reconstruction error is its loss.
     */
    @Test
    void gaussianBernoulliTrainingRaisesTheLikelihood() {
        BipartiteMachine model = new BipartiteMachine(4, 5, Domain.REAL, Domain.BINARY);
        BipartiteEnergy truth = BipartiteMachine.random(4, 5, Domain.REAL, Domain.BINARY, 1.0, 0.5, 6);
        Dataset data = new Dataset("G", 1000, 4, ExactPartition.sample(truth, 1000, new SplittableRandom(7)), null);
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(8));
        Optimizer sgd = Sgd.builder().lr(Schedule.constant(0.01)).build();
        TrainingResult r = ContrastiveDivergence.builder().optimizer(sgd).epochs(30).batch(10).build()
                .train(model, theta0, data, context(4, 1));
        assertEquals(List.of("epoch", "reconstruction_error"), r.history().columns());
        double before = logLikelihood(model, theta0, data);
        double after = logLikelihood(model, r.theta(), data);
        assertTrue(after > before + 0.5, before + " -> " + after);
    }

    @Test
    void refusesModelsThatAreNotRbmsAndReportsDivergence() {
        FullyVisible fv = new FullyVisible(9, Domain.BINARY);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ContrastiveDivergence.builder()
                .build().train(fv, new double[fv.spec().paramSize()], BARS, context(1, 1)));
        assertTrue(x.getMessage().startsWith("cd needs a restricted Boltzmann machine"), x.getMessage());
        BipartiteMachine model = new BipartiteMachine(9, 4, Domain.BINARY, Domain.BINARY);
        double[] theta0 = model.spec().initialParameters(new SplittableRandom(1));
        Optimizer huge = Sgd.builder().lr(Schedule.constant(1e306)).build();
        DivergenceException d = assertThrows(DivergenceException.class, () -> PersistentContrastiveDivergence.builder()
                .optimizer(huge).epochs(3).build().train(model, theta0, BARS, context(1, 1)));
        assertTrue(d.getMessage().contains("lower lr"), d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ContrastiveDivergence.builder().k(0).build());
        assertThrows(IllegalArgumentException.class, () -> PersistentContrastiveDivergence.builder().chains(0).build());
        assertThrows(IllegalArgumentException.class, () -> ContrastiveDivergence.builder().batch(0).build());
    }
}
