package org.thermogen.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.thermogen.cli.load.ModelFile;
import org.thermogen.run.Job;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.sample.Samples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermogen sample FILE.gen --checkpoint DIR}. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Draw samples from a trained model with its first `sample with` sampler (or --sampler NAME).",
                "Writes samples.csv, samples.npy and samples.png."})
public final class SampleCommand implements Callable<Integer> {
    @Mixin
    private JobOptions options;

    @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "folder (or file) of checkpoint.json")
    private Path checkpoint;

    @Option(names = "-n", paramLabel = "N", description = "number of samples (default: what the sampler's settings give)")
    private Integer n;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: the checkpoint's folder)")
    private Path out;

    @Option(names = "--sampler", paramLabel = "NAME", description = "the declared sampler to draw with, e.g. ddim"
            + " (default: the first of the `sample with` clause)")
    private String sampler;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelFile ws = options.load();
        String name = options.model != null ? options.model : Jobs.checkpointModel(checkpoint);
        ModelDefinition model = Jobs.choose(ws, name, m -> !m.samplers().isEmpty(), "has a sample clause", true).get(0);
        Path dir = out != null ? out : Jobs.folderOf(checkpoint);
        var pw = spec.commandLine().getOut();
        Samples s = Jobs.withJob(ws, options, spec.commandLine().getErr(), model, dir,
                job -> sampler == null ? job.sample(checkpoint, n == null ? OptionalInt.empty() : OptionalInt.of(n))
                        : job.sample(checkpoint, n == null ? OptionalInt.empty() : OptionalInt.of(n), sampler));
        Jobs.printSamples(pw, model.spec().name(), s);
        pw.println(model.spec().name() + ": wrote " + List.of(Job.SAMPLES_CSV, Job.SAMPLES_NPY, Job.SAMPLES_PLOT) + " to " + dir);
        return 0;
    }
}
