package org.thermogen.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermogen.cli.errors.UserError;
import org.thermogen.cli.load.GenWorkspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermogen compile FILE.gen -o DIR}: emit the Java sources. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Generate the Java classes of a .gen file (one per model and dataset).")
public final class CompileCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.gen", description = "the model file")
    private Path file;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "source folder to write into")
    private Path output;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GenWorkspace ws = GenWorkspace.load(file);
        ws.requireValid();
        Map<String, String> sources = ws.javaSources();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path target = output.resolve(e.getKey());
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, e.getValue());
            } catch (IOException ex) {
                throw new UserError(target + ": cannot write (" + ex.getMessage() + ")");
            }
        }
        spec.commandLine().getOut().println("wrote " + sources.size() + " Java file" + (sources.size() == 1 ? "" : "s")
                + " to " + output);
        return 0;
    }
}
