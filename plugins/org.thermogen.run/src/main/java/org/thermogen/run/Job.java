package org.thermogen.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.thermogen.run.family.Family;
import org.thermogen.run.family.FamilyOutputs;
import org.thermogen.run.family.Figure;
import org.thermogen.run.plot.LinePlot;
import org.thermogen.runtime.Version;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.DistributedRows;
import org.thermogen.runtime.data.LoadedDataset;
import org.thermogen.runtime.data.Transform;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.definition.TrainingPlan;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.io.AtomicFiles;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.Npy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.model.SamplePicture;
import org.thermogen.runtime.model.VariableSpec;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Validation;

/**
 * Runs what a model declares and writes the files of the command line contract into one
 * output folder: the command line ({@code thermogen train|sample|eval|run}) and the Eclipse
 * launcher both call it.
 *
 * <pre>{@code
 * RunContext context = new RunContext(seed, genFile.getParent(), listener, threads);
 * Job job = new Job(Ising16.DEFINITION, context, Path.of("out"));
 * RunResult r = job.run(OptionalInt.empty());      // train + sample + evaluate + report
 * // or step by step:
 * double[] theta = job.train(OptionalInt.of(50)).theta();
 * job.sample(theta, OptionalInt.of(1000));
 * job.evaluate(theta);
 * }</pre>
 *
 * <table>
 * <caption>Files written into the output folder</caption>
 * <tr><th>method</th><th>files</th></tr>
 * <tr><td>{@link #train}</td><td>{@code checkpoint.json}, {@code params/*.npy}, {@code metrics.csv}, {@code loss.png}</td></tr>
 * <tr><td>{@link #sample}</td><td>{@code samples.csv}, {@code samples.npy}, {@code samples.png}</td></tr>
 * <tr><td>{@link #evaluate}</td><td>{@code eval.json}, and {@code couplings.png} for a Boltzmann machine trained on data of a known one</td></tr>
 * <tr><td>{@link #run}</td><td>all of the above, {@code report.md}, {@code report.html}, {@code run.json}</td></tr>
 * </table>
 *
 * <p>Every file is written atomically (a temporary file renamed into place), so an
 * interrupted or failed job never leaves a partial file; while training, the checkpoint is
 * refreshed from the trainer's snapshots at most every {@link #checkpointInterval()}.
 *
 * <p>User errors are one-line exceptions: {@link JobException} (a clause the model lacks,
 * a setting out of range), {@link DataException} (data that do not fit the model, naming
 * the dataset declaration, row and column), {@link org.thermogen.runtime.io.CheckpointException}
 * and {@code IllegalArgumentException} from a trainer or sampler that cannot serve the model.
 * {@link IOException} means the output folder cannot be written.
 *
 * <p>Or with the settings from Java, the job owning its context (close it, or use
 * try-with-resources):
 *
 * <pre>{@code
 * try (Job job = Job.builder(Ising16.DEFINITION).seed(42).threads(2).data(Path.of("examples"))
 *         .out(Path.of("out/ising")).epochs(50).listener(progress).build()) {
 *     double[] theta = job.train().theta();          // checkpoint.json holds theta and its provenance
 *     double[] again = Checkpoint.read(job.outDir(), Ising16.DEFINITION.spec()).theta();
 * }
 * }</pre>
 *
 * <p>Thread safety: a model's {@code DEFINITION} is immutable and may be shared by any
 * number of threads and jobs; a job, like its {@link RunContext}, serves one run: call one of
 * its methods at a time. Jobs on different threads, each with its own context, do not affect
 * each other's results (the runtime keeps no mutable static state: {@code
 * ConcurrentModelsTest} trains eight at once and gets the bits each gets alone).
 */
public final class Job implements AutoCloseable {
    public static final String CHECKPOINT = Checkpoint.FILE_NAME;
    public static final String METRICS = "metrics.csv";
    public static final String LOSS_PLOT = "loss.png";
    public static final String SAMPLES_CSV = "samples.csv";
    public static final String SAMPLES_NPY = "samples.npy";
    public static final String SAMPLES_PLOT = "samples.png";
    public static final String EVALUATION = "eval.json";
    /** Replica-exchange swap acceptance per neighbouring pair, when the sampler reports it. */
    public static final String SWAP_PLOT = "swap_rates.png";
    /** Each chain's draws in order, for samplers that measure their chains (R-hat, ESS). */
    public static final String TRACE_PLOT = "trace.png";
    /** The autocorrelation of the chains' draws against the lag, beside {@link #TRACE_PLOT}. */
    public static final String AUTOCORRELATION_PLOT = "autocorrelation.png";
    /** The most lags the autocorrelation picture shows. */
    static final int AUTOCORRELATION_LAGS = 100;
    public static final String REPORT_MARKDOWN = "report.md";
    public static final String REPORT_HTML = "report.html";
    public static final String RUN_INFO = "run.json";
    /** How often a checkpoint is written during training unless set otherwise. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    private final ModelDefinition model;
    private final ModelSpec spec;
    private final RunContext context;
    private final Path outDir;
    private final Duration checkpointInterval;
    private final Path resumeFrom;
    /** What the model's family adds: pictures while training, of samples, of the trained model. */
    private final FamilyOutputs outputs;
    /** The epochs {@link #train()} trains for when the builder set them. */
    private final OptionalInt epochs;
    /** Whether {@link #close()} closes the context: the builder made it. */
    private final boolean ownsContext;
    /** Where training runs when not on this machine, or null. */
    private final Cluster cluster;
    /** {@link #placed}'s samplers, by the declared one. */
    private final Map<Sampler, Sampler> placedSamplers = new java.util.IdentityHashMap<>();
    /** Whether the listener has heard that samples are written in the data's own units. */
    private boolean sourceUnitsNoted;

    /**
     * @param model   the model, e.g. a generated class's {@code DEFINITION}
     * @param context seed, data folder, listener and threads
     * @param outDir  where the files go; created when needed
     */
    public Job(ModelDefinition model, RunContext context, Path outDir) {
        this(model, context, outDir, DEFAULT_CHECKPOINT_INTERVAL, null, OptionalInt.empty(), false, null);
    }

    private Job(ModelDefinition model, RunContext context, Path outDir, Duration checkpointInterval, Path resumeFrom,
            OptionalInt epochs, boolean ownsContext, Cluster cluster) {
        this.cluster = cluster;
        this.model = Objects.requireNonNull(model);
        this.spec = model.spec();
        this.context = Objects.requireNonNull(context);
        this.outDir = Objects.requireNonNull(outDir);
        this.checkpointInterval = checkpointInterval;
        this.resumeFrom = resumeFrom;
        this.epochs = epochs;
        this.ownsContext = ownsContext;
        this.outputs = FamilyOutputs.of(new Family(model, context, outDir,
                () -> trainingData(model.training().orElseThrow())));
    }

    /** The same job with checkpoints written at most every {@code interval} while training ({@code ZERO}: at every snapshot). */
    public Job withCheckpointInterval(Duration interval) {
        return new Job(model, context, outDir, checked(interval), resumeFrom, epochs, ownsContext, cluster);
    }

    private static Duration checked(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the checkpoint interval must not be negative: " + interval);
        }
        return interval;
    }

    /**
     * The same job, whose {@link #train} continues the run saved in {@code dir} (its
     * {@code training-state.json}) instead of starting afresh: the trainer must be able to
     * ({@link Trainer#resumable()}), with the settings and seed it ran with.
     */
    public Job resuming(Path dir) {
        return new Job(model, context, outDir, checkpointInterval, Objects.requireNonNull(dir), epochs, ownsContext,
                cluster);
    }

    /**
     * The same job, whose {@link #train} runs on {@code cluster} ({@code thermogen run --spark
     * local[2]}): the declared trainer as the cluster places it ({@link Cluster#place}), with
     * the same outputs. Sampling and evaluation stay on this machine.
     */
    public Job on(Cluster cluster) {
        return new Job(model, context, outDir, checkpointInterval, resumeFrom, epochs, ownsContext,
                Objects.requireNonNull(cluster));
    }

    /**
     * A job whose settings are given from Java; it makes its own {@link RunContext}, which
     * {@link #close()} closes.
     *
     * @param model the model, e.g. a generated class's {@code DEFINITION}
     */
    public static Builder builder(ModelDefinition model) {
        return new Builder(model);
    }

    /** The run settings of a job: those of {@code thermogen train|run} and the Eclipse launch, from Java. */
    public static final class Builder {
        private final ModelDefinition model;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Path data = Path.of(".");
        private Path out = Path.of("out");
        private OptionalInt epochs = OptionalInt.empty();
        private ProgressListener listener = ProgressListener.NONE;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;

        private Builder(ModelDefinition model) {
            this.model = Objects.requireNonNull(model);
        }

        /** The seed every random stream of the run derives from. Default 42, as the command line's. */
        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** Worker threads. Default: the processors available; results do not depend on it. */
        public Builder threads(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + v);
            }
            this.threads = v;
            return this;
        }

        /** The folder relative data paths of the model's datasets start from. Default: the working folder. */
        public Builder data(Path v) {
            this.data = Objects.requireNonNull(v);
            return this;
        }

        /** The output folder. Default {@code out}. */
        public Builder out(Path v) {
            this.out = Objects.requireNonNull(v);
            return this;
        }

        /** The epochs {@link Job#train()} trains for, instead of the model's clause. */
        public Builder epochs(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, not " + v);
            }
            this.epochs = OptionalInt.of(v);
            return this;
        }

        /** Progress, metrics, parameter snapshots and notes as the run goes. Default: none. */
        public Builder listener(ProgressListener v) {
            this.listener = Objects.requireNonNull(v);
            return this;
        }

        /** How often the checkpoint is refreshed while training. Default 10 s. */
        public Builder checkpointInterval(Duration v) {
            this.checkpointInterval = checked(Objects.requireNonNull(v));
            return this;
        }

        public Job build() {
            return new Job(model, new RunContext(seed, data, listener, threads), out, checkpointInterval, null, epochs, true,
                    null);
        }
    }

    /** Closes the context the {@link #builder} made; a context passed to the constructor is the caller's to close. */
    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }

    /** {@link #train(OptionalInt)} for the builder's epochs, or the model's clause's. */
    public TrainingResult train() throws IOException {
        return train(epochs);
    }

    /** {@link #run(OptionalInt)} for the builder's epochs, or the model's clause's. */
    public RunResult run() throws IOException {
        return run(epochs);
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public Path outDir() {
        return outDir;
    }

    // ------------------------------------------------------------------ train

    /**
     * Trains as the model's {@code train on ... with ...} clause says and writes
     * {@code checkpoint.json} (with {@code params/*.npy}), {@code metrics.csv} and
     * {@code loss.png}. The history is written before the checkpoint, so a run that diverges
     * still leaves its loss curve beside the last good periodic checkpoint.
     *
     * @param epochs overrides the trainer's number of epochs ({@code --epochs N})
     * @throws JobException  if the model has no training plan or {@code epochs} is not positive
     * @throws DataException if the data do not fit the model (width, unit domains)
     * @throws org.thermogen.runtime.io.CheckpointException if training diverged
     */
    public TrainingResult train(OptionalInt epochs) throws IOException {
        return trainAndRecord(epochs).result;
    }

    private record Trained(TrainingResult result, Provenance provenance, Dataset data, List<Path> files) {
    }

    private Trained trainAndRecord(OptionalInt epochs) throws IOException {
        TrainingPlan plan = model.training().orElseThrow(() -> new JobException(where() + spec.name()
                + " has no `train on ... with ...` clause; add one to train it"));
        Trainer trainer = plan.trainer();
        if (epochs.isPresent()) {
            if (epochs.getAsInt() < 1) {
                throw new JobException("--epochs must be at least 1, not " + epochs.getAsInt());
            }
            trainer = trainer.withEpochs(epochs.getAsInt());
        }
        if (cluster != null) {
            trainer = cluster.place(trainer, model);
        }
        Dataset data = trainingData(plan);
        // Rows kept on a cluster, of which data is the sample held here, are checked and digested
        // there, so that a row that does not fit is named by its place among all of them.
        Optional<DistributedRows> elsewhere = context.data(plan.data()).elsewhere(plan.part());
        checkFits(data, plan.data(), elsewhere.isEmpty());
        elsewhere.ifPresent(rows -> checkFits(rows, plan.data()));
        double[] initial = spec.initialParameters(context.random("init"));
        Provenance provenance = new Provenance(spec.sourceFile(), spec.sourceHash(), spec.name(), trainer.describe(),
                context.seed(), elsewhere.map(DistributedRows::digest).orElseGet(data::digest), Version.runtime(),
                Version.java());
        CheckpointingListener listener = new CheckpointingListener(context.listener(), spec, outDir, provenance,
                checkpointInterval.toNanos()).savingStates(trainer.describe(), context.seed());
        TrainingStateFile saved = resumeFrom == null ? null : savedState(trainer, resumeFrom);
        TrainingState from = saved == null ? null : saved.state();
        HeldOutWatch watch = heldOutWatch(trainer, listener);
        if (watch != null) {
            listener.watching(watch.continuing(saved == null ? null : saved.heldOut()));
        }
        ProgressListener heard = watch != null ? watch : listener;
        heard = outputs.watchTraining(trainer, heard);
        TrainingResult result;
        try {
            if (watch != null && from != null && watch.exhausted(from.epoch())) {
                // The saved run had stopped early: its patience had run out there.
                throw new HeldOutWatch.EarlyStop(watch.stopMessage());
            }
            result = from == null ? trainer.train(model, initial, data, context.withListener(heard))
                    : trainer.resume(model, from, data, context.withListener(heard));
        } catch (HeldOutWatch.EarlyStop stop) {
            context.listener().end();
            context.listener().note(where() + spec.name() + ": " + stop.getMessage());
            TrainingState last = listener.latestState() != null ? listener.latestState() : from;
            MetricsHistory history = listener.latestHistory() != null ? listener.latestHistory()
                    : historyOf(last);
            Map<String, Double> summary = new LinkedHashMap<>();
            summary.put("epochs_run", (double) last.epoch());
            summary.put("stopped_early", 1.0);
            result = new TrainingResult(trainer.kept(last), history, summary);
        } catch (RuntimeException e) {
            // A failed checkpoint write stops training; the trainer may have wrapped it on the way out.
            IOException failure = listener.failure();
            if (failure instanceof java.nio.channels.ClosedByInterruptException || failure == null
                    && e instanceof CancellationException) {
                // Interrupted while waiting or writing a checkpoint: the previous one is complete.
                throw interrupted(listener, watch);
            }
            if (failure != null) {
                if (!(e instanceof UncheckedIOException u && u.getCause() == failure)) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            if (e instanceof DivergenceException) {
                throw diverged((DivergenceException) e, listener);
            }
            throw e;
        }
        if (watch != null) {
            result = heldOutResult(result, watch, trainer.validation().orElseThrow());
        }
        TrainingResult trained = result;
        List<Path> files = new ArrayList<>();
        // The training is done: its outputs are written whole even if Ctrl-C comes now, so that
        // nothing trained is lost; the interrupt is raised again for what follows (sampling).
        uninterruptibly(() -> {
            files.clear();
            files.add(writeMetrics(trained.history()));
            files.add(writeLossPlot(trained.history()));
            Checkpoint.write(outDir, spec, trained.theta(), provenance);
            files.add(outDir.resolve(CHECKPOINT));
            for (var p : spec.params()) {
                files.add(outDir.resolve(Checkpoint.EXPORTS).resolve(p.name() + ".npy"));
            }
            return null;
        });
        context.listener().note("wrote " + CHECKPOINT + ", " + METRICS + " and " + LOSS_PLOT + " to " + outDir);
        return new Trained(result, provenance, data, files);
    }

    /** File writes, as the job makes them, with what they come to. */
    private interface Writes<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code writes} with the thread's interrupt flag down (interruptible channels refuse
     * to write while it is up), again from the start if an interrupt closes a channel midway
     * (every write is atomic, so a repeated one leaves the same files), then raises the flag
     * again if it was raised: how a finished training's outputs, and an interrupted one's, are
     * written whole.
     */
    private static <T> T uninterruptibly(Writes<T> writes) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    return writes.run();
                } catch (java.nio.channels.ClosedByInterruptException again) {
                    Thread.interrupted();  // the flag the closing raised, down for the writes again
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The watch over the held-out rows a trainer's {@code validation} names, reading them as
     * the training data is read; null without validation.
     */
    private HeldOutWatch heldOutWatch(Trainer trainer, CheckpointingListener listener) {
        Validation v = trainer.validation().orElse(null);
        if (v == null) {
            return null;
        }
        Dataset rows = context.data(v.data()).part(v.part());
        checkFits(rows, v.data());
        return new HeldOutWatch(listener, trainer, trainer.heldOutLoss(model, rows, context), v);
    }

    /**
     * The result with the held-out figures as a column of its history and, under
     * {@code keep best}, the parameters of the best epoch; the summary says which epoch was best.
     */
    private TrainingResult heldOutResult(TrainingResult result, HeldOutWatch watch, Validation v) {
        Map<String, Double> summary = new LinkedHashMap<>(result.summary());
        double[] theta = result.theta();
        if (watch.bestEpoch() >= 0) {
            summary.put("best_epoch", (double) watch.bestEpoch());
            summary.put(watch.column(), watch.best());
            if (v.keepBest() && watch.bestTheta() != null) {
                theta = watch.bestTheta();
                context.listener().note(where() + spec.name() + ": keeping the parameters of epoch " + watch.bestEpoch()
                        + ", the best on " + v.where() + " (" + watch.column() + " " + Text.figure(watch.best()) + ")");
            }
        }
        return new TrainingResult(theta, watch.withHeldOut(result.history()), summary);
    }

    /** A saved state's history as the trainer wrote it. */
    private static MetricsHistory historyOf(TrainingState s) {
        MetricsHistory h = new MetricsHistory(s.columns().toArray(String[]::new));
        s.history().forEach(h::add);
        return h;
    }

    /**
     * A stopped training: the losses heard up to the stop go to metrics.csv and loss.png,
     * the checkpoint stays the last good one, and the message says so.
     */
    private DivergenceException diverged(DivergenceException e, CheckpointingListener listener) throws IOException {
        MetricsHistory heard = listener.history();
        String kept = Files.exists(outDir.resolve(CHECKPOINT)) ? "the last good checkpoint is kept in " + outDir
                : "no checkpoint was written";
        if (heard != null && heard.size() > 0) {
            writeMetrics(heard);
            writeLossPlot(heard);
            kept += ", the losses up to there in " + METRICS;
        }
        DivergenceException stopped = new DivergenceException(where() + spec.name() + ": " + e.getMessage() + " (" + kept
                + ")");
        stopped.setStackTrace(e.getStackTrace());
        return stopped;
    }

    /**
     * The state a run saved in {@code dir}, if this trainer can continue it: the same model,
     * trainer settings and seed.
     */
    private TrainingStateFile savedState(Trainer trainer, Path dir) throws IOException {
        if (!trainer.resumable()) {
            throw new JobException(where() + spec.name() + ": " + trainer.describe() + " cannot continue a saved run;"
                    + " train without --resume");
        }
        TrainingStateFile saved = TrainingStateFile.read(dir, spec);
        if (!saved.trainer().equals(trainer.describe())) {
            throw new JobException(where() + spec.name() + ": the run saved in " + dir + " trained with "
                    + saved.trainer() + ", the file now says " + trainer.describe()
                    + ": restore those settings (and --epochs) to continue it, or train without --resume");
        }
        if (saved.seed() != context.seed()) {
            throw new JobException(where() + spec.name() + ": the run saved in " + dir + " ran with seed "
                    + saved.seed() + "; continue it with --seed " + saved.seed());
        }
        TrainingState s = saved.state();
        context.listener().note("continuing the run saved in " + dir + " after epoch " + s.epoch());
        return new TrainingStateFile(saved.trainer(), saved.seed(), new TrainingState(s.epoch(), s.theta(), s.optimizer(),
                s.extra(), saved.columns(), saved.history()), saved.columns(), saved.history(), saved.heldOut());
    }

    /**
     * A training interrupted (Ctrl-C, SIGTERM, a launch's Terminate): as a stopped one, the
     * losses heard go to metrics.csv and loss.png and the last complete checkpoint stays.
     */
    private CancellationException interrupted(CheckpointingListener listener, HeldOutWatch watch) throws IOException {
        return uninterruptibly(() -> {
            // A resumable trainer's own history (of the whole run, if it continued one), else what was heard.
            MetricsHistory own = listener.latestHistory();
            MetricsHistory heard = own != null ? own : listener.history();
            if (watch != null && own != null) {
                heard = watch.withHeldOut(own);
            }
            String at = listener.lastStep() < 0 ? "" : " at epoch " + listener.lastStep();
            listener.writeLatestState();   // before `kept` is worded: it may write the checkpoint of the last epoch
            String kept = listener.written() > 0 ? "the checkpoint of epoch " + listener.writtenStep() + " is kept in "
                    + outDir : Files.exists(outDir.resolve(CHECKPOINT)) ? "the earlier checkpoint in " + outDir
                    + " is kept" : "no checkpoint was written";
            if (heard != null && heard.size() > 0) {
                writeMetrics(heard);
                writeLossPlot(heard);
                kept += ", the losses up to there in " + METRICS + " and " + LOSS_PLOT;
            }
            if (Files.exists(outDir.resolve(TrainingStateFile.FILE_NAME))) {
                kept += "; continue it with thermogen train --resume " + outDir;
            }
            return new CancellationException(where() + spec.name() + ": training interrupted" + at + "; " + kept);
        });
    }

    /** The training part of the plan's dataset, with a dataset-level message if the part is unknown. */
    private Dataset trainingData(TrainingPlan plan) {
        DatasetDefinition def = plan.data();
        LoadedDataset loaded = context.data(def);
        try {
            return loaded.part(plan.part());
        } catch (IllegalArgumentException e) {
            throw new DataException(def.sourceFile(), def.sourceLine(), e.getMessage());
        }
    }

    /** The data's width equals the observed units, and every value lies in its unit's domain. */
    private void checkFits(Dataset data, DatasetDefinition def) {
        checkFits(data, def, true);
    }

    /** The data's width equals the observed units and, if {@code values}, every value lies in its unit's domain. */
    private void checkFits(Dataset data, DatasetDefinition def, boolean values) {
        if (data.columns() != spec.observedSize()) {
            throw new DataException(def.sourceFile(), def.sourceLine(), data.name() + " has " + data.columns()
                    + " columns but " + spec.name() + " observes " + spec.observedSize() + " units ("
                    + Units.observedList(spec) + ")");
        }
        if (data.rows() == 0) {
            throw new DataException(def.sourceFile(), def.sourceLine(), data.name() + " has no rows to train on");
        }
        if (!values) {
            return;
        }
        Domain[] domains = domains();
        double[] bad = misfits(domains).find(data.values(), data.rows(), data.columns());
        if (bad != null) {
            int col = (int) bad[1];
            throw new DataException(def.sourceFile(), def.sourceLine(), misfit(data, def, (int) bad[0], col, bad[2],
                    domains[col]));
        }
    }

    /**
     * {@link #checkFits(Dataset, DatasetDefinition)} for rows kept on a cluster: every value is
     * looked at where it is, and the first that does not fit is named as there.
     */
    private void checkFits(DistributedRows rows, DatasetDefinition def) {
        Domain[] domains = domains();
        Optional<DistributedRows.Found> bad = rows.first(misfits(domains));
        if (bad.isPresent()) {
            DistributedRows.Found f = bad.get();
            throw new DataException(def.sourceFile(), def.sourceLine(), misfit(rows.name(), def, f.row(), f.column(),
                    f.value(), domains[f.column()]));
        }
    }

    /** The domain of each observed unit, in column order. */
    private Domain[] domains() {
        Domain[] domains = new Domain[spec.observedSize()];
        for (int c = 0; c < domains.length; c++) {
            domains[c] = Units.variableOf(spec, c).domain();
        }
        return domains;
    }

    /**
     * Finds a block's first value outside its column's domain ({@code [row, column, value]}):
     * spins -1 or +1, binary 0 or 1, reals finite. Serializable, for rows kept on a cluster too.
     */
    private static DistributedRows.BlockSearch misfits(Domain[] domains) {
        return (values, n, columns) -> {
            for (int i = 0; i < n * columns; i++) {
                double x = values[i];
                boolean ok = switch (domains[i % columns]) {
                    case SPIN -> x == 1.0 || x == -1.0;
                    case BINARY -> x == 0.0 || x == 1.0;
                    case REAL -> Double.isFinite(x);
                };
                if (!ok) {
                    return new double[] {i / columns, i % columns, x};
                }
            }
            return null;
        };
    }

    private String misfit(Dataset data, DatasetDefinition def, int row, int col, double x, Domain d) {
        return misfit(data.name(), def, row, col, x, d);
    }

    private String misfit(String data, DatasetDefinition def, long row, int col, double x, Domain d) {
        VariableSpec var = Units.variableOf(spec, col);
        String unit = Units.name(var, col - var.offset());
        String where = data + " row " + (row + 1) + ", column " + col + " holds " + Text.value(x) + ", but "
                + unit;
        return switch (d) {
            case SPIN -> x == 0.0 || x == 1.0
                    ? where + " is a spin (-1 or +1): add the `spins` transform to " + def.name() + " to map 0/1 to -1/+1"
                    : where + " is a spin (-1 or +1): add `binarize` and then `spins` to " + def.name();
            case BINARY -> x == -1.0
                    ? where + " is binary (0 or 1): declare `" + var.name() + " : spin` for -1/+1 data"
                    : where + " is binary (0 or 1): add the `binarize` transform to " + def.name()
                            + " (e.g. `binarize 0.5`)";
            case REAL -> where + " needs a finite number";
        };
    }

    private Path writeMetrics(MetricsHistory history) throws IOException {
        Path file = outDir.resolve(METRICS);
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            if (history != null) {
                List<String> header = new ArrayList<>();
                history.columns().forEach(c -> header.add(Text.csvField(c)));
                w.write(String.join(",", header));
                w.write('\n');
                for (double[] row : history.rows()) {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            w.write(',');
                        }
                        w.write(Text.csv(row[i]));
                    }
                    w.write('\n');
                }
            }
            w.flush();
        });
        return file;
    }

    private Path writeLossPlot(MetricsHistory history) throws IOException {
        Path file = outDir.resolve(LOSS_PLOT);
        LinePlot.Builder plot = LinePlot.builder().title(spec.name() + ": training loss");
        if (history != null) {
            double[] steps = history.column(history.columns().get(0));
            double[] loss = history.column(history.lossColumn());
            plot.xLabel(history.columns().get(0)).yLabel(history.lossColumn().replace('_', ' '))
                    .series(history.lossColumn(), steps, loss);
            // The held-out figure: the same loss on rows not trained on, or a truer one (an RBM's likelihood).
            String heldOut = history.columns().stream().filter(c -> c.startsWith(Validation.column(""))).findFirst()
                    .orElse(null);
            boolean decades = spansDecades(loss);
            if (heldOut != null) {
                // The same loss on rows not trained on, where overfitting shows.
                double[] held = history.column(heldOut);
                plot.series(heldOut, steps, held);
                decades &= spansDecades(held);
                int best = -1;
                for (int i = 0; i < held.length; i++) {
                    if (Double.isFinite(held[i]) && (best < 0 || held[i] < held[best])) {
                        best = i;
                    }
                }
                if (best >= 0) {
                    plot.title(spec.name() + ": training loss (best held-out at " + history.columns().get(0) + " "
                            + Math.round(steps[best]) + ")");
                }
            }
            plot.logY(decades);
        }
        plot.build().write(file);
        return file;
    }

    /** A loss that stays positive and falls by two orders of magnitude or more reads better on a log scale. */
    private static boolean spansDecades(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) {
                continue;
            }
            if (x <= 0) {
                return false;
            }
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi > 0 && hi / lo >= 100;
    }

    // ----------------------------------------------------------------- sample

    /**
     * Draws samples with the model's first sampler and writes {@code samples.csv} (a header
     * of unit names, one sample per line), {@code samples.npy} ({@code n x units}) and
     * {@code samples.png} (a picture chosen from the model's variables).
     *
     * @param n the number of samples ({@code -n}); the sampler's default when empty
     * @throws JobException if the model has no {@code sample with} clause or {@code n} is not positive
     */
    public Samples sample(double[] theta, OptionalInt n) throws IOException {
        return sampleAndRecord(theta, n, firstSampler(), "").samples;
    }

    /** {@link #sample(double[], OptionalInt)} from the parameters of a checkpoint folder or file. */
    public Samples sample(Path checkpoint, OptionalInt n) throws IOException {
        return sample(loadCheckpoint(checkpoint), n);
    }

    /**
     * {@link #sample(Path, OptionalInt)} with the declared sampler named {@code name}
     * ({@code thermogen sample --sampler ddim}), written as the samples.
     *
     * @throws JobException if the model declares no sampler of that name (the message lists them)
     */
    public Samples sample(Path checkpoint, OptionalInt n, String name) throws IOException {
        return sampleAndRecord(loadCheckpoint(checkpoint), n, samplerNamed(name), "").samples;
    }

    /** The name a sampler goes by in a .gen file: {@code ddim} of {@code ddim(steps 50, eta 0)}. */
    static String samplerName(Sampler s) {
        String d = s.describe();
        int paren = d.indexOf('(');
        return (paren < 0 ? d : d.substring(0, paren)).strip();
    }

    /**
     * The declared sampler as the cluster places it (itself without one), placed once per job:
     * sampling and the evaluations that sample share it, and a cluster ships a model's classes
     * for it once.
     */
    private Sampler placed(Sampler declared) {
        return cluster == null ? declared : placedSamplers.computeIfAbsent(declared, s -> cluster.place(s, model));
    }

    private Sampler firstSampler() {
        return model.samplers().stream().findFirst().orElseThrow(() -> new JobException(where()
                + spec.name() + " has no `sample with ...` clause; add one, e.g. `sample with exact`"));
    }

    private Sampler samplerNamed(String name) {
        List<String> names = model.samplers().stream().map(Job::samplerName).toList();
        return model.samplers().stream().filter(s -> samplerName(s).equals(name)).findFirst()
                .orElseThrow(() -> new JobException(where() + spec.name() + " declares no sampler " + name
                        + (names.isEmpty() ? "; add a `sample with ...` clause" : " (its samplers: "
                                + String.join(", ", names) + ")")));
    }

    private record Sampled(Samples samples, List<Path> files, List<Figure> figures) {
    }

    /**
     * Draws with {@code sampler} and writes its files: samples.csv, .npy and .png for
     * {@code suffix} "", samples-SUFFIX.* for the further samplers a run draws with.
     */
    private Sampled sampleAndRecord(double[] theta, OptionalInt n, Sampler sampler, String suffix) throws IOException {
        checkTheta(theta);
        int count = n.isPresent() ? n.getAsInt() : sampler.defaultCount();
        if (count < 1) {
            throw new JobException("-n must be at least 1, not " + count);
        }
        Samples samples = placed(sampler).sample(model, theta.clone(), count, context);
        if (samples.dimension() != spec.observedSize() || samples.values().length != samples.count() * samples.dimension()) {
            throw new IllegalStateException(sampler.describe() + " returned samples of " + samples.dimension()
                    + " units, but " + spec.name() + " observes " + spec.observedSize());
        }
        List<Path> files = new ArrayList<>();
        Path csv = outDir.resolve(suffixed(SAMPLES_CSV, suffix));
        double[] written = inSourceUnits(samples);
        files.add(writeSamplesCsv(written, samples.dimension(), csv));
        Path npy = outDir.resolve(suffixed(SAMPLES_NPY, suffix));
        Npy.write(npy, written, samples.count(), samples.dimension());
        files.add(npy);
        Path png = outDir.resolve(suffixed(SAMPLES_PLOT, suffix));
        SamplesPicture.chart(spec, samples, trainingBackdrop(), model.samplePicture(), outputs.outlines(theta))
                .write(png);
        files.add(png);
        List<Figure> figures = List.of();
        if (suffix.isEmpty()) {
            swapPlot(samples).ifPresent(files::add);
            tracePlot(samples).ifPresent(files::add);
            autocorrelationPlot(samples).ifPresent(files::add);
            figures = outputs.afterSampling(theta);
            figures.forEach(f -> files.add(f.file()));
        }
        context.listener().note("wrote " + samples.count() + " samples of " + sampler.describe() + " to " + csv);
        return new Sampled(samples, files, figures);
    }

    /** {@code samples-ddim.csv} for {@code samples.csv} and suffix {@code ddim}; the name itself for "". */
    private static String suffixed(String file, String suffix) {
        if (suffix.isEmpty()) {
            return file;
        }
        int dot = file.lastIndexOf('.');
        return file.substring(0, dot) + "-" + suffix + file.substring(dot);
    }

    /**
     * Draws with every declared sampler after the first, each to its own files
     * ({@code samples-ddim.csv}, ...; a name declared twice gets its position too).
     */
    private List<Path> sampleWithTheOthers(double[] theta) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Sampler> samplers = model.samplers();
        java.util.Set<String> used = new java.util.HashSet<>();
        used.add(samplerName(samplers.get(0)));
        for (int i = 1; i < samplers.size(); i++) {
            context.checkCancelled();
            String name = samplerName(samplers.get(i));
            String suffix = used.add(name) ? name : name + "-" + (i + 1);
            files.addAll(sampleAndRecord(theta, OptionalInt.empty(), samplers.get(i), suffix).files);
        }
        return files;
    }

    /** The training data's own column names (a CSV's header) when it has {@code d} of them. */
    private Optional<List<String>> dataColumnNames(int d) {
        return trainingDataset().flatMap(loaded -> loaded.all().columnNames()).filter(n -> n.size() == d);
    }

    /** The training plan's dataset as loaded, if the model has a plan and its data can be read. */
    private Optional<LoadedDataset> trainingDataset() {
        Optional<TrainingPlan> plan = model.training();
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(context.data(plan.get().data()));
        } catch (DataException e) {
            return Optional.empty();
        }
    }

    /**
     * The samples as written: in the units of the training data's source when its transforms
     * can all be undone (a model trained on standardized data writes samples in the data's own
     * units; the pictures stay in the model's), else as drawn.
     */
    private double[] inSourceUnits(Samples samples) {
        Optional<LoadedDataset> loaded = trainingDataset();
        Optional<Transform.Inverse> back = loaded.flatMap(LoadedDataset::toSource);
        if (back.isEmpty() || loaded.get().all().columns() != samples.dimension()) {
            return samples.values();
        }
        DatasetDefinition def = model.training().orElseThrow().data();
        double[] values = samples.values().clone();
        back.get().undo(values, samples.dimension());
        if (!sourceUnitsNoted) {
            sourceUnitsNoted = true;
            context.listener().note("samples.csv and samples.npy are in " + def.name() + "'s own units (its "
                    + def.transforms().stream().map(Transform::describe).collect(java.util.stream.Collectors.joining(", "))
                    + " undone); samples.png shows the units the model was trained in");
        }
        return values;
    }

    private Path writeSamplesCsv(double[] v, int d, Path file) throws IOException {
        List<String> names = dataColumnNames(d).orElse(Units.observedNames(spec));
        AtomicFiles.write(file, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            for (int u = 0; u < names.size(); u++) {
                w.write(u == 0 ? "" : ",");
                w.write(Text.csvField(names.get(u)));
            }
            w.write('\n');
            int count = v.length / Math.max(1, d);
            for (int i = 0; i < count; i++) {
                for (int u = 0; u < d; u++) {
                    if (u > 0) {
                        w.write(',');
                    }
                    w.write(Text.csv(v[i * d + u]));
                }
                w.write('\n');
            }
            w.flush();
        });
        return file;
    }

    /**
     * The training data and its truth, to draw samples over; empty without a plan. Data that
     * cannot be loaded only costs the backdrop, so sampling from a checkpoint works even
     * where the training data is missing; the listener hears why.
     */
    private Optional<SamplesPicture.Backdrop> trainingBackdrop() {
        Optional<TrainingPlan> plan = model.training();
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        try {
            LoadedDataset loaded = context.data(plan.get().data());
            Dataset data = trainingData(plan.get());
            if (data.columns() != spec.observedSize()) {
                return Optional.empty();
            }
            return Optional.of(new SamplesPicture.Backdrop(data, loaded.truth().orElse(null)));
        } catch (DataException e) {
            context.listener().note(SAMPLES_PLOT + " shows the samples without the training data: " + e.getMessage());
            return Optional.empty();
        }
    }

    // --------------------------------------------------------------- evaluate

    /**
     * Runs the model's evaluations and writes {@code eval.json}; for a Boltzmann machine
     * trained on samples of a known one, also {@code couplings.png} (true W, learned W, their
     * difference on one colour scale).
     *
     * @throws JobException if the model has no {@code evaluate} clause
     */
    public List<EvaluationResult> evaluate(double[] theta) throws IOException {
        return evaluateAndRecord(theta).results;
    }

    /** {@link #evaluate(double[])} with the parameters of a checkpoint folder or file. */
    public List<EvaluationResult> evaluate(Path checkpoint) throws IOException {
        return evaluate(loadCheckpoint(checkpoint));
    }

    private record Evaluated(List<EvaluationResult> results, List<Path> files, List<Figure> figures) {
    }

    private Evaluated evaluateAndRecord(double[] theta) throws IOException {
        List<Evaluation> evaluations = model.evaluations();
        if (evaluations.isEmpty()) {
            throw new JobException(where() + spec.name() + " has no `evaluate ...` clause; add one, e.g."
                    + " `evaluate log_likelihood on Data.test`");
        }
        checkTheta(theta);
        List<EvaluationResult> results = new ArrayList<>();
        Set<String> names = new HashSet<>();
        // The samplers an evaluation draws with run where the cluster places them, as sampling does.
        List<Sampler> samplers = model.samplers().stream().map(this::placed).toList();
        for (Evaluation e : evaluations) {
            context.checkCancelled();
            Evaluation placed = cluster == null ? e : cluster.place(e, model);
            results.add(uniquelyNamed(placed.evaluate(model, theta.clone(), samplers, context), names));
        }
        List<Path> files = new ArrayList<>();
        Path file = outDir.resolve(EVALUATION);
        AtomicFiles.writeString(file, Json.write(evaluationJson(results)));
        files.add(file);
        List<Figure> figures = outputs.afterEvaluation(theta);
        figures.forEach(f -> files.add(f.file()));
        files.addAll(seriesPlots(results));
        context.listener().note("wrote " + file);
        return new Evaluated(List.copyOf(results), files, figures);
    }

    /**
     * A result whose key an earlier one took ({@code log_likelihood on A.test} and {@code on
     * B.test} are both {@code log_likelihood_test}) is keyed by its description,
     * {@code log_likelihood_on_B_test}, and a number if that is taken too: eval.json and the
     * series' pictures never repeat a name.
     */
    static EvaluationResult uniquelyNamed(EvaluationResult r, Set<String> taken) {
        if (taken.add(r.name())) {
            return r;
        }
        String base = r.description().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        String name = base;
        for (int k = 2; !taken.add(name); k++) {
            name = base + "_" + k;
        }
        return r.named(name);
    }

    /** Chains drawn in one trace plot at most: more would hide each other. */
    static final int TRACED_CHAINS = 8;

    /**
     * {@code trace.png} for samplers that measured their chains ({@code rhat} in the
     * diagnostics): the mean of the observed units of every draw (a spin model's
     * magnetization), draw by draw, one line per chain for the first eight, so chains still
     * drifting or stuck apart show before any statistic is read.
     */
    private Optional<Path> tracePlot(Samples samples) throws IOException {
        Map<String, Double> d = samples.diagnostics();
        if (d == null || !d.containsKey("rhat") || !d.containsKey("chains")) {
            return Optional.empty();
        }
        int chains = (int) Math.round(d.get("chains"));
        int[] counts = Samples.perChain(samples.count(), chains);
        int units = samples.dimension();
        LinePlot.Builder plot = LinePlot.builder()
                .title(String.format(Locale.ROOT, "%s: mean of the %d units of every draw, chain by chain (R-hat %.3f,"
                        + " ESS %.0f)", spec.name(), units, d.get("rhat"), d.get("ess")))
                .xLabel("draw of the chain").yLabel("mean of the units");
        int row = 0;
        for (int c = 0; c < chains; c++) {
            if (c < TRACED_CHAINS) {
                double[] x = new double[counts[c]];
                double[] y = new double[counts[c]];
                for (int t = 0; t < counts[c]; t++) {
                    double sum = 0;
                    for (int u = 0; u < units; u++) {
                        sum += samples.get(row + t, u);
                    }
                    x[t] = t;
                    y[t] = sum / units;
                }
                plot.series("chain " + (c + 1), x, y);
            }
            row += counts[c];
        }
        Path file = outDir.resolve(TRACE_PLOT);
        plot.build().write(file);
        return Optional.of(file);
    }

    /**
     * {@code autocorrelation.png} for samplers that measured their chains: the autocorrelation of
     * the mean of the units of every draw against the lag, averaged over chains, the lag where it
     * falls to 0.1 in the title; what the ESS summarizes, drawn.
     */
    private Optional<Path> autocorrelationPlot(Samples samples) throws IOException {
        Map<String, Double> d = samples.diagnostics();
        if (d == null || !d.containsKey("rhat") || !d.containsKey("chains")) {
            return Optional.empty();
        }
        int chains = (int) Math.round(d.get("chains"));
        double[] rho = org.thermogen.runtime.sample.ChainDiagnostics.autocorrelation(samples.values(),
                samples.dimension(), Samples.perChain(samples.count(), chains), AUTOCORRELATION_LAGS);
        if (rho.length < 2) {
            return Optional.empty();
        }
        double[] lag = new double[rho.length];
        int forgets = -1;
        for (int k = 0; k < rho.length; k++) {
            lag[k] = k;
            if (forgets < 0 && rho[k] < 0.1) {
                forgets = k;
            }
        }
        Path file = outDir.resolve(AUTOCORRELATION_PLOT);
        LinePlot.builder()
                .title(String.format(Locale.ROOT, "%s: autocorrelation, %d chains (%s)", spec.name(), chains,
                        forgets < 0 ? "above 0.1 at every lag shown" : "below 0.1 from lag " + forgets))
                .xLabel("lag (recorded draws)").yLabel("autocorrelation of the mean of the units")
                .series("autocorrelation", lag, rho).build().write(file);
        return Optional.of(file);
    }

    private Optional<Path> swapPlot(Samples samples) throws IOException {
        List<Double> rates = new ArrayList<>();
        for (int k = 0; samples.diagnostics() != null && samples.diagnostics().containsKey("swap_rate_" + k); k++) {
            rates.add(samples.diagnostics().get("swap_rate_" + k));
        }
        if (rates.isEmpty()) {
            return Optional.empty();
        }
        double[] pair = new double[rates.size()];
        for (int k = 0; k < pair.length; k++) {
            pair[k] = k;
        }
        Path file = outDir.resolve(SWAP_PLOT);
        LinePlot.builder().title(spec.name() + ": replica-exchange swap acceptance")
                .xLabel("pair of neighbouring temperatures (k, k+1)").yLabel("acceptance rate")
                .series("acceptance", pair, unbox(rates)).build().write(file);
        return Optional.of(file);
    }

    /** One picture per result that varies along an axis ({@code energy per temperature}): {@code <name>.png}. */
    private List<Path> seriesPlots(List<EvaluationResult> results) throws IOException {
        List<Path> files = new ArrayList<>();
        for (EvaluationResult r : results) {
            EvaluationResult.Series s = r.series();
            if (s == null || s.x().isEmpty()) {
                continue;
            }
            Path file = outDir.resolve(r.name() + ".png");
            LinePlot.builder().title(spec.name() + ": " + s.yLabel() + " against " + s.xLabel()).xLabel(s.xLabel())
                    .yLabel(s.yLabel()).series(s.yLabel(), unbox(s.x()), unbox(s.y()), unbox(s.se())).build().write(file);
            files.add(file);
        }
        return files;
    }

    private static double[] unbox(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private Map<String, Object> evaluationJson(List<EvaluationResult> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", spec.name());
        root.put("seed", context.seed());
        List<Object> list = new ArrayList<>();
        for (EvaluationResult r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("description", r.description());
            m.put("value", jsonNumber(r.value()));
            m.put("standard_error", jsonNumber(r.standardError()));
            m.put("method", r.method());
            Map<String, Object> details = new LinkedHashMap<>();
            if (r.details() != null) {
                r.details().forEach((k, v) -> details.put(k, v == null ? null : jsonNumber(v)));
            }
            m.put("details", details);
            if (r.series() != null) {
                EvaluationResult.Series series = r.series();
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("x_label", series.xLabel());
                sm.put("y_label", series.yLabel());
                sm.put("x", series.x().stream().map(v -> jsonNumber(v)).toList());
                sm.put("y", series.y().stream().map(v -> jsonNumber(v)).toList());
                sm.put("standard_error", series.se().stream().map(v -> jsonNumber(v)).toList());
                m.put("series", sm);
            }
            list.add(m);
        }
        root.put("results", list);
        return root;
    }

    /** JSON has no NaN or infinity: those are written as the strings "NaN", "Infinity", "-Infinity". */
    private static Object jsonNumber(double v) {
        return Double.isFinite(v) ? (Object) v : Double.toString(v);
    }

    // -------------------------------------------------------------------- run

    /**
     * The whole job: train (or, without a training plan, write the initial parameters as the
     * checkpoint), sample if the model has a sampler, evaluate if it has evaluations, then
     * write {@code report.md}, {@code report.html} and {@code run.json}.
     *
     * @param epochs overrides the trainer's epochs; an error for a model without a training plan
     */
    public RunResult run(OptionalInt epochs) throws IOException {
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Object> seconds = new LinkedHashMap<>();
        List<Path> files = new ArrayList<>();
        Report report = new Report(model, context);

        long t = System.nanoTime();
        double[] theta;
        Provenance provenance;
        TrainingResult training = null;
        if (model.training().isPresent()) {
            Trained trained = trainAndRecord(epochs);
            training = trained.result;
            theta = trained.result.theta();
            provenance = trained.provenance;
            files.addAll(trained.files);
            report.training(trained.result, trained.data, model.training().get().data());
            seconds.put("train", Text.seconds(System.nanoTime() - t));
        } else {
            if (epochs.isPresent()) {
                throw new JobException(where() + spec.name() + " has no `train on ... with ...` clause, so --epochs"
                        + " has nothing to set");
            }
            theta = spec.initialParameters(context.random("init"));
            provenance = new Provenance(spec.sourceFile(), spec.sourceHash(), spec.name(), "none (initial parameters)",
                    context.seed(), "", Version.runtime(), Version.java());
            Checkpoint.write(outDir, spec, theta, provenance);
            files.add(outDir.resolve(CHECKPOINT));
            seconds.put("initialize", Text.seconds(System.nanoTime() - t));
        }
        report.provenance(provenance);

        Samples samples = null;
        if (!model.samplers().isEmpty()) {
            context.checkCancelled();
            t = System.nanoTime();
            Sampled sampled = sampleAndRecord(theta, OptionalInt.empty(), firstSampler(), "");
            samples = sampled.samples;
            files.addAll(sampled.files);
            files.addAll(sampleWithTheOthers(theta));
            report.samples(samples);
            report.sampleFigures(sampled.figures);
            seconds.put("sample", Text.seconds(System.nanoTime() - t));
        }

        List<EvaluationResult> evaluations = List.of();
        context.checkCancelled();
        t = System.nanoTime();
        if (!model.evaluations().isEmpty()) {
            Evaluated evaluated = evaluateAndRecord(theta);
            evaluations = evaluated.results;
            files.addAll(evaluated.files);
            report.evaluations(evaluations);
            report.modelFigures(evaluated.figures);
            seconds.put("evaluate", Text.seconds(System.nanoTime() - t));
        } else {
            List<Figure> figures = outputs.afterEvaluation(theta);
            figures.forEach(f -> files.add(f.file()));
            report.modelFigures(figures);
        }

        t = System.nanoTime();
        Path md = outDir.resolve(REPORT_MARKDOWN);
        Path html = outDir.resolve(REPORT_HTML);
        report.timing(seconds);
        AtomicFiles.writeString(md, report.markdown());
        AtomicFiles.writeString(html, report.html());
        files.add(md);
        files.add(html);
        seconds.put("report", Text.seconds(System.nanoTime() - t));
        seconds.put("total", Text.seconds(System.nanoTime() - t0));

        Path info = outDir.resolve(RUN_INFO);
        files.add(info);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("model", spec.name());
        run.put("signature", spec.signature());
        run.put("source_file", spec.sourceFile());
        run.put("start", start.toString());
        run.put("end", Instant.now().toString());
        run.put("seconds", seconds);
        run.put("seed", context.seed());
        run.put("threads", context.threads());
        run.put("java_version", Version.java());
        run.put("thermogen_version", Version.runtime());
        List<String> names = new ArrayList<>();
        for (Path f : files) {
            names.add(outDir.relativize(f).toString().replace('\\', '/'));
        }
        run.put("files", names);
        AtomicFiles.writeString(info, Json.write(run));
        context.listener().note("wrote the report to " + html);
        return new RunResult(theta.clone(), provenance, training, samples, evaluations, List.copyOf(files));
    }

    // ---------------------------------------------------------------- helpers

    /** The parameters of a checkpoint folder or file, checked against this model. */
    public double[] loadCheckpoint(Path checkpoint) throws IOException {
        return Checkpoint.read(checkpoint, spec).theta();
    }

    private void checkTheta(double[] theta) {
        if (theta.length != spec.paramSize()) {
            throw new IllegalArgumentException(spec.name() + " has " + spec.paramSize() + " parameter values, got "
                    + theta.length);
        }
    }

    /** {@code ising.gen:8: }, or nothing when the model does not say where it comes from. */
    private String where() {
        return spec.sourceFile() == null || spec.sourceFile().isEmpty() ? ""
                : spec.sourceFile() + (spec.sourceLine() > 0 ? ":" + spec.sourceLine() : "") + ": ";
    }
}
