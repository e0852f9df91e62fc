package org.thermogen.cli;

import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import org.thermogen.cli.commands.CheckCommand;
import org.thermogen.cli.commands.CompileCommand;
import org.thermogen.cli.commands.EvalCommand;
import org.thermogen.cli.commands.LspCommand;
import org.thermogen.cli.commands.RunCommand;
import org.thermogen.cli.commands.SampleCommand;
import org.thermogen.cli.commands.TrainCommand;
import org.thermogen.cli.errors.ExitStatus;
import org.thermogen.run.Interruption;
import org.thermogen.run.SourceLines;
import org.thermogen.runtime.compute.Backend;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.sample.Work;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code thermogen} command. Exit status: 0 success, 1 a problem the user can fix
 * (reported in one line naming file and position), 2 an internal error.
 */
@Command(name = "thermogen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Train, sample and evaluate the generative models of .gen files.",
        subcommands = {CheckCommand.class, CompileCommand.class, TrainCommand.class, SampleCommand.class,
                EvalCommand.class, RunCommand.class, LspCommand.class})
public final class ThermogenCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: check, compile, train, sample, eval or run");
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (System.getenv("THERMOGEN_STACKTRACE") == null) {
            // Xtext and the validator log bugs with their traces; the command line says them in one line.
            org.apache.log4j.Logger.getRootLogger().setLevel(org.apache.log4j.Level.OFF);
        }
        // Parsing, checking and lowering recurse over the expression tree: a large stack (reserved,
        // used only as deep as a file needs) lets energies of thousands of terms through.
        // Ctrl-C and SIGTERM interrupt the command, which keeps its checkpoint and loss history.
        System.exit(Interruption.run("thermogen", STACK_BYTES, () -> execute(args, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true))));
    }

    /** The stack of the command's thread. */
    static final long STACK_BYTES = 512L << 20;

    /** Runs the command line with the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        // --backend, --precision and --max-work set system properties for the run; a caller's JVM gets its own back.
        String backend = System.getProperty(Backend.PROPERTY);
        String precision = System.getProperty(Precision.PROPERTY);
        String maxWork = System.getProperty(Work.PROPERTY);
        try {
            return executeOnce(args, out, err);
        } finally {
            restore(Backend.PROPERTY, backend);
            restore(Precision.PROPERTY, precision);
            restore(Work.PROPERTY, maxWork);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static int executeOnce(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new ThermogenCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            String message = ex.getMessage();
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String word = u.getUnmatched().get(0);
                message = (word.startsWith("-") ? "unknown option " : c.getSubcommands().isEmpty() ? "unexpected argument "
                        : "unknown command ") + word + (u.getSuggestions().isEmpty() ? ""
                                : ": did you mean " + String.join(" or ", u.getSuggestions()) + "?");
            }
            err.println(name + ": " + message + " (see " + name + " --help)");
            return ExitStatus.USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> failed(ex, err));
        try {
            return cl.execute(args);
        } catch (StackOverflowError e) {
            err.println("thermogen: the file is nested too deeply to process (an expression of very many terms or"
                    + " brackets): split it into smaller parts");
            return ExitStatus.USER_ERROR;
        } catch (ExceptionInInitializerError e) {
            // A generated class's static definition refused by the runtime (picocli passes Errors on).
            return failed(e, err);
        }
    }

    /** A command that threw: one line, and the exit status that says whose problem it is. */
    private static int failed(Throwable thrown, PrintWriter err) {
        Throwable ex = thrown instanceof ExceptionInInitializerError && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (ex instanceof Exception e && ExitStatus.isUserError(e)) {
            err.println(ex.getMessage());
            return ExitStatus.USER_ERROR;
        }
        if (ex instanceof CancellationException) {
            // A training says where it stopped and what it kept; elsewhere nothing was being written.
            err.println(ex.getMessage() != null && !ex.getMessage().equals("interrupted") ? ex.getMessage()
                    : "thermogen: interrupted");
            return ExitStatus.USER_ERROR;
        }
        // Where the model's generated code was when it failed, read back to the .gen file.
        String at = SourceLines.of(ex).map(position -> " in the code generated from " + position).orElse("");
        err.println("thermogen: internal error" + at + ": " + ex + " (a Thermogen bug; set THERMOGEN_STACKTRACE=1 for"
                + " details)");
        if (System.getenv("THERMOGEN_STACKTRACE") != null) {
            thrown.printStackTrace(err);
        }
        return ExitStatus.INTERNAL_ERROR;
    }
}
