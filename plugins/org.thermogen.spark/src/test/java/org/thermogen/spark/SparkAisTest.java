package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.mcmc.Annealing;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.rbm.ExactPartition;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
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

    /**
     * A restricted Boltzmann machine's {@code ais}, its runs on 1, 3 or 7 tasks as
     * {@code thermogen run --spark} deals them: the single-machine estimate's bits, within 3
     * standard errors of the exact {@code ln Z} (10 visible, 6 hidden units: the 64 states of
     * the smaller layer summed with the other summed out).
     */
    @Test
    void anRbmsAisRunsOnTasksWithTheBitsOfOneMachine() {
        BipartiteEnergy e = BipartiteMachine.random(10, 6, Domain.BINARY, Domain.BINARY, 0.8, 0.5, 21);
        Ais ais = Ais.builder().runs(120).temperatures(800).build();
        try (RunContext context = new RunContext(4, Path.of(""), ProgressListener.NONE, 2)) {
            double exact = ExactPartition.logPartition(e, context.pool());
            Estimator.Estimate local = ais.logPartition(e, null, context);
            for (int tasks : new int[] {1, 3, 7}) {
                Estimator.Estimate spread = ais.runningOn(SparkAis.runner(spark, tasks)).logPartition(e, null, context);
                assertEquals(local.logPartition(), spread.logPartition(), 0.0, tasks + " tasks");
                assertEquals(local.standardError(), spread.standardError(), 0.0, tasks + " tasks");
                assertEquals(exact, spread.logPartition(), 3 * spread.standardError(),
                        spread.logPartition() + " +- " + spread.standardError() + " against " + exact);
            }
        }
    }
}
