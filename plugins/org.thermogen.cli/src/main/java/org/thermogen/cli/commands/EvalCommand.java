package org.thermogen.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermogen.cli.load.GenWorkspace;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.job.Job;
import org.thermogen.runtime.model.ModelDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermogen eval FILE.gen --checkpoint DIR}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure a trained model as its `evaluate` clause says.",
                "Prints each figure and writes eval.json."})
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    private JobOptions options;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "folder (or file) of checkpoint.json")
    private Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: the checkpoint's folder)")
    private Path out;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GenWorkspace ws = GenWorkspace.load(options.file);
        String name = options.model != null ? options.model : Jobs.checkpointModel(checkpoint);
        ModelDefinition model = Jobs.choose(ws, name, m -> !m.evaluations().isEmpty(), "has an evaluate clause", true)
                .get(0);
        Path dir = out != null ? out : Jobs.folderOf(checkpoint);
        var pw = spec.commandLine().getOut();
        List<EvaluationResult> results = Jobs.withJob(ws, options, spec.commandLine().getErr(), model, dir,
                job -> job.evaluate(checkpoint));
        Jobs.printEvaluations(pw, model.spec().name(), results);
        pw.println(model.spec().name() + ": wrote " + Job.EVALUATION + " to " + dir);
        return 0;
    }
}
