package org.thermogen.cli.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermogen.cli.errors.UserError;
import org.thermogen.cli.load.ModelFile;
import org.thermogen.run.Job;
import org.thermogen.runtime.diffusion.NoiseSchedule;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.definition.ModelDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermogen eval FILE.gen --checkpoint DIR}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure a trained model as its `evaluate` clause says.",
                "Prints each figure and writes eval.json.",
                "Without --checkpoint, on a file that declares noise schedules: plot their alpha_bar and",
                "signal-to-noise ratio against the step (schedules_alpha_bar.png, schedules_snr.png)."})
public final class EvalCommand implements Callable<Integer> {
    @Mixin
    private JobOptions options;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "folder (or file) of checkpoint.json; required unless the file only plots its schedules")
    private Path checkpoint;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: the checkpoint's folder)")
    private Path out;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelFile ws = options.load();
        var pw = spec.commandLine().getOut();
        if (checkpoint == null) {
            ws.requireValid();
            Map<String, NoiseSchedule> schedules = ws.schedules();
            if (schedules.isEmpty()) {
                throw new UserError(ws.displayName() + ": give --checkpoint DIR, the folder of a trained model's"
                        + " checkpoint.json (the file declares no noise schedule to plot)");
            }
            Path dir = out != null ? out : options.defaultOut(ws.stem());
            try {
                for (Path f : ScheduleReport.write(schedules, dir)) {
                    pw.println("wrote " + f);
                }
            } catch (IOException e) {
                throw new UserError("cannot write to " + dir + ": " + e.getMessage());
            }
            for (var e : schedules.entrySet()) {
                NoiseSchedule s = e.getValue();
                int t = s.steps();
                pw.println(e.getKey() + ": " + s.describe() + "; T " + t + ", beta_1 " + Jobs.number(s.beta(1)) + ", beta_T "
                        + Jobs.number(s.beta(t)) + ", alpha_bar_T " + Jobs.number(s.alphaBar(t)));
            }
            return 0;
        }
        String name = options.model != null ? options.model : Jobs.checkpointModel(checkpoint);
        ModelDefinition model = Jobs.choose(ws, name, m -> !m.evaluations().isEmpty(), "has an evaluate clause", true)
                .get(0);
        Path dir = out != null ? out : Jobs.folderOf(checkpoint);
        List<EvaluationResult> results = Jobs.withJob(ws, options, spec.commandLine().getErr(), model, dir,
                job -> job.evaluate(checkpoint));
        Jobs.printEvaluations(pw, model.spec().name(), results);
        pw.println(model.spec().name() + ": wrote " + Job.EVALUATION + " to " + dir);
        return 0;
    }
}
