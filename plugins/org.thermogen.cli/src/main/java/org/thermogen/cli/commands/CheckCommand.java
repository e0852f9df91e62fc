package org.thermogen.cli.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermogen.cli.errors.ExitStatus;
import org.thermogen.cli.load.GenWorkspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermogen check FILE.gen}: parse and validate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Parse and validate a .gen file.",
                "Prints file:line:col: error|warning: message lines; exits 1 if there is an error."})
public final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.gen", description = "the model file")
    private Path file;

    @Option(names = "--explain", description = "also say what the generator recognized in each model's energy")
    private boolean explain;

    @Mixin
    private WorkLimit workLimit;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GenWorkspace ws = GenWorkspace.load(file);
        List<String> lines = ws.report(explain);
        var out = spec.commandLine().getOut();
        lines.forEach(out::println);
        if (ws.hasErrors()) {
            return ExitStatus.USER_ERROR;
        }
        if (lines.isEmpty()) {
            out.println(ws.displayName() + ": ok");
        }
        return 0;
    }
}
