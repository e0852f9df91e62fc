package org.thermogen.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.GaussianSource;
import org.thermogen.runtime.data.GroundTruth;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;

/** Hand-written models and fake trainers, samplers and evaluations for the job tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** {@code dataset Heights = gaussian(n 500, mean [1, -1], cov [[1, 0.8], [0.8, 1]], seed 3) split train 0.8, test 0.2}. */
    static final DatasetDefinition HEIGHTS = DatasetDefinition.builder("Heights", "body.gen", 2)
            .source(GaussianSource.builder().n(500).mean(new double[] {1, -1})
                    .cov(new double[][] {{1, 0.8}, {0.8, 1}}).seed(3L).build())
            .split(7, "train", 0.8, "test", 0.2)
            .build();

    /**
     * {@code model Body { observed x[2] : real; param mu[2]; param P[2,2] : spd init identity;
     * energy E(x) = 0.5 * (x - mu)' * P * (x - mu) }}: a Gaussian with precision P.
     */
    static final class Body extends EnergyModel {
        private final ModelSpec spec = ModelSpec.builder("Body").source("body.gen", 5, "ab".repeat(32))
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(2), false)
                .param("mu", Shape.of(2), Init.zeros(), false)
                .param("P", Shape.of(2, 2), Init.identity(), false, Constraint.SPD)
                .build();
        private final Optional<TrainingPlan> plan;
        private final List<Sampler> samplers;
        private final List<Evaluation> evaluations;

        Body(Trainer trainer, List<Sampler> samplers, List<Evaluation> evaluations) {
            this(HEIGHTS, trainer, samplers, evaluations);
        }

        /** The same model trained on the training part of {@code data}. */
        Body(DatasetDefinition data, Trainer trainer, List<Sampler> samplers, List<Evaluation> evaluations) {
            this.plan = trainer == null ? Optional.empty() : Optional.of(new TrainingPlan(data, "train", trainer));
            this.samplers = samplers;
            this.evaluations = evaluations;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] t) {
            double d0 = x[0] - t[0];
            double d1 = x[1] - t[1];
            return 0.5 * (d0 * (t[2] * d0 + t[3] * d1) + d1 * (t[4] * d0 + t[5] * d1));
        }

        @Override
        public void addParameterGradient(double[] x, double[] t, double scale, double[] grad) {
            double d0 = x[0] - t[0];
            double d1 = x[1] - t[1];
            grad[0] -= scale * (t[2] * d0 + 0.5 * (t[3] + t[4]) * d1);
            grad[1] -= scale * (0.5 * (t[3] + t[4]) * d0 + t[5] * d1);
            grad[2] += scale * 0.5 * d0 * d0;
            grad[3] += scale * 0.5 * d0 * d1;
            grad[4] += scale * 0.5 * d1 * d0;
            grad[5] += scale * 0.5 * d1 * d1;
        }

        @Override
        public void stateGradient(double[] x, double[] t, double[] gradX) {
            double d0 = x[0] - t[0];
            double d1 = x[1] - t[1];
            gradX[0] = t[2] * d0 + 0.5 * (t[3] + t[4]) * d1;
            gradX[1] = 0.5 * (t[3] + t[4]) * d0 + t[5] * d1;
        }

        @Override
        public Optional<TrainingPlan> training() {
            return plan;
        }

        @Override
        public List<Sampler> samplers() {
            return samplers;
        }

        @Override
        public List<Evaluation> evaluations() {
            return evaluations;
        }
    }

    /**
     * Moves mu halfway to the data mean per epoch, so after epoch e it is
     * {@code mean * (1 - 2^-e)}; the loss is {@code |mean - mu|^2}. Offers a snapshot after
     * every epoch; can fail or diverge at a given epoch.
     */
    static final class HalvingTrainer implements Trainer {
        final int epochs;
        final int failAt;
        final int divergeAt;

        HalvingTrainer(int epochs) {
            this(epochs, -1, -1);
        }

        HalvingTrainer(int epochs, int failAt, int divergeAt) {
            this.epochs = epochs;
            this.failAt = failAt;
            this.divergeAt = divergeAt;
        }

        @Override
        public String describe() {
            return "halving(epochs " + epochs + ")";
        }

        @Override
        public Trainer withEpochs(int n) {
            return new HalvingTrainer(n, failAt, divergeAt);
        }

        @Override
        public TrainingResult train(Model model, double[] initial, Dataset data, RunContext context) {
            double[] mean = mean(data);
            double[] theta = initial.clone();
            MetricsHistory h = new MetricsHistory("epoch", "squared_error");
            ProgressListener l = context.listener();
            l.begin("train " + model.spec().name(), epochs);
            for (int e = 1; e <= epochs; e++) {
                if (e == failAt) {
                    throw new IllegalStateException("simulated crash at epoch " + e);
                }
                for (int k = 0; k < 2; k++) {
                    theta[k] += 0.5 * (mean[k] - theta[k]);
                }
                if (e == divergeAt) {
                    theta[0] = Double.NaN;
                }
                double err = (mean[0] - theta[0]) * (mean[0] - theta[0]) + (mean[1] - theta[1]) * (mean[1] - theta[1]);
                h.add(e, err);
                l.step(e, Map.of("squared_error", err));
                l.snapshot(e, theta);
            }
            l.end();
            return new TrainingResult(theta, h, Map.of("epochs", (double) epochs));
        }
    }

    static double[] mean(Dataset d) {
        double[] m = new double[d.columns()];
        for (int i = 0; i < d.rows(); i++) {
            for (int k = 0; k < d.columns(); k++) {
                m[k] += d.get(i, k);
            }
        }
        for (int k = 0; k < m.length; k++) {
            m[k] /= d.rows();
        }
        return m;
    }

    /** Draws {@code x = mu + z} with standard normal z from the {@code "sample"} stream. */
    static final class ShiftSampler implements Sampler {
        @Override
        public String describe() {
            return "shift";
        }

        @Override
        public int defaultCount() {
            return 300;
        }

        @Override
        public Samples sample(Model model, double[] theta, int n, RunContext context) {
            SplittableRandom r = context.random("sample");
            int d = model.spec().observedSize();
            double[] v = new double[n * d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    v[i * d + k] = theta[k] + r.nextGaussian();
                }
            }
            return new Samples(n, d, v, describe(), Map.of("draws", (double) n));
        }
    }

    /** The mean squared distance of the test rows to mu, with its standard error. */
    static final class DistanceEvaluation implements Evaluation {
        @Override
        public String describe() {
            return "distance on Heights.test";
        }

        @Override
        public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
            Dataset test = context.data(HEIGHTS).part("test");
            double[] d = new double[test.rows()];
            double sum = 0;
            for (int i = 0; i < test.rows(); i++) {
                double a = test.get(i, 0) - theta[0];
                double b = test.get(i, 1) - theta[1];
                d[i] = a * a + b * b;
                sum += d[i];
            }
            double m = sum / d.length;
            double ss = 0;
            for (double x : d) {
                ss += (x - m) * (x - m);
            }
            double se = Math.sqrt(ss / (d.length - 1) / d.length);
            Map<String, Double> details = new LinkedHashMap<>();
            details.put("rows", (double) d.length);
            return new EvaluationResult("distance_test", describe(), m, se, "average over " + d.length + " rows",
                    details);
        }
    }

    /** An evaluation returning a fixed value, e.g. -Infinity. */
    static Evaluation constant(String name, double value) {
        return new Evaluation() {
            @Override
            public String describe() {
                return name;
            }

            @Override
            public EvaluationResult evaluate(Model model, double[] theta, RunContext context) {
                return new EvaluationResult(name, name, value, 0, "fixed", Map.of());
            }
        };
    }

    /** Rows given by a function of (row, column), with an optional Boltzmann truth. */
    static DataSource table(int rows, int cols, java.util.function.IntBinaryOperator cell, PairwiseEnergy truth) {
        return new DataSource() {
            @Override
            public String describe() {
                return "table(" + rows + " x " + cols + ")";
            }

            @Override
            public Dataset read(Path base, String name) {
                double[] v = new double[rows * cols];
                for (int i = 0; i < rows; i++) {
                    for (int k = 0; k < cols; k++) {
                        v[i * cols + k] = cell.applyAsInt(i, k);
                    }
                }
                return new Dataset(name, rows, cols, v, null);
            }

            @Override
            public Optional<GroundTruth> truth() {
                return truth == null ? Optional.empty() : Optional.of(new GroundTruth.Boltzmann(truth));
            }
        };
    }

    /**
     * {@code model Ising { visible s[n] : domain; param J[n,n] : symmetric, zero_diagonal;
     * param h[n]; energy E(s) = -sum(k < l) J[k,l] s[k] s[l] - h . s }}, recognized as pairwise.
     */
    static final class Ising extends EnergyModel {
        final int n;
        private final ModelSpec spec;
        private final Optional<TrainingPlan> plan;
        private final List<Evaluation> evaluations;

        Ising(String name, int n, Domain domain, DatasetDefinition data, Trainer trainer, List<Evaluation> evaluations) {
            this(name, n, domain, data, "train", trainer, evaluations);
        }

        /** @param part the part of {@code data} to train on, or null for all rows */
        Ising(String name, int n, Domain domain, DatasetDefinition data, String part, Trainer trainer,
                List<Evaluation> evaluations) {
            this.n = n;
            this.spec = ModelSpec.builder(name).source("ising.gen", 8, "cd".repeat(32))
                    .variable("s", Role.VISIBLE, domain, Shape.of(n), false)
                    .param("J", Shape.of(n, n), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
                    .param("h", Shape.of(n), Init.zeros(), false)
                    .build();
            this.plan = data == null ? Optional.empty() : Optional.of(new TrainingPlan(data, part, trainer));
            this.evaluations = evaluations;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] s, double[] t) {
            double e = 0;
            for (int k = 0; k < n; k++) {
                e -= t[n * n + k] * s[k];
                for (int l = k + 1; l < n; l++) {
                    e -= t[k * n + l] * s[k] * s[l];
                }
            }
            return e;
        }

        @Override
        public void addParameterGradient(double[] s, double[] t, double scale, double[] grad) {
            for (int k = 0; k < n; k++) {
                grad[n * n + k] -= scale * s[k];
                for (int l = k + 1; l < n; l++) {
                    grad[k * n + l] -= scale * s[k] * s[l];
                }
            }
        }

        @Override
        public void stateGradient(double[] s, double[] t, double[] gradX) {
            for (int k = 0; k < n; k++) {
                double g = -t[n * n + k];
                for (int l = 0; l < n; l++) {
                    if (l != k) {
                        g -= t[Math.min(k, l) * n + Math.max(k, l)] * s[l];
                    }
                }
                gradX[k] = g;
            }
        }

        @Override
        public Structure structure() {
            return new PairwiseStructure(new PairwiseForm() {
                @Override
                public void couplings(double[] t, PairwiseEnergy out) {
                    out.clear();
                    for (int k = 0; k < n; k++) {
                        out.addBias(k, t[n * n + k]);
                        for (int l = k + 1; l < n; l++) {
                            out.addPair(k, l, t[k * n + l]);
                        }
                    }
                }

                @Override
                public void addCouplingsAdjoint(double[] t, PairwiseEnergy deta, double scale, double[] grad) {
                    for (int k = 0; k < n; k++) {
                        grad[n * n + k] += scale * deta.bias(k);
                        for (int l = k + 1; l < n; l++) {
                            grad[k * n + l] += scale * deta.pair(k, l);
                        }
                    }
                }

                @Override
                public boolean affine() {
                    return true;
                }
            });
        }

        @Override
        public Optional<TrainingPlan> training() {
            return plan;
        }

        @Override
        public List<Evaluation> evaluations() {
            return evaluations;
        }
    }

    /** Returns fixed parameters, as if training had found them. */
    static Trainer fixed(double[] theta) {
        return new Trainer() {
            @Override
            public String describe() {
                return "fixed";
            }

            @Override
            public TrainingResult train(Model model, double[] initial, Dataset data, RunContext context) {
                MetricsHistory h = new MetricsHistory("iteration", "loss");
                h.add(1, 1.0);
                return new TrainingResult(theta.clone(), h, Map.of());
            }
        };
    }

    /** A listener that keeps notes and snapshots. */
    static final class Recorder implements ProgressListener {
        final List<String> tasks = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<double[]> snapshots = new ArrayList<>();

        @Override
        public void begin(String task, long totalSteps) {
            tasks.add(task);
        }

        @Override
        public void snapshot(long step, double[] theta) {
            snapshots.add(theta.clone());
        }

        @Override
        public void note(String line) {
            notes.add(line);
        }
    }
}
