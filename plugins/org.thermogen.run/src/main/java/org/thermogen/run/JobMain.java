package org.thermogen.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.io.CheckpointException;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.DivergenceException;
import org.thermogen.runtime.train.TrainingResult;

/**
 * Runs a generated model class in a plain JVM: what the Eclipse launcher starts, with the
 * project's compiled {@code src-gen} and the runtime on the class path.
 *
 * <pre>
 * java -cp bin:thermogen-runtime.jar:ejml.jar org.thermogen.run.JobMain \
 *      --model examples.ising.Ising16 --action run --out out/Ising16 --base src/examples [--epochs 50] [--seed 1]
 *      [--progress progress.log]
 * </pre>
 *
 * <p>Prints what the command line prints (metrics every tenth of a task, samples,
 * evaluations). With {@code --progress FILE} it also appends progress lines for an IDE to
 * FILE, kept apart from the console: {@code @thermogen begin <total> <task>},
 * {@code @thermogen step <done> <total> <metrics>}, {@code @thermogen end}.
 * Exit codes as the command line: 0 done, 1 a user error (one line on stderr, starting
 * {@code error: }), 2 an internal error.
 */
public final class JobMain {
    /** The prefix of the progress lines written to the {@code --progress} file (never to the console). */
    public static final String PROGRESS = "@thermogen";

    /** What a launch may ask for. */
    public enum Action {
        TRAIN, SAMPLE, EVAL, RUN;

        static Action of(String s) {
            try {
                return valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new JobException("--action " + s + ": choose train, sample, eval or run");
            }
        }
    }

    private JobMain() {
    }

    /** Runs with the command line {@code args} and exits with {@link #run}'s code. */
    public static void main(String[] args) {
        // A launch's Terminate (SIGTERM) interrupts the job, which keeps its checkpoint and loss history.
        System.exit(Interruption.run("thermogen job", 0, () -> run(args, System.out, System.err)));
    }

    /** Runs with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Options o = Options.parse(args);
            ModelDefinition model = load(o.model);
            execute(model, o, out);
            return 0;
        } catch (JobException | DataException | CheckpointException | DivergenceException
                | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (java.util.concurrent.CancellationException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: cannot write the outputs (" + e.getMessage() + ")");
            return 1;
        } catch (RuntimeException | LinkageError e) {
            // As the command line: one line by default, the trace only when asked for (the
            // Environment tab of a launch configuration can set the variable).
            err.println(SourceLines.of(e).map(at -> at + ": ").orElse("") + "internal error: " + e
                    + " (a Thermogen bug; set THERMOGEN_STACKTRACE=1 for details)");
            if (System.getenv("THERMOGEN_STACKTRACE") != null) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }

    private static void execute(ModelDefinition model, Options o, PrintStream out) throws IOException {
        String name = model.spec().name();
        PrintStream progress = o.progress == null ? null
                : new PrintStream(Files.newOutputStream(o.progress), true, java.nio.charset.StandardCharsets.UTF_8);
        RunContext context = new RunContext(o.seed, o.base, new Progress(out, progress), o.threads);
        try (OutputLock lock = OutputLock.acquire(o.out)) {
            Job job = new Job(model, context, o.out);
            if (o.checkpointEvery != null) {
                job = job.withCheckpointInterval(o.checkpointEvery);
            }
            if (o.resume != null) {
                // The launcher continues a saved run as `thermogen train --resume` does.
                job = job.resuming(o.resume);
            }
            out.println(name + ": " + model.structure().describe());
            switch (o.action) {
            case TRAIN -> print(out, name, job.train(o.epochs));
            case SAMPLE -> print(out, name, job.sample(checkpoint(o), o.n));
            case EVAL -> print(out, name, job.evaluate(checkpoint(o)));
            case RUN -> {
                RunResult r = job.run(o.epochs);
                if (r.training() != null) {
                    print(out, name, r.training());
                }
                if (r.samples() != null) {
                    print(out, name, r.samples());
                }
                print(out, name, r.evaluations());
                out.println(name + ": report " + o.out.resolve(Job.REPORT_HTML));
            }
            default -> throw new IllegalStateException(o.action.toString());
            }
        } finally {
            context.close();
            if (progress != null) {
                progress.close();
            }
        }
    }

    /** The checkpoint sample and eval read: {@code --checkpoint}, else the output folder's. */
    private static Path checkpoint(Options o) {
        Path c = o.checkpoint != null ? o.checkpoint : o.out;
        Path file = Files.isDirectory(c) ? c.resolve(Job.CHECKPOINT) : c;
        if (!Files.isRegularFile(file)) {
            throw new JobException(file + ": no checkpoint; train first (action train or run)");
        }
        return c;
    }

    /** The generated class's {@code public static final ModelDefinition DEFINITION}. */
    static ModelDefinition load(String className) {
        Class<?> type = ModelClass.find(className, JobMain.class.getClassLoader())
                .orElseThrow(() -> new JobException("--model " + className + ": no such class on the class path;"
                        + " is the .gen file free of errors and the project built?"));
        return ModelClass.definition(type).orElseThrow(() -> new JobException("--model " + className
                + ": not a generated model class (no public DEFINITION)"));
    }

    private static void print(PrintStream out, String model, TrainingResult r) {
        StringBuilder b = new StringBuilder(model).append(": trained");
        if (r.history().size() > 0) {
            double[] loss = r.history().column(r.history().lossColumn());
            b.append(", ").append(r.history().lossColumn()).append(' ').append(number(loss[0])).append(" -> ")
                    .append(number(loss[loss.length - 1]));
        }
        r.summary().forEach((k, v) -> b.append(", ").append(k).append(' ').append(number(v)));
        out.println(b);
    }

    private static void print(PrintStream out, String model, Samples s) {
        StringBuilder b = new StringBuilder(model).append(": ").append(s.count()).append(" samples from ")
                .append(s.sampler());
        s.diagnostics().forEach((k, v) -> b.append(", ").append(k).append(' ').append(number(v)));
        out.println(b);
    }

    private static void print(PrintStream out, String model, List<EvaluationResult> results) {
        for (EvaluationResult r : results) {
            String se = r.standardError() > 0 ? " +- " + number(r.standardError()) : "";
            out.println(model + ": " + r.name() + " " + number(r.value()) + se + " (" + r.method() + ")");
        }
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return a != 0 && (a < 1e-3 || a >= 1e6) ? String.format(Locale.ROOT, "%.4e", v)
                : String.format(Locale.ROOT, "%.6g", v);
    }

    /** Every tenth of a task's metrics for people; every step as a line an IDE parses, when asked. */
    private static final class Progress implements ProgressListener {
        private final PrintStream out;
        private final PrintStream ide;
        private long total;
        private long lastShown = -1;
        private String task = "";

        Progress(PrintStream out, PrintStream ide) {
            this.out = out;
            this.ide = ide;
        }

        @Override
        public void begin(String task, long totalSteps) {
            this.task = task;
            this.total = totalSteps;
            this.lastShown = -1;
            if (ide != null) {
                ide.println(PROGRESS + " begin " + totalSteps + " " + task);
            }
        }

        @Override
        public void step(long done, Map<String, Double> metrics) {
            StringBuilder m = new StringBuilder();
            metrics.forEach((k, v) -> m.append(' ').append(k).append(' ').append(number(v)));
            if (ide != null) {
                ide.println(PROGRESS + " step " + done + " " + total + m);
            }
            long tenth = Math.max(1, total / 10);
            if (done / tenth != lastShown || done == total) {
                lastShown = done / tenth;
                out.println(task + " " + done + "/" + total + m);
            }
        }

        @Override
        public void note(String line) {
            out.println(line);
        }

        @Override
        public void end() {
            if (ide != null) {
                ide.println(PROGRESS + " end");
            }
        }
    }

    /** The command line of the launcher. */
    static final class Options {
        String model;
        Action action = Action.RUN;
        Path out;
        Path base = Path.of("");
        Path checkpoint;
        Path progress;
        /** A saved run to continue (train and run actions), or null. */
        Path resume;
        /** How often the checkpoint (and a resumable run's state) is refreshed; null: the job's default. */
        java.time.Duration checkpointEvery;
        long seed;
        OptionalInt epochs = OptionalInt.empty();
        OptionalInt n = OptionalInt.empty();
        int threads = Runtime.getRuntime().availableProcessors();

        static Options parse(String[] args) {
            Options o = new Options();
            Map<String, String> values = new LinkedHashMap<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--") || args[i].equals("-n")) {
                    if (i + 1 >= args.length) {
                        throw new JobException(args[i] + " needs a value");
                    }
                    values.put(args[i], args[++i]);
                } else {
                    rest.add(args[i]);
                }
            }
            if (!rest.isEmpty()) {
                throw new JobException("unexpected argument " + rest.get(0));
            }
            for (Map.Entry<String, String> e : values.entrySet()) {
                String v = e.getValue();
                switch (e.getKey()) {
                case "--model" -> o.model = v;
                case "--action" -> o.action = Action.of(v);
                case "--out" -> o.out = Path.of(v);
                case "--base" -> o.base = Path.of(v);
                case "--checkpoint" -> o.checkpoint = Path.of(v);
                case "--progress" -> o.progress = Path.of(v);
                case "--resume" -> o.resume = Path.of(v);
                case "--checkpoint-every" -> {
                    long seconds = integer(e.getKey(), v);
                    if (seconds < 0) {
                        throw new JobException(e.getKey() + " " + v + ": a number of seconds of at least 0");
                    }
                    o.checkpointEvery = java.time.Duration.ofSeconds(seconds);
                }
                case "--seed" -> o.seed = integer(e.getKey(), v);
                case "--epochs" -> o.epochs = OptionalInt.of(positive(e.getKey(), v));
                case "-n" -> o.n = OptionalInt.of(positive(e.getKey(), v));
                case "--threads" -> o.threads = positive(e.getKey(), v);
                default -> throw new JobException("unknown option " + e.getKey()
                        + " (options: --model, --action, --out, --base, --checkpoint, --checkpoint-every, --progress, --resume,"
                        + " --seed, --epochs, -n, --threads)");
                }
            }
            if (o.model == null) {
                throw new JobException("--model CLASS is required (the generated class of the model)");
            }
            if (o.out == null) {
                o.out = Path.of("out", o.model.substring(o.model.lastIndexOf('.') + 1));
            }
            return o;
        }

        private static long integer(String option, String v) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new JobException(option + " " + v + ": not an integer");
            }
        }

        private static int positive(String option, String v) {
            long x = integer(option, v);
            if (x < 1 || x > Integer.MAX_VALUE) {
                throw new JobException(option + " " + v + ": must be a positive integer");
            }
            return (int) x;
        }
    }
}
