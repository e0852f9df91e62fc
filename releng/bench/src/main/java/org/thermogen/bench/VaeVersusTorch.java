package org.thermogen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.CsvSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.Transforms;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.vae.Likelihood;
import org.thermogen.runtime.vae.Vae;
import org.thermogen.runtime.vae.VaeSpec;
import org.thermogen.runtime.vae.VaeTraining;

/**
 * The Java side of {@code releng/bench/vae-vs-torch.sh}, and a runnable example of the VAE
 * runtime: trains the two-level VAE of notes 04 C on the 8x8 digits (pixels / 16, Bernoulli
 * likelihood, the first 1500 rows; the other 297 held out), networks {@code 64 -> H relu ->
 * [mu 16, logvar 16]}, {@code 16 -> H relu -> [mu 8, logvar 8]} and the mirrored decoders,
 * Adam, and reports training examples per second with the ratio to PyTorch's median (from
 * the {@code torch.json} its side wrote: float32 and float64 on 2 threads, float32 on 1), then the held-out ELBO
 * (10 draws per row) and importance-weighted bound (K = 100) after the same epochs.
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.VaeVersusTorch DIGITS.csv TORCH_DIR \
 *      [epochs 20] [batch 100] [lr 1e-3] [hidden 128] [threads 2] [repeats 3]
 * </pre>
 *
 * The first training in the JVM is timed on its own (a row of its own, against PyTorch's
 * first); then the same training runs untimed until {@value #WARM_UP_SECONDS} s have passed,
 * as on PyTorch's side, and the timed runs measure the steady state. They include the
 * per-epoch training ELBO the trainer reports but no held-out evaluation (no held-out set is
 * passed while timing).
 */
public final class VaeVersusTorch {
    private VaeVersusTorch() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: VaeVersusTorch DIGITS.csv TORCH_DIR [epochs batch lr hidden threads repeats]");
            System.exit(2);
        }
        Path csv = Path.of(args[0]).toAbsolutePath();
        Path torch = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        double lr = args.length > 4 ? Double.parseDouble(args[4]) : 1e-3;
        int hidden = args.length > 5 ? Integer.parseInt(args[5]) : 128;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 2;
        int repeats = args.length > 7 ? Integer.parseInt(args[7]) : 3;

        Dataset raw = CsvSource.builder().path(csv.toString()).label(64).build().read(csv.getParent(), "Digits");
        Dataset digits = Transforms.scale(1.0 / 16).apply(raw);
        int[] first = new int[1500];
        int[] rest = new int[digits.rows() - 1500];
        for (int i = 0; i < digits.rows(); i++) {
            if (i < 1500) {
                first[i] = i;
            } else {
                rest[i - 1500] = i;
            }
        }
        Dataset train = digits.select("Digits.train", first);
        Dataset test = digits.select("Digits.test", rest);

        Vae vae = new Vae("Digits", VaeSpec.builder(64).likelihood(Likelihood.BERNOULLI)
                .hidden(hidden, Activation.RELU).latent(16).latent(8).build());
        VaeTraining training = VaeTraining.builder().epochs(epochs).batch(batch)
                .optimizer(Adam.builder().lr(Schedule.constant(lr)).build()).build();
        System.out.printf(Locale.ROOT, "%s, %d parameters; %s; %d threads%n", vae, vae.paramCount(),
                training.describe(), threads);

        // The first run in this JVM is timed on its own (the JIT cold, as a user's first run is);
        // then the same training runs untimed until WARM_UP_SECONDS have passed, as it does on
        // PyTorch's side, and the timed runs measure the steady state of both.
        long begin = System.nanoTime();
        double cold = train.rows() * (double) epochs / trainOnce(vae, training, train, 99, threads).seconds();
        int warmUps = WarmUp.until(begin, WARM_UP_SECONDS, 0, () -> trainOnce(vae, training, train, 99, threads));
        double[] rates = new double[repeats];
        TrainingResult result = null;
        for (int r = 0; r < repeats; r++) {
            Timed timed = trainOnce(vae, training, train, r, threads);
            rates[r] = train.rows() * (double) epochs / timed.seconds();
            result = timed.result();
        }
        System.out.printf(Locale.ROOT, "thermogen first run %.0f examples/s; %d untimed runs to %.0f s%n", cold,
                warmUps + 1, WARM_UP_SECONDS);
        double elbo = vae.elbo(result.theta(), test, 10, new SplittableRandom(1000), null);
        double iwae = vae.importanceWeighted(result.theta(), test, 100, new SplittableRandom(1001), null);
        System.out.printf(Locale.ROOT, "thermogen %s networks, %s kernels, %d threads: examples/s %s; test ELBO %.3f,"
                + " IWAE(100) %.3f%n", org.thermogen.runtime.compute.Precision.networkDefault().keyword(),
                org.thermogen.runtime.compute.Backend.describe(), threads, format(rates), elbo, iwae);

        Map<String, Object> reference = Files.exists(torch.resolve("torch.json"))
                ? Json.parseObject(Files.readString(torch.resolve("torch.json")))
                : Map.of();
        String bestName = null;
        double bestRate = 0;
        double bestElbo = Double.NaN;
        String bestColdName = null;
        double bestCold = 0;
        for (String precision : List.of("float32", "float64", "float32_1thread")) {
            if (reference.get(precision) instanceof Map<?, ?> side) {
                if (side.get("first_run_examples_per_second") instanceof Number firstRun
                        && firstRun.doubleValue() > bestCold) {
                    bestCold = firstRun.doubleValue();
                    bestColdName = precision;
                }
                double torchRate = median(side.get("examples_per_second"));
                if (torchRate > bestRate) {
                    bestRate = torchRate;
                    bestName = precision;
                    bestElbo = ((Number) side.get("test_elbo")).doubleValue();
                }
                System.out.printf(Locale.ROOT,
                        "torch     %-15s: examples/s median %.0f; test ELBO %.3f, IWAE(100) %.3f; thermogen / torch"
                                + " examples per second: %.2f%n",
                        precision, torchRate, ((Number) side.get("test_elbo")).doubleValue(),
                        ((Number) side.get("test_iwae100")).doubleValue(), median(rates) / torchRate);
            }
        }
        if (bestName != null) {
            Result.print("VAE training, digits", Result.compute(threads), String.format(Locale.ROOT,
                    "%.0f examples/s", median(rates)), String.format(Locale.ROOT, "PyTorch %s: %.0f examples/s",
                    bestName.replace("_1thread", ", 1 thread"), bestRate), median(rates) / bestRate, String.format(Locale.ROOT,
                    "held-out ELBO %.2f vs %.2f", elbo, bestElbo));
        }
        if (bestColdName != null) {
            Result.print("VAE training, digits, first run of each side (cold)", Result.compute(threads),
                    String.format(Locale.ROOT, "%.0f examples/s", cold), String.format(Locale.ROOT,
                            "PyTorch %s: %.0f examples/s", bestColdName.replace("_1thread", ", 1 thread"), bestCold),
                    cold / bestCold, "one run each, not a median; Thermogen's in a fresh JVM, its JIT compiling");
        }
    }

    /** Untimed training before the timed runs, on both sides: the JIT's tiers settle within it. */
    static final double WARM_UP_SECONDS = 8;

    /** One training's wall time and result. */
    private record Timed(double seconds, TrainingResult result) {
    }

    /** One training from seed {@code seed}, timed. */
    private static Timed trainOnce(Vae vae, VaeTraining training, Dataset train, int seed, int threads) {
        RunContext context = new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
        try {
            double[] theta0 = vae.initialParameters(context.random("init"));
            long start = System.nanoTime();
            TrainingResult result = training.train(vae, theta0, train, null, context);
            return new Timed((System.nanoTime() - start) / 1e9, result);
        } finally {
            context.close();
        }
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(String.format(Locale.ROOT, "%.0f ", x));
        }
        return b.append(String.format(Locale.ROOT, "(median %.0f)", median(v))).toString();
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
}
