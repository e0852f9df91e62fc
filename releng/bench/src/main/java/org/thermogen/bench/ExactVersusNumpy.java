package org.thermogen.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.function.DoubleSupplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.exact.Enumeration;
import org.thermogen.runtime.gaussian.GaussianStructure;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.MaximumLikelihood;
import org.thermogen.runtime.train.TrainingResult;

/**
 * The Java side of {@code releng/bench/exact-vs-numpy.sh}, on the problem its NumPy side
 * wrote: {@code ln Z} of a Boltzmann machine of N spins by the runtime's Gray-code
 * enumeration ({@link Enumeration#logPartition}), and Gaussian maximum likelihood by the
 * {@code max_likelihood} trainer (which also measures the negative log-likelihood before and
 * after the fit). Each at 1 thread and at all cores, best of five after a warm-up, against
 * NumPy's best, with both sides' values side by side.
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.ExactVersusNumpy NUMPY_DIR
 * </pre>
 */
public final class ExactVersusNumpy {
    private ExactVersusNumpy() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Map<String, Object> numpy = Json.parseObject(Files.readString(dir.resolve("numpy.json")));
        int cores = Runtime.getRuntime().availableProcessors();
        int[] threadCounts = cores == 1 ? new int[] {1} : new int[] {1, cores};

        Npy.Array j = Npy.read(dir.resolve("couplings.npy"));
        Npy.Array h = Npy.read(dir.resolve("fields.npy"));
        int n = h.values().length;
        PairwiseEnergy e = new PairwiseEnergy(n, Domain.SPIN);
        for (int a = 0; a < n; a++) {
            e.addBias(a, h.values()[a]);
            for (int b = a + 1; b < n; b++) {
                e.addPair(a, b, j.values()[a * n + b]);
            }
        }
        double[] lnz = new double[1];
        Best lnzBest = best(threadCounts, threads -> {
            ForkJoinPool pool = threads == 1 ? null : new ForkJoinPool(threads);
            try {
                return time(() -> lnz[0] = Enumeration.logPartition(e, pool), 3);
            } finally {
                if (pool != null) {
                    pool.shutdown();
                }
            }
        }, "ln Z of " + n + " spins");
        Reference lnzRef = reference(numpy, "lnz");
        Result.print("exact ln Z, " + n + " spins, dense couplings", "enumeration, " + lnzBest.config(),
                String.format(Locale.ROOT, "%.4f s", lnzBest.seconds()), String.format(Locale.ROOT,
                        "NumPy blocks of states, %s: %.4f s", lnzRef.config(), lnzRef.seconds()),
                lnzRef.seconds() / lnzBest.seconds(), String.format(Locale.ROOT, "ln Z %.10f vs %.10f", lnz[0],
                        lnzRef.value()));

        Npy.Array x = Npy.read(dir.resolve("gauss.npy"));
        int rows = x.shape()[0];
        int d = x.shape()[1];
        Dataset data = new Dataset("gauss", rows, d, x.values(), null);
        Body model = new Body(d);
        double[] fitted = new double[1];
        Best mlBest = best(threadCounts, threads -> {
            RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, threads);
            try {
                return time(() -> {
                    TrainingResult r = MaximumLikelihood.builder().build().train(model,
                            model.spec().initialParameters(context.random("init")), data, context);
                    double[] nll = r.history().column("neg_log_likelihood");
                    return fitted[0] = -nll[nll.length - 1];
                }, 5);
            } finally {
                context.close();
            }
        }, "Gaussian ML, " + rows + " x " + d);
        Reference mlRef = reference(numpy, "gauss");
        Result.print("Gaussian maximum likelihood, " + rows + " x " + d, "max_likelihood, " + mlBest.config(),
                String.format(Locale.ROOT, "%.4f s", mlBest.seconds()), String.format(Locale.ROOT,
                        "NumPy mean, covariance, Cholesky, %s: %.4f s", mlRef.config(), mlRef.seconds()),
                mlRef.seconds() / mlBest.seconds(), String.format(Locale.ROOT,
                        "mean log-density %.8f vs %.8f (the trainer also scores the start)", fitted[0], mlRef.value()));
    }

    private interface Timed {
        double seconds(int threads) throws Exception;
    }

    private record Best(double seconds, String config) {
    }

    private record Reference(double seconds, double value, String config) {
    }

    private static Best best(int[] threadCounts, Timed timed, String what) throws Exception {
        Best best = null;
        for (int threads : threadCounts) {
            double s = timed.seconds(threads);
            System.out.printf(Locale.ROOT, "thermogen %s, %d threads: %.4f s%n", what, threads, s);
            if (best == null || s < best.seconds()) {
                best = new Best(s, threads + (threads == 1 ? " thread" : " threads"));
            }
        }
        return best;
    }

    /** Best seconds of five timed calls after {@code warmup} untimed ones. */
    private static double time(DoubleSupplier work, int warmup) {
        for (int i = 0; i < warmup; i++) {
            work.getAsDouble();
        }
        double[] s = new double[5];
        for (int i = 0; i < s.length; i++) {
            long t0 = System.nanoTime();
            work.getAsDouble();
            s[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(s);
        return s[0];
    }

    private static Reference reference(Map<String, Object> numpy, String key) {
        Reference best = null;
        for (Map.Entry<?, ?> e : ((Map<?, ?>) numpy.get(key)).entrySet()) {
            Map<?, ?> m = (Map<?, ?>) e.getValue();
            double s = ((Number) m.get("seconds")).doubleValue();
            if (best == null || s < best.seconds()) {
                best = new Reference(s, ((Number) m.get("value")).doubleValue(),
                        e.getKey() + ("1".equals(e.getKey()) ? " thread" : " threads"));
            }
        }
        return best;
    }

    /** {@code param mu[d]; param Sigma[d,d] : spd; energy 0.5 (x - mu)' inv(Sigma) (x - mu)}, as generated. */
    private static final class Body extends EnergyModel {
        private final int d;
        private final ModelSpec spec;

        Body(int d) {
            this.d = d;
            this.spec = ModelSpec.builder("Body" + d).variable("x", Role.OBSERVED, Domain.REAL, Shape.of(d), false)
                    .param("mu", Shape.of(d), Init.zeros(), false)
                    .param("Sigma", Shape.of(d, d), Init.identity(), false, Constraint.SPD).build();
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        private DMatrixRMaj precision(double[] theta) {
            DMatrixRMaj s = new DMatrixRMaj(d, d);
            System.arraycopy(theta, d, s.data, 0, d * d);
            DMatrixRMaj p = new DMatrixRMaj(d, d);
            CommonOps_DDRM.invert(s, p);
            return p;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            DMatrixRMaj p = precision(theta);
            double e = 0;
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    e += 0.5 * (x[i] - theta[i]) * p.get(i, k) * (x[k] - theta[k]);
                }
            }
            return e;
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            // dE/dmu = -P (x - mu); dE/dSigma = -0.5 P (x - mu)(x - mu)' P, with u = P (x - mu).
            DMatrixRMaj p = precision(theta);
            double[] u = new double[d];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    u[i] += p.get(i, k) * (x[k] - theta[k]);
                }
            }
            for (int i = 0; i < d; i++) {
                grad[i] -= scale * u[i];
                for (int k = 0; k < d; k++) {
                    grad[d + i * d + k] -= scale * 0.5 * u[i] * u[k];
                }
            }
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            DMatrixRMaj p = precision(theta);
            Arrays.fill(gradX, 0.0);
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    gradX[i] += p.get(i, k) * (x[k] - theta[k]);
                }
            }
        }

        @Override
        public Structure structure() {
            return new GaussianStructure((mean, covariance, theta) -> {
                System.arraycopy(mean, 0, theta, 0, d);
                System.arraycopy(covariance.data, 0, theta, d, d * d);
            });
        }
    }
}
