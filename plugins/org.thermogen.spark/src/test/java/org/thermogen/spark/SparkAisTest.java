package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.mcmc.Annealing;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

/**
 * AIS runs spread over Spark tasks: {@code ln Z} of a 4x4 Ising lattice within 3 standard
 * errors of its sum over the 65 536 states, with the bits of the single-machine estimate
 * from the same seed on 1 or 7 tasks.
 */
class SparkAisTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "SparkAisTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void anIsingLatticesLogPartitionFromRunsOnManyTasks() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        double[] theta = {0.4, 0.1};
        double shift = -lattice.energy(RandomMachines.state(0, 16, Domain.SPIN), theta);
        double z = 0;
        for (long i = 0; i < 1L << 16; i++) {
            z += Math.exp(-lattice.energy(RandomMachines.state(i, 16, Domain.SPIN), theta) - shift);
        }
        double exact = shift + Math.log(z);
        try (RunContext context = new RunContext(4, Path.of(""), ProgressListener.NONE, 2)) {
            Estimator.Estimate local = Annealing.logPartition(lattice, theta, 200, 1000, 0.05, context);
            for (int tasks : new int[] {1, 7}) {
                Estimator.Estimate spread = SparkAis.logPartition(spark, () -> (Model) new Lattice(4, 4, Domain.SPIN),
                        theta, 200, 1000, 0.05, tasks, context);
                assertEquals(local.logPartition(), spread.logPartition(), 0.0, tasks + " tasks");
                assertEquals(local.standardError(), spread.standardError(), 0.0, tasks + " tasks");
                assertTrue(spread.standardError() > 0 && spread.standardError() < 0.05, spread.toString());
                assertEquals(exact, spread.logPartition(), 3 * spread.standardError(),
                        spread.logPartition() + " +- " + spread.standardError() + " against " + exact);
            }
        }
    }
}
