package org.thermogen.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.MoonsSource;
import org.thermogen.runtime.diffusion.Ddpm;
import org.thermogen.runtime.diffusion.DenoiserTraining;
import org.thermogen.runtime.diffusion.DiffusionModel;
import org.thermogen.runtime.diffusion.NoiseSchedule;
import org.thermogen.runtime.diffusion.Prediction;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.train.TrainingResult;

/**
 * The Java side of {@code releng/bench/diffusion-vs-torch.sh}: trains the two-moons
 * denoiser {@code mlp(18 -> H silu -> H silu -> 2)} (x and a 16-component time embedding)
 * under {@code cosine(1000)} with {@link DenoiserTraining} (batch 256, adam(lr 1e-3), clip 1,
 * ema 0.999) and reports training steps per second, then the seconds to draw N points with
 * 1000 DDPM steps (variance beta), each with the ratio to PyTorch's figures from the
 * {@code torch.json} its side wrote (float64, the precision Thermogen computes in, and
 * float32, and float32 on one thread, which a loaded machine disturbs least).
 *
 * <pre>
 * java -cp releng/bench/target/benchmarks.jar org.thermogen.bench.DiffusionVersusTorch TORCH_DIR \
 *      [steps 500] [hidden 64] [samples 10000] [threads 2] [repeats 3]
 * </pre>
 *
 * Training runs twice untimed (short) to warm the JIT; the timed runs are {@code steps}
 * steps each (5120 rows, 20 batches per epoch). The Thermogen time includes the per-epoch
 * bookkeeping of its history; neither side evaluates anything during the timed runs.
 */
public final class DiffusionVersusTorch {
    private static final int ROWS = 5120;
    private static final int BATCH = 256;

    private DiffusionVersusTorch() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DiffusionVersusTorch TORCH_DIR [steps hidden samples threads repeats]");
            System.exit(2);
        }
        Path torch = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 10000;
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        int repeats = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        int epochs = Math.max(1, steps / (ROWS / BATCH));

        Dataset moons = MoonsSource.builder().n(ROWS).noise(0.05).seed(0).build().read(Path.of(""), "Moons");
        DiffusionModel model = DiffusionModel.builder("Bench", 2).schedule(NoiseSchedule.cosine(1000)).timeEmbedding(16)
                .hidden(hidden, Activation.SILU).hidden(hidden, Activation.SILU).predicts(Prediction.EPSILON).build();
        DenoiserTraining warm = DenoiserTraining.builder().epochs(3).batch(BATCH).build();
        DenoiserTraining timed = warm.withEpochs(epochs);
        System.out.printf(Locale.ROOT, "%s; %s; %d threads%n", model.describe(), timed.describe(), threads);

        double[] rates = new double[repeats];
        TrainingResult result = null;
        for (int r = -2; r < repeats; r++) {
            RunContext context = new RunContext(Math.max(r, 0), Path.of(""), ProgressListener.NONE, threads);
            try {
                double[] theta0 = model.initialParameters(context.random("init"));
                long start = System.nanoTime();
                result = (r < 0 ? warm : timed).train(model, theta0, moons, context);
                if (r >= 0) {
                    rates[r] = epochs * (ROWS / BATCH) / ((System.nanoTime() - start) / 1e9);
                }
            } finally {
                context.close();
            }
        }
        RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, threads);
        double seconds;
        try {
            Ddpm ddpm = new Ddpm(Ddpm.Variance.BETA);
            ddpm.sample(model.schedule(), model.denoiser(result.theta()), 200, context); // warm-up
            long start = System.nanoTime();
            ddpm.sample(model.schedule(), model.denoiser(result.theta()), samples, context);
            seconds = (System.nanoTime() - start) / 1e9;
        } finally {
            context.close();
        }
        System.out.printf(Locale.ROOT, "thermogen: train steps/s %s (median %.1f); %d samples x 1000 steps in %.2f s%n",
                format(rates), median(rates), samples, seconds);

        if (!Files.exists(torch.resolve("torch.json"))) {
            return;
        }
        Map<String, Object> reference = Json.parseObject(Files.readString(torch.resolve("torch.json")));
        String bestTrain = null;
        String bestSample = null;
        double bestRate = 0;
        double bestSeconds = Double.POSITIVE_INFINITY;
        for (String precision : List.of("float64", "float32", "float32_1thread")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> side = (Map<String, Object>) reference.get(precision);
            double torchRate = median(side.get("train_steps_per_second"));
            double torchSeconds = ((Number) side.get("sample_seconds")).doubleValue();
            if (torchRate > bestRate) {
                bestRate = torchRate;
                bestTrain = precision;
            }
            if (torchSeconds < bestSeconds) {
                bestSeconds = torchSeconds;
                bestSample = precision;
            }
            System.out.printf(Locale.ROOT, "against torch %s: training steps/s thermogen / torch = %.2f;"
                    + " sampling time torch / thermogen = %.2f (above 1: thermogen faster)%n", precision,
                    median(rates) / torchRate, torchSeconds / seconds);
        }
        Result.print("DDPM training, moons", Result.compute(threads), String.format(Locale.ROOT, "%.0f steps/s",
                median(rates)), String.format(Locale.ROOT, "PyTorch %s: %.0f steps/s", label(bestTrain), bestRate),
                median(rates) / bestRate, "same network, batch, optimizer, clipping, EMA");
        Result.print("DDPM sampling, " + samples + " x 1000 steps", Result.compute(threads), String.format(Locale.ROOT,
                "%.2f s", seconds), String.format(Locale.ROOT, "PyTorch %s: %.2f s", label(bestSample), bestSeconds),
                bestSeconds / seconds, "same network, ddpm variance beta");
    }

    private static String label(String precision) {
        return precision.replace("_1thread", ", 1 thread");
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double x : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", x));
        }
        return b.toString();
    }

    private static double median(Object list) {
        if (list == null) {
            return Double.NaN;
        }
        List<?> values = (List<?>) list;
        double[] v = new double[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) values.get(i)).doubleValue();
        }
        return median(v);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
