package org.thermogen.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.Transforms;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.rbm.BipartiteStructure;
import org.thermogen.runtime.rbm.ContrastiveDivergence;
import org.thermogen.runtime.rbm.PersistentContrastiveDivergence;
import org.thermogen.runtime.rbm.RbmMetrics;
import org.thermogen.runtime.rbm.RbmModel;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;

/**
 * The Java side of {@code releng/bench/rbm-vs-sklearn.sh}: trains the digits RBM (64 binary
 * visibles, 100 binary hiddens) with the settings scikit-learn's {@code BernoulliRBM} used,
 * reports wall seconds per epoch (and the ratio to scikit-learn's median from the
 * {@code sklearn.json} its side wrote), and the exact pseudo-log-likelihood on all rows of
 * its own parameters and of scikit-learn's (read from the {@code .npy} files). Beside wall
 * time it reports the CPU time of the training thread (with more than one thread the
 * per-epoch figures are measured on a worker meanwhile); process CPU time is not reliable in
 * sandboxes such as this project's.
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.RbmVersusSklearn DIGITS.csv SKLEARN_DIR \
 *      [epochs 20] [batch 10] [lr 0.1] [hidden 100] [threads 2] [repeats 5]
 * </pre>
 *
 * BernoulliRBM is persistent CD-1 with one chain per mini-batch row, so the like-for-like
 * comparison is {@code pcd(k 1, chains batch)}; {@code cd(k 1)} is reported beside it. Both
 * use plain SGD (no momentum, no weight decay) and weights starting normal(0, 0.01). Each
 * trainer trains untimed until {@value #WARM_UP_SECONDS} s have passed (at least twice), as
 * scikit-learn does on its side, then {@code repeats} times timed; the time
 * includes the trainer's per-epoch pseudo-likelihood and reconstruction error on 500 rows,
 * which scikit-learn does not compute, and each is measured again with those figures at the
 * first and last epoch only ({@code monitor_every} the epochs): the same training, to the bit.
 */
public final class RbmVersusSklearn {
    /**
     * Untimed training per trainer first, on both sides, so that the timed runs measure the
     * steady state: two runs (0.2 s) left the per-epoch monitor's kernels interpreted in some
     * rounds (PCD's first timed repeats at 0.018 s/epoch, the later ones at 0.005).
     */
    static final double WARM_UP_SECONDS = 3;
    private static final int WARMUP = 2;

    private RbmVersusSklearn() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: RbmVersusSklearn DIGITS.csv SKLEARN_DIR [epochs batch lr hidden threads repeats]");
            System.exit(2);
        }
        Path csv = Path.of(args[0]).toAbsolutePath();
        Path sklearn = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        double lr = args.length > 4 ? Double.parseDouble(args[4]) : 0.1;
        int hidden = args.length > 5 ? Integer.parseInt(args[5]) : 100;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        int repeats = args.length > 7 ? Integer.parseInt(args[7]) : 5;

        Dataset raw = CsvSource.builder().path(csv.toString()).label(64).build().read(csv.getParent(), "Digits");
        Dataset digits = Transforms.binarize(0.5).apply(Transforms.scale(1.0 / 16).apply(raw));
        DigitsRbm model = new DigitsRbm(digits.columns(), hidden);
        Sgd sgd = Sgd.builder().lr(Schedule.constant(lr)).build();
        // Each also with its figures on training rows at the start and the end only (monitor_every
        // epochs): the training alone, as scikit-learn (which measures nothing per epoch) spends it.
        Trainer[] trainers = {
            PersistentContrastiveDivergence.builder().k(1).chains(batch).optimizer(sgd).epochs(epochs).batch(batch).build(),
            ContrastiveDivergence.builder().k(1).optimizer(sgd).epochs(epochs).batch(batch).build(),
            PersistentContrastiveDivergence.builder().k(1).chains(batch).optimizer(sgd).epochs(epochs).batch(batch)
                    .monitorEvery(epochs).build(),
            ContrastiveDivergence.builder().k(1).optimizer(sgd).epochs(epochs).batch(batch).monitorEvery(epochs).build()};
        System.out.printf(Locale.ROOT, "digits: %d rows x %d pixels, %.3f of them on; %d hidden units, %d epochs, batch %d,"
                + " lr %s, %d threads%n", digits.rows(), digits.columns(), mean(digits.values()), hidden, epochs, batch, lr,
                threads);
        Map<String, Object> reference = Files.exists(sklearn.resolve("sklearn.json"))
                ? Json.parseObject(Files.readString(sklearn.resolve("sklearn.json")))
                : Map.of();
        double sklearnWall = median(reference.get("seconds_per_epoch"));
        double sklearnPl = sklearnPseudoLikelihood(sklearn, digits, hidden);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (Trainer trainer : trainers) {
            double[] perEpoch = new double[repeats];
            double[] cpuPerEpoch = new double[repeats];
            TrainingResult result = null;
            WarmUp.until(System.nanoTime(), WARM_UP_SECONDS, WARMUP, () -> {
                try (RunContext context = new RunContext(0, Path.of(""), ProgressListener.NONE, threads)) {
                    trainer.train(model, model.spec().initialParameters(context.random("init")), digits, context);
                }
            });
            for (int r = 0; r < repeats; r++) {
                RunContext context = new RunContext(r, Path.of(""), ProgressListener.NONE, threads);
                try {
                    double[] theta0 = model.spec().initialParameters(context.random("init"));
                    long start = System.nanoTime();
                    long startCpu = cpu.getCurrentThreadCpuTime();
                    result = trainer.train(model, theta0, digits, context);
                    perEpoch[r] = (System.nanoTime() - start) / 1e9 / epochs;
                    cpuPerEpoch[r] = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e9 / epochs;
                } finally {
                    context.close();
                }
            }
            BipartiteEnergy e = RbmModel.energy(model, result.theta());
            double pl = RbmMetrics.pseudoLogLikelihood(e, digits.values(), digits.rows(), null);
            String name = trainer.describe().replaceAll(", optimizer .*, batch \\d+", "");
            System.out.printf(Locale.ROOT, "thermogen %-22s s/epoch %s; training thread cpu s/epoch %.4f; exact PL %.3f%n",
                    name, format(perEpoch), median(cpuPerEpoch), pl);
            if (!Double.isNaN(sklearnWall)) {
                System.out.printf(Locale.ROOT, "          %-22s sklearn's median time per epoch / this one's: %.2f%n", name,
                        sklearnWall / median(perEpoch));
                Result.print("RBM " + name + ", digits", threads + (threads == 1 ? " thread" : " threads"),
                        String.format(Locale.ROOT, "%.4f s/epoch", median(perEpoch)), String.format(Locale.ROOT,
                        "scikit-learn BernoulliRBM: %.4f s/epoch", sklearnWall), sklearnWall / median(perEpoch),
                        String.format(Locale.ROOT, "exact pseudo-likelihood %.2f vs %.2f", pl, sklearnPl));
            }
        }
        if (!Double.isNaN(sklearnPl)) {
            System.out.printf(Locale.ROOT, "sklearn   %-22s s/epoch median %.4f; exact PL %.3f (its parameters, scored"
                    + " here)%n", "BernoulliRBM", sklearnWall, sklearnPl);
        }
    }

    /** The exact pseudo-likelihood of scikit-learn's fitted parameters, scored by the same code; NaN without them. */
    private static double sklearnPseudoLikelihood(Path sklearn, Dataset digits, int hidden) throws IOException {
        if (!Files.exists(sklearn.resolve("W.npy"))) {
            return Double.NaN;
        }
        BipartiteEnergy e = new BipartiteEnergy(digits.columns(), hidden, Domain.BINARY, Domain.BINARY);
        double[] w = Npy.read(sklearn.resolve("W.npy")).values();
        double[] b = Npy.read(sklearn.resolve("b.npy")).values();
        double[] c = Npy.read(sklearn.resolve("c.npy")).values();
        for (int i = 0; i < digits.columns(); i++) {
            for (int j = 0; j < hidden; j++) {
                e.setPair(i, j, w[i * hidden + j]);
            }
            e.setVisible(i, b[i]);
        }
        for (int j = 0; j < hidden; j++) {
            e.setHidden(j, c[j]);
        }
        return RbmMetrics.pseudoLogLikelihood(e, digits.values(), digits.rows(), null);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(String.format(Locale.ROOT, "%.4f ", x));
        }
        return b.append(String.format(Locale.ROOT, "(median %.4f)", median(v))).toString();
    }

    private static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    /** The median of a JSON list of numbers, NaN if there is none. */
    private static double median(Object list) {
        if (!(list instanceof List<?> l) || l.isEmpty()) {
            return Double.NaN;
        }
        double[] v = new double[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) l.get(i)).doubleValue();
        }
        return median(v);
    }

    /**
     * {@code E(v, h) = -(v' * W * h) - b . v - c . h}, written as the generator writes it:
     * W[64, 100] init normal(0, 0.01), b and c zeros.
     */
    static final class DigitsRbm extends EnergyModel {
        private final int nv;
        private final int nh;
        private final ModelSpec spec;

        DigitsRbm(int nv, int nh) {
            this.nv = nv;
            this.nh = nh;
            this.spec = ModelSpec.builder("DigitsRbm")
                    .variable("v", Role.VISIBLE, Domain.BINARY, Shape.of(nv), false)
                    .variable("h", Role.HIDDEN, Domain.BINARY, Shape.of(nh), false)
                    .param("W", Shape.of(nv, nh), Init.normal(0, 0.01), false)
                    .param("b", Shape.of(nv), Init.zeros(), false)
                    .param("c", Shape.of(nh), Init.zeros(), false)
                    .build();
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            double e = 0;
            for (int i = 0; i < nv; i++) {
                for (int j = 0; j < nh; j++) {
                    e -= x[i] * theta[i * nh + j] * x[nv + j];
                }
                e -= theta[nv * nh + i] * x[i];
            }
            for (int j = 0; j < nh; j++) {
                e -= theta[nv * nh + nv + j] * x[nv + j];
            }
            return e;
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            for (int i = 0; i < nv; i++) {
                for (int j = 0; j < nh; j++) {
                    grad[i * nh + j] -= scale * x[i] * x[nv + j];
                }
                grad[nv * nh + i] -= scale * x[i];
            }
            for (int j = 0; j < nh; j++) {
                grad[nv * nh + nv + j] -= scale * x[nv + j];
            }
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            Arrays.fill(gradX, 0.0);
            for (int i = 0; i < nv; i++) {
                gradX[i] -= theta[nv * nh + i];
                for (int j = 0; j < nh; j++) {
                    gradX[i] -= theta[i * nh + j] * x[nv + j];
                    gradX[nv + j] -= x[i] * theta[i * nh + j];
                }
            }
            for (int j = 0; j < nh; j++) {
                gradX[nv + j] -= theta[nv * nh + nv + j];
            }
        }

        @Override
        public Structure structure() {
            return new BipartiteStructure(new BipartiteForm() {
                @Override
                public void couplings(double[] theta, BipartiteEnergy out) {
                    // What the generator writes for -(v' * W * h) - b . v - c . h: W a block at once.
                    out.clear();
                    out.addPairs(0, 0, nv, nh, theta, 0, 1.0);
                    for (int i = 0; i < nv; i++) {
                        out.addVisible(i, theta[nv * nh + i]);
                    }
                    for (int j = 0; j < nh; j++) {
                        out.addHidden(j, theta[nv * nh + nv + j]);
                    }
                }

                @Override
                public void addCouplingsAdjoint(double[] theta, BipartiteEnergy deta, double scale, double[] grad) {
                    deta.addPairsAdjoint(0, 0, nv, nh, scale, grad, 0);
                    for (int i = 0; i < nv; i++) {
                        grad[nv * nh + i] += scale * deta.visible(i);
                    }
                    for (int j = 0; j < nh; j++) {
                        grad[nv * nh + nv + j] += scale * deta.hidden(j);
                    }
                }

                @Override
                public boolean affine() {
                    return true;
                }

                @Override
                public BipartiteForm.Layout layout() {
                    return new BipartiteForm.Layout(0, 1.0, nv * nh, 1.0, nv * nh + nv, 1.0);
                }
            });
        }
    }
}
