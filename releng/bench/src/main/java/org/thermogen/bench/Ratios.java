package org.thermogen.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks and prints rates and ratios against the reference measured in the
 * same run (never bare times alone: machines differ, ratios travel).
 * {@code java -jar releng/bench/target/benchmarks.jar [iterations]}
 */
public final class Ratios {
    private Ratios() {
    }

    public static void main(String[] args) throws RunnerException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Options options = new OptionsBuilder()
                .include(EnumerationBench.class.getSimpleName())
                .include(GibbsBench.class.getSimpleName())
                .forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(2))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(3))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> time = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            time.put(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), r.getPrimaryResult().getScore());
        }
        double states = Math.pow(2, 20);
        System.out.println();
        System.out.println("Exact enumeration, 20 spins (2^20 states), dense couplings");
        double ref = time.get("EnumerationBench.referenceFullEnergyPerState");
        for (String b : new String[] {"logPartitionOneThread", "logPartitionAllCores", "momentsAllCores",
                "referenceFullEnergyPerState"}) {
            double ms = time.get("EnumerationBench." + b);
            System.out.printf(Locale.ROOT, "  %-28s %10.3e states/s   %6.1fx the reference%n", b, states / (ms / 1e3),
                    ref / ms);
        }
        System.out.println("Single-site Gibbs, 64 spins, dense couplings (one chain, one core)");
        double gref = time.get("GibbsBench.referenceFieldFromScratch");
        for (String b : new String[] {"sweep", "referenceFieldFromScratch"}) {
            double ns = time.get("GibbsBench." + b);
            System.out.printf(Locale.ROOT, "  %-28s %10.3e updates/s  %6.1fx the reference%n", b, 64 / (ns / 1e9), gref / ns);
        }
    }
}
