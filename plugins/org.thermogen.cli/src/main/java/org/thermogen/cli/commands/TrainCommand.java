package org.thermogen.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.thermogen.cli.load.ModelFile;
import org.thermogen.run.Job;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermogen train FILE.gen}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model as its `train on ... with ...` clause says.",
                "Writes DIR/checkpoint.json (with params/*.npy), DIR/metrics.csv and DIR/loss.png;",
                "a checkpoint is refreshed during training, so an interrupted run keeps the last good state;",
                "runs of an iterative trainer (all but max_likelihood's closed form) save training-state.json beside it, which --resume continues."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    private JobOptions options;

    @Option(names = "--epochs", paramLabel = "N", description = "override the trainer's number of epochs")
    private Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: out/<file name>, or the"
            + " --resume folder)")
    private Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run saved in DIR (its"
            + " training-state.json) to its last epoch, with the seed and settings it ran with; the result is"
            + " bit-identical to a run never stopped")
    private Path resume;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelFile ws = options.load();
        ModelDefinition model = Jobs.choose(ws, options.model, m -> m.training().isPresent(), "has a train clause", true)
                .get(0);
        Path dir = out != null ? out : resume != null ? resume : options.defaultOut(ws.stem());
        var pw = spec.commandLine().getOut();
        TrainingResult r = Jobs.withJob(ws, options, spec.commandLine().getErr(), model, dir,
                job -> (resume == null ? job : job.resuming(resume))
                        .train(epochs == null ? OptionalInt.empty() : OptionalInt.of(epochs)));
        Jobs.printTraining(pw, model.spec().name(), r);
        pw.println(model.spec().name() + ": wrote " + List.of(Job.CHECKPOINT, Job.METRICS, Job.LOSS_PLOT) + " to " + dir);
        return 0;
    }
}
