package org.thermogen.cli.commands;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every running command shares. */
public final class JobOptions {
    @Parameters(index = "0", paramLabel = "FILE.gen", description = "the model file")
    Path file;

    @Option(names = "--model", paramLabel = "M", description = "the model to use when the file declares several")
    String model;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "random seed; the same seed gives bit-identical results (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", description = "worker threads (default: all cores)")
    Integer threads;

    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads);
    }

    /** {@code out/<file name without .gen>}. */
    Path defaultOut(String stem) {
        return Path.of("out", stem);
    }
}
