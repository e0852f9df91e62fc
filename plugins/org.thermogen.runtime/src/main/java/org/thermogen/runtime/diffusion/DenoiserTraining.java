package org.thermogen.runtime.diffusion;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.nn.Mlp;
import org.thermogen.runtime.nn.Workspace;
import org.thermogen.runtime.run.Parallel;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.Adam;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.Epochs;
import org.thermogen.runtime.train.GradientClipping;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.HeldOutSettings;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.MiniBatches;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Updater;
import org.thermogen.runtime.train.Validation;

/**
 * Trains a {@link DiffusionModel}'s denoiser with the simplified loss of Ho et al. 2020,
 * {@code denoising(epochs 200, batch 256, optimizer adam(lr 1e-3), clip 1.0, ema 0.999)}:
 * for each row {@code x_0} of a mini-batch draw {@code t} uniformly from {@code 1 .. T} and
 * {@code eps ~ N(0, I)}, form {@code x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps}, and
 * minimise the mean squared error between the network's output at {@code (x_t, t)} and the
 * target of the model's {@link Prediction} type ({@code eps}, {@code x_0} or
 * {@code v = sqrt(abar_t) eps - sqrt(1 - abar_t) x_0}), averaged over rows and coordinates.
 *
 * <p>Each step: the gradient (by back-propagation) is clipped to global norm {@code clip}
 * (0 turns clipping off), the optimizer moves the parameters, and an exponential moving
 * average {@code ema <- d ema + (1 - d) theta} with decay {@code d} follows them. The
 * result's {@code theta} is the average (the weights to sample with, as in Ho et al.); with
 * {@code ema 0} it is the last iterate.
 *
 * <p>History columns: {@code epoch}, {@code mse} (the mean loss of the epoch's batches),
 * {@code grad_norm} (mean norm before clipping). Randomness: the first split of
 * {@code context.random("train, epoch e")} shuffles the rows of epoch {@code e}, the second draws the
 * timesteps and noises in row order; each batch is cut into a fixed number of pieces
 * (forward and backward in their own workspaces) whose gradients are summed in order, so
 * results are bit-identical with any number of threads. Steps allocate nothing.
 */
public final class DenoiserTraining implements org.thermogen.runtime.train.Trainer {
    /** Pieces of a batch; fixed so that sums never depend on the machine. */
    private static final int PIECES = 4;

    private final int epochs;
    private final int batch;
    private final Optimizer optimizer;
    private final double clip;
    private final double ema;
    private final int snapshots;
    private final Validation validation;

    private DenoiserTraining(Builder b) {
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.optimizer = b.optimizer;
        this.clip = b.clip;
        this.ema = b.ema;
        this.snapshots = b.snapshots;
        this.validation = b.buildValidation("ddpm");
    }

    /**
     * How many grids of samples the job writes while training ({@code progress/}), evenly
     * spaced over the epochs, for models whose samples are images; 0 for none.
     */
    public int snapshots() {
        return snapshots;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The trainer in .gen syntax. */
    @Override
    public String describe() {
        return "ddpm(epochs " + epochs + ", batch " + batch + ", optimizer " + optimizer.describe() + ", clip "
                + NoiseSchedule.format(clip) + ", ema " + NoiseSchedule.format(ema) + ", snapshots " + snapshots
                + (validation == null ? "" : validation.describe()) + ")";
    }

    /** The same settings with another number of epochs ({@code thermogen train --epochs N}). */
    @Override
    public DenoiserTraining withEpochs(int newEpochs) {
        Builder b = builder().epochs(newEpochs).batch(batch).optimizer(optimizer).clip(clip).ema(ema)
                .snapshots(snapshots);
        b.validationOf(validation);
        return b.build();
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /** What sampling uses: the moving average of the weights, or the last iterate without one. */
    @Override
    public double[] kept(TrainingState state) {
        return ema > 0 ? state.extra() : state.theta();
    }

    /**
     * The denoising loss ({@code mse}) on {@code rows}: one timestep and one noise per row,
     * drawn once from a stream of their own, so that every epoch is measured on the same
     * noised points; the network's forward pass alone, a block of rows at a time.
     */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        DiffusionModel m = model.requireCapability(DiffusionModel.class, describe());
        int d = m.dimension();
        if (rows.columns() != d) {
            throw new IllegalArgumentException(rows.name() + " has " + rows.columns() + " columns, but " + m.name()
                    + " models points of " + d);
        }
        int n = rows.rows();
        double[] xt = new double[n * d];
        double[] target = new double[n * d];
        int[] t = new int[n];
        NoiseSchedule schedule = m.schedule();
        SplittableRandom noise = context.random("held out");
        double[] x0 = rows.values();
        for (int r = 0; r < n; r++) {
            int step = 1 + noise.nextInt(schedule.steps());
            t[r] = step;
            double a = schedule.sqrtAlphaBar(step);
            double s = schedule.sqrtOneMinusAlphaBar(step);
            for (int j = r * d; j < (r + 1) * d; j++) {
                double eps = noise.nextGaussian();
                xt[j] = a * x0[j] + s * eps;
                target[j] = m.prediction().target(x0[j], eps, a, s);
            }
        }
        Mlp net = m.network();
        int width = net.spec().inputSize();
        int block = Math.max(1, Math.min(n, 256));
        Workspace ws = net.workspace(block);
        double[] in = new double[block * width];
        return theta -> {
            double sum = 0;
            for (int from = 0; from < n; from += block) {
                int count = Math.min(block, n - from);
                for (int r = 0; r < count; r++) {
                    System.arraycopy(xt, (from + r) * d, in, r * width, d);
                    m.embed(theta, t[from + r], in, r * width + d);
                }
                net.forward(theta, in, count, ws);
                double[] out = ws.output();
                for (int i = 0; i < count * d; i++) {
                    double diff = out[i] - target[from * d + i];
                    sum += diff * diff;
                }
            }
            return sum / ((double) n * d);
        };
    }

    @Override
    public Optional<String> refusal(ModelOutline model) {
        return model.offers(DiffusionModel.class) ? Optional.empty()
                : Optional.of("ddpm trains diffusion models (`diffusion with S denoiser N`); " + model.name()
                        + " is a " + model.description());
    }

    /**
     * Trains the denoiser of a generated diffusion model ({@link DiffusionStructure}).
     *
     * @throws IllegalArgumentException if the model is not a diffusion model
     */
    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        return train(model.requireCapability(DiffusionModel.class, describe()), initialTheta, data, context);
    }

    /**
     * Trains from {@code initialTheta} (not modified) on the rows of {@code data}.
     *
     * @throws IllegalArgumentException if the data's columns do not match the model
     * @throws DivergenceException      if the loss or the parameters become non-finite
     */
    public TrainingResult train(DiffusionModel model, double[] initialTheta, Dataset data, RunContext context) {
        checkTraining(model, initialTheta, data);
        return new Run(model, initialTheta, null, data, context, null).run();
    }

    private static void checkTraining(DiffusionModel model, double[] initialTheta, Dataset data) {
        if (data.columns() != model.dimension()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, but "
                    + model.name() + " models points of " + model.dimension());
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException(data.name() + " has no rows to train on");
        }
        if (initialTheta.length != model.parameterCount()) {
            throw new IllegalArgumentException(model.name() + " has " + model.parameterCount() + " parameters, not "
                    + initialTheta.length);
        }
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        DiffusionModel m = model.requireCapability(DiffusionModel.class, describe());
        from.requireOf(describe(), m.name(), m.parameterCount(), epochs, List.of("epoch", "mse", "grad_norm"), false);
        if (from.extra().length != (ema > 0 ? m.parameterCount() : 0)) {
            throw new IllegalArgumentException("the saved run's moving average is not one of " + m.name()
                    + " trained by " + describe());
        }
        if (data.columns() != m.dimension()) {
            throw new IllegalArgumentException(data.name() + " has " + data.columns() + " columns, but "
                    + m.name() + " models points of " + m.dimension());
        }
        return new Run(m, from.theta(), from, data, context, null).run();
    }

    /** One training run: work arrays allocated once. */
    /**
     * Where a batch's gradient is computed: on this machine's threads (the default), or on a
     * cluster whose partitions hold the training rows ({@code org.thermogen.spark}).
     */
    public interface Gradients {
        /**
         * Adds {@code scale / 2} times the gradient of the batch's summed squared error to
         * {@code grad} (zero on entry) and returns that sum: row {@code batchRows[r]} of the
         * training data, noised to step {@code t[r]} with the noise {@code eps[r d .. r d + d)}.
         */
        double batch(double[] theta, int[] batchRows, int rows, int[] t, double[] eps, double scale, double[] grad);
    }

    /**
     * As {@link #train(DiffusionModel, double[], Dataset, RunContext)}, each batch's gradient from
     * {@code gradients} (the training rows on a cluster): the batches, steps, noise, clipping,
     * optimizer and average are this machine's, so the parameters agree with training here up
     * to the order in which each gradient's terms are added.
     */
    public TrainingResult train(DiffusionModel model, double[] initialTheta, Dataset data, Gradients gradients,
            RunContext context) {
        return train(model, initialTheta, data, data.rows(), gradients, context);
    }

    /**
     * {@link #train(DiffusionModel, double[], Dataset, Gradients, RunContext)} for {@code rows}
     * training rows that {@code gradients} reads where they are (a cluster's executors), of which
     * {@code sample} is the part held here: the batches are drawn from all {@code rows}, and the
     * sample serves the check of the data's width.
     */
    public TrainingResult train(DiffusionModel model, double[] initialTheta, Dataset sample, int rows,
            Gradients gradients, RunContext context) {
        checkTraining(model, initialTheta, sample);
        return new Run(model, initialTheta, null, sample, rows, context, java.util.Objects.requireNonNull(gradients))
                .run();
    }

    private final class Run implements Gradients {
        private final Gradients gradients;
        private final int[] batchRows;
        private final double[] eps;
        private final DiffusionModel model;
        private final Mlp net;
        private final NoiseSchedule schedule;
        private final Dataset data;
        private final RunContext context;
        private final int d;
        private final int width;
        private final double[] theta;
        private final double[] average;
        private final double[] grad;
        private final MiniBatches batches;
        private final double[] x0;
        private final double[] xt;
        private final double[] target;
        private final int[] t;
        private final double[][] inputs;
        private final double[][] deltas;
        private final double[][] inputGrads;
        private final Workspace[] workspaces;
        private final double[][] pieceGrad;
        private final double[] pieceLoss;
        /** This epoch's stream of timesteps and noise. */
        private SplittableRandom noise;
        private final TrainingState from;
        private final Updater updater;

        Run(DiffusionModel model, double[] initialTheta, TrainingState from, Dataset data, RunContext context,
                Gradients gradients) {
            this(model, initialTheta, from, data, data.rows(), context, gradients);
        }

        /** @param rows the training rows, {@code data}'s or more, where {@code gradients} reads them */
        Run(DiffusionModel model, double[] initialTheta, TrainingState from, Dataset data, int rows,
                RunContext context, Gradients gradients) {
            this.gradients = gradients == null ? this : gradients;
            this.model = model;
            this.net = model.network();
            this.schedule = model.schedule();
            this.data = data;
            this.context = context;
            this.d = model.dimension();
            this.width = net.spec().inputSize();
            this.theta = initialTheta.clone();
            this.average = from != null && ema > 0 ? from.extra().clone() : initialTheta.clone();
            this.from = from;
            this.updater = optimizer.start(model.spec());
            if (from != null) {
                updater.restore(from.optimizer());
            }
            this.grad = new double[theta.length];
            this.batches = new MiniBatches(rows, batch);
            int b = batches.batchSize();
            this.x0 = new double[b * d];
            this.xt = new double[b * d];
            this.target = new double[b * d];
            this.t = new int[b];
            this.batchRows = new int[b];
            this.eps = new double[b * d];
            int perPiece = Math.max(1, (b + PIECES - 1) / PIECES);
            this.inputs = new double[PIECES][perPiece * width];
            this.deltas = new double[PIECES][perPiece * d];
            this.inputGrads = new double[PIECES][model.learnedTime() ? perPiece * width : 0];
            this.workspaces = new Workspace[PIECES];
            this.pieceGrad = new double[PIECES][theta.length];
            this.pieceLoss = new double[PIECES];
            for (int p = 0; p < PIECES; p++) {
                workspaces[p] = net.workspace(perPiece);
            }
        }

        TrainingResult run() {
            MetricsHistory history = new MetricsHistory("epoch", "mse", "grad_norm");
            int first = from == null ? 1 : from.epoch() + 1;
            if (from != null) {
                // The epochs done before: the history of a continued run is the whole run's.
                for (double[] row : from.history()) {
                    history.add(row);
                }
            }
            long total = (long) epochs * batches.count();
            long done = (long) (first - 1) * batches.count();
            double lastLoss = Double.NaN;
            context.listener().begin("train " + model.name(), epochs);
            try {
                for (int epoch = first; epoch <= epochs; epoch++) {
                    // Every epoch's randomness from its own streams of the seed: a resumed run draws
                    // what the run it continues would have drawn.
                    SplittableRandom random = context.random("train, epoch " + epoch);
                    batches.shuffleFromStart(random.split());
                    noise = random.split();
                    double lossSum = 0;
                    double normSum = 0;
                    for (int k = 0; k < batches.count(); k++) {
                        context.checkCancelled();
                        int rows = batches.size(k);
                        double loss = gradient(k, rows);
                        double norm = clip > 0 ? GradientClipping.clip(grad, clip) : GradientClipping.norm(grad);
                        if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                            throw new DivergenceException("denoising training of " + model.name() + " diverged in epoch "
                                    + epoch + " (loss " + loss + ", gradient norm " + norm
                                    + "); lower the learning rate or clip the gradient");
                        }
                        updater.step(theta, grad, (double) done / total);
                        done++;
                        // Bias toward the start is negligible after 1/(1-ema) steps; short runs use a warm-up decay.
                        double decay = Math.min(ema, (1.0 + done) / (10.0 + done));
                        for (int i = 0; i < theta.length; i++) {
                            average[i] = decay * average[i] + (1 - decay) * theta[i];
                        }
                        lossSum += loss;
                        normSum += norm;
                    }
                    lastLoss = lossSum / batches.count();
                    history.add(epoch, lastLoss, normSum / batches.count());
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("mse", lastLoss);
                    context.listener().state(new TrainingState(epoch, theta.clone(), updater.state(),
                            ema > 0 ? average.clone() : new double[0], history.columns(),
                            java.util.Collections.unmodifiableList(history.rows())));
                    context.listener().step(epoch, metrics);
                    context.listener().snapshot(epoch, ema > 0 ? average : theta);
                }
            } finally {
                context.listener().end();
            }
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("final_mse", lastLoss);
            summary.put("steps", (double) done);
            summary.put("ema", ema);
            return new TrainingResult(ema > 0 ? average.clone() : theta.clone(), history, summary);
        }

        /** Fills {@link #grad} with the gradient of batch {@code k}'s mean squared error and returns the error. */
        private double gradient(int k, int rows) {
            int steps = schedule.steps();
            for (int r = 0; r < rows; r++) {
                batchRows[r] = batches.row(k, r);
                t[r] = 1 + noise.nextInt(steps);
                for (int j = r * d, e = 0; e < d; j++, e++) {
                    eps[j] = noise.nextGaussian();
                }
            }
            java.util.Arrays.fill(grad, 0);
            return gradients.batch(theta, batchRows, rows, t, eps, 2.0 / ((double) rows * d), grad)
                    / ((double) rows * d);
        }

        /** This machine's gradient: the batch noised here, then cut into fixed pieces on the context's threads. */
        @Override
        public double batch(double[] at, int[] rowsOf, int rows, int[] steps, double[] noiseOf, double scale,
                double[] out) {
            double[] values = data.values();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(values, rowsOf[r] * d, x0, r * d, d);
            }
            model.noise(x0, steps, noiseOf, rows, xt, target);
            Parallel.forRanges(context.pool(), rows, PIECES, (p, from, to) -> {
                double[] g = pieceGrad[p];
                java.util.Arrays.fill(g, 0);
                pieceLoss[p] = 0;
                if (to == from) {
                    return;
                }
                pieceLoss[p] = model.squaredErrorGradient(at, xt, steps, target, from, to - from, scale, inputs[p],
                        workspaces[p], deltas[p], inputGrads[p], g);
            });
            double loss = 0;
            for (int p = 0; p < PIECES; p++) {
                double[] g = pieceGrad[p];
                for (int i = 0; i < out.length; i++) {
                    out[i] += g[i];
                }
                loss += pieceLoss[p];
            }
            return loss;
        }
    }

    /** Settings of {@code denoising(...)}. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private int epochs = 200;
        private int batch = 256;
        private Optimizer optimizer = Adam.builder().build();
        private double clip = 1.0;
        private double ema = 0.999;
        private int snapshots = 5;

        private Builder() {
        }

        /** Passes over the data. Default 200. */
        public Builder epochs(int v) {
            this.epochs = v;
            return this;
        }

        /** Rows per mini-batch. Default 256. */
        public Builder batch(int v) {
            this.batch = v;
            return this;
        }

        /** Default {@code adam(lr 1e-3)}. */
        public Builder optimizer(Optimizer v) {
            this.optimizer = Objects.requireNonNull(v);
            return this;
        }

        /** Largest gradient norm, or 0 for no clipping. Default 1. */
        public Builder clip(double v) {
            this.clip = v;
            return this;
        }

        /** Decay of the moving average of the weights in [0, 1); 0 for none. Default 0.999. */
        public Builder ema(double v) {
            this.ema = v;
            return this;
        }

        /**
         * Grids of samples written during training (image data only), evenly spaced over the
         * epochs; 0 for none. Default 5. They are drawn from their own random stream, so the
         * training is the same with or without them.
         */
        public Builder snapshots(int v) {
            this.snapshots = v;
            return this;
        }


        public DenoiserTraining build() {
            Optimizer.requireStochastic(optimizer, "ddpm", "adam(lr 1e-3)");
            if (snapshots < 0) {
                throw new IllegalArgumentException("denoising snapshots must be 0 (none) or more, not " + snapshots);
            }
            Epochs.require("ddpm", epochs);
            if (batch < 1) {
                throw new IllegalArgumentException("denoising batch must be at least 1, not " + batch);
            }
            if (!(clip >= 0) || Double.isInfinite(clip)) {
                throw new IllegalArgumentException("denoising clip must be a finite number 0 or more (0: no clipping),"
                        + " not " + clip);
            }
            if (!(ema >= 0 && ema < 1)) {
                throw new IllegalArgumentException("denoising ema must satisfy 0 <= ema < 1, not " + ema);
            }
            return new DenoiserTraining(this);
        }
    }
}
