package org.thermogen.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.thermogen.cli.errors.UserError;
import org.thermogen.cli.load.ModelFile;
import org.thermogen.run.Job;
import org.thermogen.run.RunResult;
import org.thermogen.runtime.definition.ModelDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermogen run FILE.gen}: the main job. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Train, sample and evaluate every model of a .gen file, and write a report with pictures.",
                "One model writes into DIR; several write into DIR/<model>."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    private JobOptions options;

    @Option(names = "--epochs", paramLabel = "N", description = "override the trainers' number of epochs")
    private Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: out/<file name>, or the"
            + " --resume folder)")
    private Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the training saved in DIR (as train"
            + " --resume does), then sample and evaluate; the folder of one model (with --model when the file has"
            + " several)")
    private Path resume;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelFile ws = options.load();
        List<ModelDefinition> models = Jobs.choose(ws, options.model,
                m -> m.training().isPresent() || !m.samplers().isEmpty() || !m.evaluations().isEmpty(),
                "has a train, sample or evaluate clause", false);
        if (resume != null && models.size() > 1) {
            throw new UserError("--resume continues one model's training; name it with --model ("
                    + models.stream().map(m -> m.spec().name()).collect(java.util.stream.Collectors.joining(", ")) + ")");
        }
        Path base = out != null ? out : resume != null ? resume : options.defaultOut(ws.stem());
        var pw = spec.commandLine().getOut();
        for (ModelDefinition model : models) {
            String name = model.spec().name();
            Path dir = models.size() == 1 ? base : base.resolve(name);
            pw.println(name + ": " + model.structure().describe());
            OptionalInt e = epochs == null || model.training().isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs);
            RunResult r = Jobs.withJob(ws, options, spec.commandLine().getErr(), model, dir, job -> (resume == null ? job : job.resuming(resume)).run(e));
            if (r.training() != null) {
                Jobs.printTraining(pw, name, r.training());
            }
            if (r.samples() != null) {
                Jobs.printSamples(pw, name, r.samples());
            }
            Jobs.printEvaluations(pw, name, r.evaluations());
            pw.println(name + ": report " + dir.resolve(Job.REPORT_HTML) + " (and " + Job.REPORT_MARKDOWN + ")");
        }
        return 0;
    }
}
