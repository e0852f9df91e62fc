package org.thermogen.runtime.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.BipartiteMachine;
import org.thermogen.runtime.testmodels.FullyVisible;

/** Settings no machine finishes are refused before anything runs, with the figure, the time and the limit. */
class WorkTest {

    @AfterEach
    void clearLimit() {
        System.clearProperty(Work.PROPERTY);
    }

    @Test
    void figuresAndDurationsReadAsAPersonWritesThem() {
        assertEquals("640000", Work.figure(640000));
        assertEquals("1e13", Work.figure(1e13));
        assertEquals("3.2e15", Work.figure(3.2e15));
        assertEquals("1e10", Work.figure(9.99e9));
        assertEquals("about 3 hours", Work.duration(1e13));
        assertEquals("about 37 days", Work.duration(3.2e15));
        assertEquals("about 40 seconds", Work.duration(4e10));
    }

    @Test
    void aSamplerBeyondTheLimitIsRefusedAtCheckAndRun() {
        FullyVisible model = new FullyVisible(16, Domain.SPIN);
        GibbsSampler huge = GibbsSampler.builder().chains(1000).sweeps(1_000_000_000).burnin(0).thin(1_000_000_000).build();
        Optional<String> refusal = huge.workRefusal(ModelOutline.of(model));
        assertEquals("gibbs makes about 1.6e13 unit updates (chains 1000 x (burnin 0 + sweeps 1000000000) x 16 units),"
                + " about 4 hours at 1e9 a second; the limit is 1e13 (about 3 hours): use fewer chains or sweeps, or raise"
                + " the limit with --max-work 1.6e13", refusal.orElseThrow());
        try (RunContext c = new RunContext(1, Path.of(""), ProgressListener.NONE, 1)) {
            assertEquals(refusal.get(), assertThrows(IllegalArgumentException.class,
                    () -> huge.sample(model, new double[model.spec().paramSize()], 10, c)).getMessage());
        }
        assertTrue(GibbsSampler.builder().build().workRefusal(ModelOutline.of(model)).isEmpty());
        System.setProperty(Work.PROPERTY, "1.6e13");
        assertTrue(huge.workRefusal(ModelOutline.of(model)).isEmpty(), "the limit raised as the message says");
        System.setProperty(Work.PROPERTY, "-1");
        assertEquals("the work limit (--max-work, thermogen.maxWork) must be a positive number of unit updates, not -1",
                assertThrows(IllegalArgumentException.class, Work::limit).getMessage());
    }

    @Test
    void annealedImportanceSamplingCountsRunsTimesTemperatures() {
        ModelOutline rbm = ModelOutline.of(new BipartiteMachine(784, 500, Domain.BINARY, Domain.BINARY));
        LogPartition ais = LogPartition.builder().method(Ais.builder().runs(100000).temperatures(100000).build()).build();
        assertEquals("ais makes about 1.3e13 unit updates (runs 100000 x temperatures 100000 x 1284 units), about 4 hours"
                + " at 1e9 a second; the limit is 1e13 (about 3 hours): use fewer runs or temperatures, or raise the limit"
                + " with --max-work 1.3e13", ais.workRefusal(rbm).orElseThrow());
        assertTrue(LogPartition.builder().method(Ais.builder().build()).build().workRefusal(rbm).isEmpty());
    }
}
