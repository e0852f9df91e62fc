package org.thermogen.cli.commands;

import java.nio.file.Path;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.Precision;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every running command shares. */
public final class JobOptions {
    @Parameters(index = "0", paramLabel = "FILE.gen", description = "the model file, or a compiled model class on the"
            + " class path (examples.rbm.DigitsRbm)")
    Path file;

    @Option(names = "--model", paramLabel = "M", description = "the model to use when the file declares several")
    String model;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "random seed; the same seed gives bit-identical results (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    @picocli.CommandLine.Mixin
    WorkLimit workLimit;

    @Option(names = "--spark", paramLabel = "MASTER", description = "train on Apache Spark: local[2], spark://host:7077"
            + " (em, elbo, denoising, cd and pcd train there, and sweeps, ais runs and gibbs chains run there; the"
            + " outputs are written here; ./thermogen adds Spark to the class path, downloading it from Maven Central"
            + " on first use)")
    String spark;

    @Option(names = "--data", paramLabel = "PATH", description = "read the training dataset's rows from PATH instead"
            + " of the file its csv(...) source names, with the same columns, transforms and split; with --spark, Spark"
            + " reads it (CSV or Parquet, hdfs:, s3a:, file: ...)")
    String data;

    /** The command this mixin belongs to, for errors in its options. */
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec command;

    /** The kernels' names, as {@link Backend#PROPERTY} takes them. */
    enum BackendName { auto, vector, scalar }

    /** The networks' arithmetic, as {@link Precision#PROPERTY} takes it. */
    enum PrecisionName { float32, float64 }

    @Option(names = "--backend", paramLabel = "B", description = "the kernels networks compute with: auto (the"
            + " fastest that runs here), vector (SIMD, Java 21+) or scalar (default: auto)")
    void backend(BackendName name) {
        // Set before the model's classes load: networks take their kernels when they are built.
        System.setProperty(Backend.PROPERTY, name.name());
        try {
            Backend.kernels();
        } catch (IllegalStateException e) {
            System.clearProperty(Backend.PROPERTY);
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--backend " + name + ": "
                    + e.getMessage());
        }
    }

    @Option(names = "--precision", paramLabel = "P", description = "the arithmetic of networks (VAEs, diffusion"
            + " denoisers) and of cd/pcd steps on binary units: float32 or float64 (default: float32; parameters, optimizers and losses are float64 either way)")
    void precision(PrecisionName name) {
        System.setProperty(Precision.PROPERTY, name.name());
    }

    @Option(names = "--checkpoint-every", paramLabel = "SECONDS", defaultValue = "10",
            description = "write the checkpoint (and a resumable run's state) at most every SECONDS while training"
                    + " (default: ${DEFAULT-VALUE}; 0: after every epoch)")
    double checkpointEvery;

    java.time.Duration checkpointInterval() {
        if (!(checkpointEvery >= 0) || Double.isInfinite(checkpointEvery)) {
            throw new org.thermogen.cli.errors.UserError("--checkpoint-every must be a number of seconds of at least"
                    + " 0, not " + checkpointEvery);
        }
        return java.time.Duration.ofNanos((long) (checkpointEvery * 1e9));
    }

    /**
     * The models: the .gen file's (its issues less a missing data file when {@code --data} names
     * another), or a compiled model class's when the argument is a class name and no such file
     * exists.
     */
    org.thermogen.cli.load.ModelFile load() {
        String named = file.toString();
        if (!java.nio.file.Files.exists(file) && org.thermogen.cli.load.CompiledModel.looksLikeClass(named)) {
            return org.thermogen.cli.load.CompiledModel.load(named);
        }
        org.thermogen.cli.load.GenWorkspace ws = org.thermogen.cli.load.GenWorkspace.load(file);
        return data == null ? ws : ws.ignoring(org.thermogen.lang.semantics.IssueCodes.MISSING_DATA_FILE);
    }

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
    }

    /** {@code out/<file name without .gen>}. */
    Path defaultOut(String stem) {
        return Path.of("out", stem);
    }
}
