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
import org.thermogen.runtime.testmodels.FullyVisible;
import org.thermogen.runtime.energy.PairwiseEnergy;

/**
 * Gibbs chains on Spark tasks: 13 chains of an 8 x 5 RBM (block Gibbs), 11 single-site chains
 * of a Boltzmann machine of 7 visible and 3 hidden spins coupled in every pair, on 1, 3 and 7
 * tasks, and 130 chains of an 8 x 8 Ising lattice in 3 words of up to 64, on 1, 2 and 3 tasks,
 * draw the samples (and diagnostics) of one machine to the bit.
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
    @Test
    void singleSiteChainsOfAPairwiseEnergyOnTasksDrawTheSamplesOfOneMachine() {
        FullyVisible model = new FullyVisible(7, 3, Domain.SPIN);
        PairwiseEnergy e = new PairwiseEnergy(10, Domain.SPIN);
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int k = 0; k < 10; k++) {
            for (int l = k + 1; l < 10; l++) {
                e.addPair(k, l, 0.6 * r.nextGaussian());
            }
            e.addBias(k, 0.3 * r.nextGaussian());
        }
        double[] theta = model.parametersOf(e);
        GibbsSampler gibbs = GibbsSampler.builder().chains(11).sweeps(300).burnin(40).thin(3).build();
        try (RunContext context = new RunContext(19, Path.of(""), ProgressListener.NONE, 2)) {
            Samples here = gibbs.sample(model, theta, 500, context);
            assertEquals(500 * 7, here.values().length);
            for (int tasks : new int[] {1, 3, 7}) {
                // Counted, so that a sampler quietly running here could not pass.
                java.util.concurrent.atomic.AtomicInteger ranges = new java.util.concurrent.atomic.AtomicInteger();
                org.thermogen.runtime.mcmc.SiteChains.Runner spark = SparkGibbs.sites(SparkGibbsTest.spark, tasks);
                Samples there = gibbs.runningSiteChainsOn(plan -> {
                    org.thermogen.runtime.mcmc.SiteChains.Run[] runs = spark.run(plan);
                    ranges.addAndGet(runs.length);
                    return runs;
                }).sample(model, theta, 500, context);
                assertEquals(tasks, ranges.get());
                assertArrayEquals(here.values(), there.values(), tasks + " tasks");
                assertEquals(here.diagnostics(), there.diagnostics(), tasks + " tasks");
            }
        }
    }

    @Test
    void wordsOfLatticeChainsOnTasksDrawTheSamplesOfOneMachine() {
        org.thermogen.runtime.testmodels.Lattice model = new org.thermogen.runtime.testmodels.Lattice(8, 8, Domain.SPIN);
        double[] theta = {0.35, 0.05};
        GibbsSampler gibbs = GibbsSampler.builder().chains(130).sweeps(60).burnin(20).thin(2).build();
        try (RunContext context = new RunContext(23, Path.of(""), ProgressListener.NONE, 2)) {
            Samples here = gibbs.sample(model, theta, 1000, context);
            assertEquals(1000 * 64, here.values().length);
            for (int tasks : new int[] {1, 2, 3}) {
                java.util.concurrent.atomic.AtomicInteger words = new java.util.concurrent.atomic.AtomicInteger();
                org.thermogen.runtime.mcmc.SiteChains.Runner spark = SparkGibbs.sites(SparkGibbsTest.spark, tasks);
                Samples there = gibbs.runningSiteChainsOn(plan -> {
                    assertEquals(3, plan.words());
                    org.thermogen.runtime.mcmc.SiteChains.Run[] runs = spark.run(plan);
                    words.addAndGet(runs.length);
                    return runs;
                }).sample(model, theta, 1000, context);
                assertEquals(tasks, words.get());
                assertArrayEquals(here.values(), there.values(), tasks + " tasks");
                assertEquals(here.diagnostics(), there.diagnostics(), tasks + " tasks");
            }
        }
    }
}
