package org.thermogen.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.testmodels.BipartiteMachine;

/**
 * A restricted Boltzmann machine's Gibbs chains on Spark tasks: 13 chains of an 8 x 5 RBM on
 * 1, 3 and 7 tasks draw the samples (and diagnostics) of one machine to the bit.
 */
class SparkGibbsTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.start("local[2]", "SparkGibbsTest");
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    @Test
    void chainsOnTasksDrawTheSamplesOfOneMachine() {
        BipartiteMachine model = new BipartiteMachine(8, 5, Domain.BINARY, Domain.BINARY);
        double[] theta = model.parametersOf(BipartiteMachine.random(8, 5, Domain.BINARY, Domain.BINARY, 0.8, 0.5, 3));
        GibbsSampler gibbs = GibbsSampler.builder().chains(13).sweeps(200).burnin(50).thin(5).build();
        try (RunContext context = new RunContext(11, Path.of(""), ProgressListener.NONE, 2)) {
            Samples here = gibbs.sample(model, theta, 400, context);
            for (int tasks : new int[] {1, 3, 7}) {
                Samples there = gibbs.runningOn(SparkGibbs.runner(spark, tasks)).sample(model, theta, 400, context);
                assertArrayEquals(here.values(), there.values(), tasks + " tasks");
                assertEquals(here.diagnostics(), there.diagnostics(), tasks + " tasks");
            }
        }
    }
}
