package org.thermogen.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.thermogen.cli.errors.UserError;
import org.thermogen.cli.load.ModelFile;
import org.thermogen.cli.progress.TerminalProgress;
import org.thermogen.run.Job;
import org.thermogen.run.OutputLock;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.TrainingResult;

/** What train, sample, eval and run share: choosing models, contexts and printing results. */
final class Jobs {
    private Jobs() {
    }

    /**
     * The models to work on: the one named by {@code --model}, else those that {@code wanted}
     * accepts; {@code single} demands exactly one.
     */
    static List<ModelDefinition> choose(ModelFile ws, String name, Predicate<ModelDefinition> wanted, String what,
            boolean single) {
        ws.requireValid();
        if (name != null) {
            return List.of(ws.model(name));
        }
        List<ModelDefinition> all = ws.models();
        List<ModelDefinition> chosen = new ArrayList<>();
        for (ModelDefinition m : all) {
            if (wanted.test(m)) {
                chosen.add(m);
            }
        }
        if (chosen.isEmpty()) {
            throw new UserError(ws.displayName() + ": no model " + what
                    + (all.isEmpty() ? " (the file declares no model)" : " (models: " + names(all) + ")"));
        }
        if (single && chosen.size() > 1) {
            throw new UserError(ws.displayName() + ": several models " + what + " (" + names(chosen)
                    + "): choose one with --model");
        }
        return chosen;
    }

    private static String names(List<ModelDefinition> models) {
        List<String> n = new ArrayList<>();
        models.forEach(m -> n.add(m.spec().name()));
        return String.join(", ", n);
    }

    static RunContext context(ModelFile ws, JobOptions o, PrintWriter err) {
        return new RunContext(o.seed, ws.baseDirectory(), TerminalProgress.forConsole(err), o.threads());
    }

    /** The model a checkpoint was written for, read from its {@code model} field. */
    static String checkpointModel(Path checkpoint) {
        Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve(Checkpoint.FILE_NAME) : checkpoint;
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such checkpoint (train first: thermogen train FILE.gen --out DIR)");
        }
        try {
            Object parsed = Json.parse(Files.readString(file));
            if (parsed instanceof Map<?, ?> m && m.get("model") instanceof String s) {
                return s;
            }
        } catch (IOException | RuntimeException e) {
            // Reading it properly below reports what is wrong with it.
        }
        return null;
    }

    /** What a command does with its job. */
    interface Action<T> {
        T run(Job job) throws IOException;
    }

    /**
     * Runs {@code action} on a job for {@code model} writing into {@code out}, with a context
     * from the options; a folder that cannot be written is a user error.
     */
    static <T> T withJob(ModelFile ws, JobOptions o, PrintWriter err, ModelDefinition model, Path out, Action<T> action) {
        RunContext context = context(ws, o, err);
        org.thermogen.run.Cluster cluster = null;
        try (OutputLock lock = OutputLock.acquire(out)) {
            Job job = new Job(model, context, out).withCheckpointInterval(o.checkpointInterval());
            if (o.spark != null) {
                try {
                    cluster = org.thermogen.run.Cluster.connect("spark", o.spark);
                } catch (org.thermogen.run.JobException e) {
                    throw new UserError("--spark " + o.spark + ": " + e.getMessage());
                }
                job = job.on(cluster);
            }
            if (o.data != null) {
                readData(model, o.data, cluster, context);
            }
            return action.run(job);
        } catch (IOException e) {
            throw new UserError(out + ": cannot write the outputs (" + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            context.close();
        }
    }

    /**
     * {@code --data PATH}: the model's training dataset reads its rows from {@code path}, with
     * its declared columns, transforms and split; on the cluster when there is one (any file
     * system Spark reads, CSV or Parquet), here otherwise (a CSV file).
     */
    static void readData(ModelDefinition model, String path, org.thermogen.run.Cluster cluster, RunContext context) {
        org.thermogen.runtime.data.DatasetDefinition declared = model.training()
                .orElseThrow(() -> new UserError("--data " + path + ": " + model.spec().name()
                        + " declares no training, so there is no dataset to read it into"))
                .data();
        String scheme = scheme(path);
        if (cluster != null) {
            String where = scheme != null ? path : Path.of(path).toAbsolutePath().normalize().toString();
            try {
                context.readFrom(declared, cluster.loading(where, declared));
            } catch (org.thermogen.run.JobException e) {
                throw new UserError("--data " + path + ": " + e.getMessage());
            }
            return;
        }
        if (scheme != null) {
            throw new UserError("--data " + path + ": " + scheme + ": paths are read by Spark; add --spark local[2]"
                    + " (or a cluster's address)");
        }
        if (path.endsWith(".parquet") || path.endsWith(".parquet/")) {
            throw new UserError("--data " + path + ": Parquet files are read by Spark; add --spark local[2] (or a"
                    + " cluster's address)");
        }
        if (!(declared.source() instanceof org.thermogen.runtime.data.CsvSource csv)) {
            throw new UserError("--data " + path + ": it replaces the file of a csv(...) source, and "
                    + declared.name() + " (" + declared.sourceFile() + ":" + declared.sourceLine()
                    + ") is declared as " + declared.source().describe());
        }
        context.readFrom(declared, csv.withPath(Path.of(path).toAbsolutePath().normalize().toString()));
    }

    /** The scheme of a URI-like path ({@code hdfs} of {@code hdfs:///data}), or null for a local path (and {@code C:\\...}). */
    static String scheme(String path) {
        int colon = path.indexOf(':');
        if (colon < 2) {
            return null;
        }
        for (int i = 0; i < colon; i++) {
            char c = path.charAt(i);
            boolean ok = i == 0 ? Character.isLetter(c) : Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
            if (!ok || c > 127) {
                return null;
            }
        }
        return path.substring(0, colon);
    }

    /** The folder a checkpoint argument names: itself, or the folder of a checkpoint file. */
    static Path folderOf(Path checkpoint) {
        return Files.isDirectory(checkpoint) ? checkpoint : checkpoint.toAbsolutePath().getParent();
    }

    // ------------------------------------------------------------------ printing

    static void printTraining(PrintWriter out, String model, TrainingResult r) {
        MetricsHistory h = r.history();
        StringBuilder b = new StringBuilder(model).append(": trained");
        if (h.size() > 0) {
            double[] loss = h.column(h.lossColumn());
            b.append(", ").append(h.lossColumn()).append(' ').append(number(loss[0])).append(" -> ")
                    .append(number(loss[loss.length - 1]));
        }
        r.summary().forEach((k, v) -> b.append(", ").append(k).append(' ').append(number(v)));
        out.println(b);
    }

    static void printSamples(PrintWriter out, String model, Samples s) {
        StringBuilder b = new StringBuilder(model).append(": ").append(s.count()).append(" samples from ").append(s.sampler());
        s.diagnostics().forEach((k, v) -> b.append(", ").append(k).append(' ').append(number(v)));
        out.println(b);
    }

    static void printEvaluations(PrintWriter out, String model, List<EvaluationResult> results) {
        int width = 0;
        for (EvaluationResult r : results) {
            width = Math.max(width, r.name().length());
        }
        for (EvaluationResult r : results) {
            String se = r.standardError() > 0 ? " +- " + number(r.standardError()) : "";
            out.println(model + ": " + String.format(Locale.ROOT, "%-" + width + "s", r.name()) + "  "
                    + number(r.value()) + se + "  (" + r.method() + ")");
        }
    }

    static String number(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (a != 0 && (a < 1e-3 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
