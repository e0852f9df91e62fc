package org.thermogen.runtime.rbm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;

/**
 * AIS against exact ln Z. Each comparison asks for agreement within 3 standard errors (a
 * correct estimator with an honest standard error fails that about 0.3% of the time; the
 * seeds are fixed), and for a standard error small enough (below 0.1 nats) that agreement
 * means something; the standard error must also be positive.
 */
class AisTest {

    private static RunContext context(long seed, int threads) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, threads);
    }

    private static void assertAgrees(double exact, Estimator.Estimate ais) {
        double se = ais.standardError();
        assertTrue(se > 0 && se < 0.1, "standard error " + se);
        assertTrue(Math.abs(ais.logPartition() - exact) < 3 * se,
                "ais " + ais.logPartition() + " +- " + se + ", exact " + exact);
    }

    /** 24 visible and 20 hidden units: exact ln Z enumerates the 2^20 hidden states. */
    @Test
    void aisAgreesWithExactLogPartitionOfAnRbmWithTwentyHiddenUnits() {
        BipartiteEnergy e = BipartiteMachine.random(24, 20, Domain.BINARY, Domain.BINARY, 0.3, 0.5, 41);
        double exact = ExactPartition.logPartition(e, null);
        Estimator.Estimate ais = Ais.builder().runs(100).temperatures(1000).build().logPartition(e, null, context(1, 1));
        assertAgrees(exact, ais);
        assertEquals(100.0, ais.details().get("runs"));
    }

    /** With data the base model takes the data's marginals (base rate); spins this time. */
    @Test
    void aisWithABaseRateModelFromDataAgreesWithExact() {
        BipartiteEnergy e = BipartiteMachine.random(24, 20, Domain.SPIN, Domain.SPIN, 0.2, 0.5, 42);
        double[] samples = ExactPartition.sample(e, 500, new SplittableRandom(3));
        Dataset data = new Dataset("D", 500, 24, samples, null);
        double exact = ExactPartition.logPartition(e, null);
        Estimator.Estimate ais = Ais.builder().runs(100).temperatures(1000).build().logPartition(e, data, context(2, 2));
        assertAgrees(exact, ais);
        assertTrue(ais.method().contains("base-rate model from D"), ais.method());
    }

    /** Gaussian-Bernoulli: exact ln Z integrates the 30 real visibles out for each of 2^12 hidden states. */
    @Test
    void aisAgreesWithExactForGaussianVisibles() {
        BipartiteEnergy e = BipartiteMachine.random(30, 12, Domain.REAL, Domain.BINARY, 0.15, 0.5, 43);
        double exact = ExactPartition.logPartition(e, null);
        Estimator.Estimate ais = Ais.builder().runs(100).temperatures(1000).build().logPartition(e, null, context(3, 1));
        assertAgrees(exact, ais);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        BipartiteEnergy e = BipartiteMachine.random(10, 8, Domain.BINARY, Domain.BINARY, 0.5, 0.5, 44);
        Ais ais = Ais.builder().runs(20).temperatures(50).build();
        Estimator.Estimate one = ais.logPartition(e, null, context(9, 1));
        Estimator.Estimate two = ais.logPartition(e, null, context(9, 2));
        assertEquals(one.logPartition(), two.logPartition());
        assertEquals(one.standardError(), two.standardError());
    }

    @Test
    void settingsAreCheckedAndDescribed() {
        assertEquals("ais(runs 100, temperatures 10000)", Ais.builder().build().describe());
        assertEquals("ais(runs 7, temperatures 30)", Ais.builder().runs(7).temperatures(30).build().describe());
        assertThrows(IllegalArgumentException.class, () -> Ais.builder().runs(1).build());
        assertThrows(IllegalArgumentException.class, () -> Ais.builder().temperatures(1).build());
    }
}
