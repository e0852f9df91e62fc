package org.thermogen.cli.commands;

import org.thermogen.runtime.sample.Work;
import picocli.CommandLine.Option;

/**
 * {@code --max-work N}: the most unit updates a sampler's settings may ask for before check
 * and run refuse them ({@link Work}); shared by {@code check} and the commands that run.
 */
public final class WorkLimit {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec command;

    @Option(names = "--max-work", paramLabel = "N", description = "the most unit updates (one unit of one chain moved"
            + " once) a sampler's settings may ask for (default: 1e13, hours on one core)")
    void maxWork(double n) {
        if (!(n > 0) || Double.isInfinite(n)) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--max-work must be a positive"
                    + " number of unit updates, not " + n);
        }
        System.setProperty(Work.PROPERTY, Double.toString(n));
    }
}
