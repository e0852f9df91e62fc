package org.thermogen.runtime.vae;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.model.ModelOutline;
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
 * Stochastic maximisation of the ELBO of a {@link Vae}, {@code vae(epochs 20, batch 100,
 * samples 1, clip 0, adam(lr 1e-3, ...))}: every mini-batch gives the gradient of the mean
 * one-sample (or {@code samples}-sample) ELBO through the reparameterisation, which the
 * optimizer (Adam by default, from {@code org.thermogen.runtime.train}) follows uphill.
 *
 * <p>{@code context.random("train, epoch e")} shuffles the rows of epoch {@code e} and, split once per
 * piece, draws the noise; each batch is cut into a fixed number of pieces whose gradients
 * are summed in order, so a run is bit-identical with any number of threads. The
 * history has one row per epoch: {@code epoch}, {@code neg_elbo} (the loss: minus the mean
 * training ELBO over the epoch's batches), {@code elbo}, and, when held-out rows are given to
 * {@link #train(Vae, double[], Dataset, Dataset, RunContext)}, {@code test_elbo} (the held-out
 * ELBO after the epoch with one draw per row from a fixed stream). A run from a model file
 * measures held-out rows with {@code validation D.part}, as every trainer does
 * ({@code held_out_neg_elbo}).
 * Settings objects are immutable.
 */
public final class VaeTraining implements org.thermogen.runtime.train.Trainer {
    private final int epochs;
    private final int batch;
    private final int samples;
    private final double clip;
    private final Optimizer optimizer;
    private final Validation validation;

    private VaeTraining(Builder b) {
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.samples = b.samples;
        this.clip = b.clip;
        this.optimizer = b.optimizer;
        this.validation = b.buildValidation("elbo");
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    /** The same settings with another number of epochs. */
    @Override
    public VaeTraining withEpochs(int n) {
        Builder b = new Builder().epochs(n).batch(batch).samples(samples).clip(clip).optimizer(optimizer);
        b.validationOf(validation);
        return b.build();
    }

    /** {@code elbo(epochs 20, batch 100, samples 1, clip 0, adam(...))}. */
    @Override
    public String describe() {
        return "elbo(epochs " + epochs + ", batch " + batch + ", samples " + samples + ", clip " + clip + ", "
                + optimizer.describe() + (validation == null ? "" : validation.describe()) + ")";
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /**
     * Minus the ELBO per row on {@code rows}, with one latent draw per row from the same fixed
     * stream at every call, so that epochs are compared on the same draws.
     */
    @Override
    public HeldOutLoss heldOutLoss(org.thermogen.runtime.model.Model model, Dataset rows, RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        Vae vae = model.requireCapability(Vae.class, describe());
        vae.checkData(rows);
        long seed = context.random("held out").nextLong();
        return theta -> -vae.elbo(theta, rows, 1, new SplittableRandom(seed), context.pool());
    }

    @Override
    public Optional<String> refusal(ModelOutline model) {
        return model.offers(Vae.class) ? Optional.empty()
                : Optional.of("elbo trains VAEs (latents with encoders q(z | x)); " + model.name() + " is a "
                        + model.description());
    }

    /**
     * Trains a generated VAE ({@link VaeStructure}) on the rows of {@code data}.
     *
     * @throws IllegalArgumentException if the model is not a VAE
     */
    @Override
    public TrainingResult train(org.thermogen.runtime.model.Model model, double[] initialTheta, Dataset data,
            RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        return train(model.requireCapability(Vae.class, describe()), initialTheta, data, null, context);
    }

    /**
     * Trains from {@code initialTheta} (not modified) on the rows of {@code train}.
     *
     * @param heldOut rows for the held-out ELBO per epoch, or null
     * @throws IllegalArgumentException if the data do not have the VAE's columns
     * @throws DivergenceException      if the ELBO or the parameters become non-finite
     */
    public TrainingResult train(Vae vae, double[] initialTheta, Dataset train, Dataset heldOut, RunContext context) {
        vae.checkTheta(initialTheta);
        vae.checkData(train);
        if (heldOut != null) {
            vae.checkData(heldOut);
        }
        return new Run(vae, initialTheta, null, train, heldOut, context, updater(vae), null).run();
    }

    /**
     * Where a batch's gradient is computed: on this machine's threads (the default), or on a
     * cluster whose partitions hold the training rows ({@code org.thermogen.spark}).
     */
    public interface Gradients {
        /**
         * Adds {@code scale} times the gradient of the batch's summed ELBO estimates to
         * {@code grad} (zero on entry) and returns that sum, over rows and draws.
         *
         * @param batchRows the batch's rows as indices into the training data, in batch order:
         *                  row {@code batchRows[i]} has place {@code i} (its noise, {@link BatchGradient})
         * @param size      rows in the batch ({@code batchRows} may be longer)
         */
        double batch(double[] theta, int[] batchRows, int size, long batchSeed, int samples, double scale,
                double[] grad);
    }

    /**
     * As {@link #train(Vae, double[], Dataset, Dataset, RunContext)}, each batch's gradient from
     * {@code gradients} (the training rows on a cluster): the same batches, the same noise per
     * row, the same optimizer steps on this machine, so the parameters agree with training here
     * up to the order in which each gradient's terms are added.
     */
    public TrainingResult train(Vae vae, double[] initialTheta, Dataset train, Dataset heldOut, Gradients gradients,
            RunContext context) {
        return train(vae, initialTheta, train, train.rows(), heldOut, gradients, context);
    }

    /**
     * {@link #train(Vae, double[], Dataset, Dataset, Gradients, RunContext)} for {@code rows}
     * training rows that {@code gradients} reads where they are (a cluster's executors), of which
     * {@code sample} is the part held here: the batches are drawn from all {@code rows}, and the
     * sample serves the checks of the data's width and domain.
     */
    public TrainingResult train(Vae vae, double[] initialTheta, Dataset sample, int rows, Dataset heldOut,
            Gradients gradients, RunContext context) {
        vae.checkTheta(initialTheta);
        vae.checkData(sample);
        if (heldOut != null) {
            vae.checkData(heldOut);
        }
        return new Run(vae, initialTheta, null, sample, rows, heldOut, context, updater(vae),
                java.util.Objects.requireNonNull(gradients)).run();
    }

    private Updater updater(Vae vae) {
        Updater updater = optimizer.start(vae.modelSpec());
        return clip > 0 ? GradientClipping.clipped(updater, clip) : updater;
    }

    @Override
    public boolean resumable() {
        return true;
    }

    @Override
    public TrainingResult resume(org.thermogen.runtime.model.Model model, TrainingState from, Dataset data,
            RunContext context) {
        ModelOutline.require(refusal(ModelOutline.of(model)));
        Vae vae = model.requireCapability(Vae.class, describe());
        // Runs saved before the column was dropped carry test_elbo (NaN): they continue as they were.
        from.requireOf(describe(), vae.name(), vae.paramCount(), epochs, from.columns().contains("test_elbo")
                ? WITH_TEST : List.of("epoch", "neg_elbo", "elbo"), false);
        vae.checkData(data);
        Updater updater = updater(vae);
        updater.restore(from.optimizer());
        return new Run(vae, from.theta(), from, data, null, context, updater, null).run();
    }

    private static final List<String> WITH_TEST = List.of("epoch", "neg_elbo", "elbo", "test_elbo");

    /** One training run: workers, gradients and batch order allocated once. */
    private final class Run implements Gradients {
        private final Vae vae;
        private final double[] theta;
        private final Dataset data;
        /** The training rows batches are drawn from: {@link #data}'s, or more where the gradients read them. */
        private final int rows;
        private final Dataset heldOut;
        private final RunContext context;
        private final Updater updater;
        private final MiniBatches batches;
        private final BatchGradient[] workers;
        private final double[][] pieceRows;
        private final int[][] piecePositions;
        private final double[][] pieceGrads;
        private final int[] batchRows;
        private final Gradients gradients;
        private final long evalSeed;
        private final int firstEpoch;
        private final TrainingState from;
        private final double[] pieceElbo;
        private final double[] grad;
        private final int pieces;
        /** The batch {@link #piece} works on: its rows, size, seed, draws and scale. */
        private double[] batchTheta;
        private int[] currentRows;
        private int batchSize;
        private long batchSeed;
        private int batchSamples;
        private double scale;

        Run(Vae vae, double[] initialTheta, TrainingState from, Dataset data, Dataset heldOut, RunContext context,
                Updater updater, Gradients gradients) {
            this(vae, initialTheta, from, data, data.rows(), heldOut, context, updater, gradients);
        }

        /** @param rows the training rows, {@code data}'s or more, where {@code gradients} reads them */
        Run(Vae vae, double[] initialTheta, TrainingState from, Dataset data, int rows, Dataset heldOut,
                RunContext context, Updater updater, Gradients gradients) {
            this.vae = vae;
            this.rows = rows;
            this.theta = initialTheta.clone();
            this.firstEpoch = from == null ? 1 : from.epoch() + 1;
            this.from = from;
            this.data = data;
            this.heldOut = heldOut;
            this.context = context;
            this.updater = updater;
            this.batches = new MiniBatches(rows, batch);
            this.pieces = Math.min(Vae.PIECES, batches.batchSize());
            int perPiece = (batches.batchSize() + pieces - 1) / pieces;
            int d = vae.spec().dataSize();
            this.workers = new BatchGradient[pieces];
            this.pieceRows = new double[pieces][perPiece * d];
            this.piecePositions = new int[pieces][perPiece];
            this.pieceGrads = new double[pieces][vae.paramCount()];
            for (int p = 0; p < pieces; p++) {
                workers[p] = new BatchGradient(vae, perPiece);
            }
            this.batchRows = new int[batches.batchSize()];
            this.gradients = gradients == null ? this : gradients;
            this.evalSeed = context.random("eval").nextLong();
            this.pieceElbo = new double[pieces];
            this.grad = new double[vae.paramCount()];
        }

        TrainingResult run() {
            boolean testColumn = heldOut != null || from != null && from.columns().contains("test_elbo");
            MetricsHistory history = testColumn ? new MetricsHistory(WITH_TEST.toArray(String[]::new))
                    : new MetricsHistory("epoch", "neg_elbo", "elbo");
            if (from != null) {
                // The epochs done before: the history of a continued run is the whole run's.
                for (double[] row : from.history()) {
                    history.add(row);
                }
            }
            long total = (long) epochs * batches.count();
            long updates = (long) (firstEpoch - 1) * batches.count();
            double elbo = Double.NaN;
            double testElbo = Double.NaN;
            context.listener().begin("train " + vae.name(), epochs);
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                // Every epoch's randomness from its own streams of the seed: a resumed run draws
                // what the run it continues would have drawn.
                SplittableRandom root = context.random("train, epoch " + epoch);
                batches.shuffleFromStart(root.split());
                // Each batch's noise from its seed, each row's from its place in the batch (RowNoise).
                long epochSeed = root.nextLong();
                double sum = 0;
                for (int b = 0; b < batches.count(); b++) {
                    context.checkCancelled();
                    int size = batches.size(b);
                    for (int i = 0; i < size; i++) {
                        batchRows[i] = batches.row(b, i);
                    }
                    Arrays.fill(grad, 0.0);
                    double batchElbo = gradients.batch(theta, batchRows, size, epochSeed + b * 0x9E3779B97F4A7C15L,
                            samples, -1.0 / ((double) size * samples), grad);
                    if (!Double.isFinite(batchElbo)) {
                        throw new DivergenceException("training diverged at epoch " + epoch + " of " + vae.name()
                                + ": the ELBO is not finite; lower lr or set clip");
                    }
                    sum += batchElbo;
                    updater.step(theta, grad, (double) updates / total);
                    updates++;
                    for (double t : theta) {
                        if (!Double.isFinite(t)) {
                            throw new DivergenceException("training diverged at epoch " + epoch + " of "
                                    + vae.name() + ": parameters are not finite; lower lr or set clip");
                        }
                    }
                }
                elbo = sum / ((double) rows * samples);
                if (heldOut != null) {
                    testElbo = vae.elbo(theta, heldOut, 1, new SplittableRandom(evalSeed), context.pool());
                }
                if (testColumn) {
                    history.add(epoch, -elbo, elbo, testElbo);
                } else {
                    history.add(epoch, -elbo, elbo);
                }
                // The loss first: listeners (the job's divergence watch among them) read the first
                // figure as what training lowers.
                Map<String, Double> figures = new LinkedHashMap<>();
                figures.put("neg_elbo", -elbo);
                figures.put("elbo", elbo);
                if (heldOut != null) {
                    figures.put("test_elbo", testElbo);
                }
                context.listener().state(new TrainingState(epoch, theta.clone(), updater.state(), new double[0],
                        history.columns(), java.util.Collections.unmodifiableList(history.rows())));
                context.listener().step(epoch, figures);
                context.listener().snapshot(epoch, theta);
            }
            context.listener().end();
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("epochs_run", (double) epochs);
            summary.put("elbo", elbo);
            if (heldOut != null) {
                summary.put("test_elbo", testElbo);
            }
            return new TrainingResult(theta, history, summary);
        }

        /** This machine's gradient: the batch cut into fixed pieces on the context's threads, summed in piece order. */
        @Override
        public double batch(double[] at, int[] rows, int size, long seed, int draws, double scaleBy, double[] out) {
            batchTheta = at;
            currentRows = rows;
            batchSize = size;
            batchSeed = seed;
            batchSamples = draws;
            scale = scaleBy;
            Parallel.forEach(context.pool(), pieces, this::piece);
            double total = 0;
            for (int p = 0; p < pieces; p++) {
                double[] g = pieceGrads[p];
                for (int i = 0; i < out.length; i++) {
                    out[i] += g[i];
                }
                total += pieceElbo[p];
            }
            return total;
        }

        /** Piece {@code p} of the current batch: its rows' ELBO and gradient, into its own slots. */
        private void piece(int p) {
            int per = piecePositions[p].length;
            int first = p * per;
            int n = Math.max(0, Math.min(per, batchSize - first));
            Arrays.fill(pieceGrads[p], 0.0);
            pieceElbo[p] = 0;
            if (n == 0) {
                return;
            }
            int d = vae.spec().dataSize();
            double[] values = data.values();
            double[] x = pieceRows[p];
            int[] positions = piecePositions[p];
            for (int i = 0; i < n; i++) {
                System.arraycopy(values, currentRows[first + i] * d, x, i * d, d);
                positions[i] = first + i;
            }
            pieceElbo[p] = workers[p].add(batchTheta, x, positions, n, batchSeed, batchSamples, scale, pieceGrads[p]);
        }
    }

    /** Settings of {@code vae(...)} training. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private int epochs = 20;
        private int batch = 100;
        private int samples = 1;
        private double clip;
        private Optimizer optimizer = Adam.builder().build();

        public Builder epochs(int v) {
            this.epochs = v;
            return this;
        }

        public Builder batch(int v) {
            this.batch = v;
            return this;
        }

        /** Draws per row and step for the Monte Carlo ELBO. */
        public Builder samples(int v) {
            this.samples = v;
            return this;
        }

        /** Clip each batch gradient to this global norm; 0 for no clipping. */
        public Builder clip(double v) {
            this.clip = v;
            return this;
        }

        public Builder optimizer(Optimizer v) {
            this.optimizer = java.util.Objects.requireNonNull(v);
            return this;
        }


        public VaeTraining build() {
            Optimizer.requireStochastic(optimizer, "elbo", "adam(lr 1e-3)");
            Epochs.require("elbo", epochs);
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be >= 1, got " + batch);
            }
            if (samples < 1) {
                throw new IllegalArgumentException("samples must be >= 1, got " + samples);
            }
            if (!(clip >= 0) || Double.isInfinite(clip)) {
                throw new IllegalArgumentException("clip must be a finite norm >= 0 (0 for none), got " + clip);
            }
            return new VaeTraining(this);
        }
    }
}
