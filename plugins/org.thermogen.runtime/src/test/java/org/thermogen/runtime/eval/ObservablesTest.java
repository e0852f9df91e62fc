package org.thermogen.runtime.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.mcmc.GibbsSampler;
import org.thermogen.runtime.mcmc.Ladder;
import org.thermogen.runtime.mcmc.ParallelTempering;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

class ObservablesTest {

    /** Records the tasks begun and the notes. */
    private static final class Recorder implements ProgressListener {
        final List<String> tasks = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        @Override
        public void begin(String task, long totalSteps) {
            tasks.add(task);
        }

        @Override
        public void note(String line) {
            notes.add(line);
        }
    }

    /** Exact {@code <E>/n} and {@code <|M|>/n} of a lattice at temperature 1, by summing every state. */
    private static double[] exact(Lattice lattice, int n, double[] theta) {
        double z = 0;
        double energy = 0;
        double abs = 0;
        for (long i = 0; i < (1L << n); i++) {
            double[] s = RandomMachines.state(i, n, Domain.SPIN);
            double e = lattice.energy(s, theta);
            double w = Math.exp(-e);
            double m = 0;
            for (double v : s) {
                m += v;
            }
            z += w;
            energy += w * e;
            abs += w * Math.abs(m);
        }
        return new double[] {energy / z / n, abs / z / n};
    }

    @Test
    void settingsAndErrors() {
        assertEquals("abs_magnetization per temperature",
                Observables.builder().observable("abs_magnetization").perTemperature(true).build().describe());
        assertEquals("energy", Observables.builder().build().describe());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Observables.builder().observable("heat").build());
        assertTrue(e.getMessage().contains("energy, magnetization or abs_magnetization"), e.getMessage());
        Lattice bare = new Lattice(3, 3, Domain.SPIN);
        RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Observables.builder().perTemperature(true).build().evaluate(bare, new double[] {1, 0}, context));
        assertTrue(e.getMessage().contains("parallel_tempering"), e.getMessage());
        Lattice large = new Lattice(5, 5, Domain.SPIN);
        e = assertThrows(IllegalArgumentException.class,
                () -> Observables.builder().build().evaluate(large, new double[] {1, 0}, context));
        assertEquals("energy is measured on samples beyond 20 units (Lattice5x5 has 25); add `sample with gibbs(chains 8,"
                + " sweeps 1000)` to Lattice5x5", e.getMessage());
    }

    /**
     * A model of at most 20 units without a sampler is summed over every state: a 3x3 lattice
     * at J = 0.3, h = 0.1 (and a strongly coupled one, J = 2, whose weights span e^72 and need the
     * running shift) against the enumeration written out in {@link #exact}, with magnetization
     * from the same sum.
     */
    @Test
    void smallModelsWithoutASamplerAreSummedExactly() {
        Lattice lattice = new Lattice(3, 3, Domain.SPIN);
        for (double[] theta : new double[][] {{0.3, 0.1}, {2.0, 0.0}}) {
            double[] truth = exact(lattice, 9, theta);
            try (RunContext context = RunContext.withSeed(1)) {
                EvaluationResult energy = Observables.builder().observable("energy").build()
                        .evaluate(lattice, theta, List.of(), context);
                EvaluationResult abs = Observables.builder().observable("abs_magnetization").build()
                        .evaluate(lattice, theta, List.of(), context);
                EvaluationResult m = Observables.builder().observable("magnetization").build()
                        .evaluate(lattice, theta, List.of(), context);
                assertEquals(truth[0], energy.value(), 1e-12);
                assertEquals(truth[1], abs.value(), 1e-12);
                assertEquals(0.0, energy.standardError());
                assertEquals("exact enumeration of 512 states", energy.method());
                double z = 0;
                double sum = 0;
                for (long i = 0; i < 512; i++) {
                    double[] s = RandomMachines.state(i, 9, Domain.SPIN);
                    double w = Math.exp(-lattice.energy(s, theta));
                    double total = 0;
                    for (double v : s) {
                        total += v;
                    }
                    z += w;
                    sum += w * total;
                }
                assertEquals(sum / z / 9, m.value(), 1e-12);
            }
        }
    }

    /**
     * Two observables per temperature of one model run the sampler once, and their series
     * are the run's figures; the value is the one at the temperature closest to 1 (1.5 here,
     * the lowest of the ladder of the language sketch, shortened).
     */
    @Test
    void perTemperatureRunsTheTemperingSamplerOnceForAllObservables() {
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.geometric(1.5, 3.5, 6)).sweeps(4000)
                .burnin(200).build();
        Lattice lattice = new Lattice(4, 4, Domain.SPIN, List.of(pt), List.of());
        double[] theta = {1.0, 0.0};
        Recorder recorder = new Recorder();
        RunContext context = new RunContext(2, Path.of(""), recorder, 1);
        EvaluationResult energy = Observables.builder().observable("energy").perTemperature(true).build()
                .evaluate(lattice, theta, lattice.samplers(), context);
        EvaluationResult abs = Observables.builder().observable("abs_magnetization").perTemperature(true).build()
                .evaluate(lattice, theta, lattice.samplers(), context.withListener(recorder));
        assertEquals(1, recorder.tasks.size(), recorder.tasks.toString());
        ParallelTempering.Measurement m = pt.measure(lattice, theta, new RunContext(2, Path.of(""), ProgressListener.NONE, 1));
        assertEquals("temperature", energy.series().xLabel());
        assertEquals("energy per unit", energy.series().yLabel());
        assertEquals(6, energy.series().x().size());
        for (int k = 0; k < 6; k++) {
            assertEquals(m.temperatures()[k], energy.series().x().get(k));
            assertEquals(m.mean("energy")[k], energy.series().y().get(k));
            assertEquals(m.standardError("energy")[k], energy.series().se().get(k));
            assertEquals(m.mean("abs_magnetization")[k], abs.series().y().get(k));
        }
        assertEquals(m.mean("energy")[0], energy.value());
        assertEquals(1.5, energy.details().get("temperature"));
        assertEquals(20.0, energy.details().get("batches"));
        assertEquals(m.swapRates()[4], energy.details().get("swap_rate_4"));
        assertEquals("energy_per_temperature", energy.name());
        assertTrue(energy.method().contains("20 batch means"), energy.method());
        // Energy per spin falls as the lattice cools.
        for (int k = 1; k < 6; k++) {
            assertTrue(energy.series().y().get(k) > energy.series().y().get(k - 1));
        }
    }

    /**
     * Without {@code per temperature}: from the model's first sampler at temperature 1. A
     * 3x3 periodic lattice (512 states) at J = 0.3, h = 0.1 against enumeration: 8 Gibbs
     * chains of 5000 sweeps, 20 batch means of 2000 consecutive samples each (at these weak
     * couplings a chain forgets its state within a few sweeps, so the batches are nearly
     * independent and the standard error is not biased low); the estimate must be within 4
     * standard errors (|t| > 4 with 19 degrees of freedom: probability 8e-4), and the standard
     * error below 0.01 so that the check is sharp.
     */
    @Test
    void atTemperatureOneFromTheFirstSampler() {
        GibbsSampler gibbs = GibbsSampler.builder().chains(8).sweeps(5000).burnin(100).build();
        Lattice lattice = new Lattice(3, 3, Domain.SPIN, List.of(gibbs), List.of());
        double[] theta = {0.3, 0.1};
        double[] truth = exact(lattice, 9, theta);
        Recorder recorder = new Recorder();
        RunContext context = new RunContext(3, Path.of(""), recorder, 2);
        try {
            EvaluationResult energy = Observables.builder().observable("energy").build()
                    .evaluate(lattice, theta, lattice.samplers(), context);
            EvaluationResult abs = Observables.builder().observable("abs_magnetization").build()
                    .evaluate(lattice, theta, lattice.samplers(), context);
            assertEquals(1, recorder.tasks.size(), "one sampling run for both");
            assertNull(energy.series());
            assertEquals("energy", energy.name());
            assertTrue(energy.standardError() < 0.01 && abs.standardError() < 0.01);
            assertEquals(truth[0], energy.value(), 4 * energy.standardError());
            assertEquals(truth[1], abs.value(), 4 * abs.standardError());
            assertEquals(40000.0, energy.details().get("samples"));
            // The sampler's figure, and the exact one beside it for checking.
            assertEquals(truth[0], energy.details().get("exact"), 1e-12);
            assertEquals(truth[1], abs.details().get("exact"), 1e-12);
        } finally {
            context.close();
        }
    }

    /** A tempering sampler first: its replica closest to 1, with a note when that is not 1. */
    @Test
    void aTemperingSamplerGivesItsReplicaClosestToOne() {
        ParallelTempering pt = ParallelTempering.builder().temperatures(Ladder.list(new double[] {1.2, 2})).sweeps(500)
                .burnin(50).build();
        Lattice lattice = new Lattice(4, 4, Domain.SPIN, List.of(pt), List.of());
        Recorder recorder = new Recorder();
        RunContext context = new RunContext(4, Path.of(""), recorder, 1);
        EvaluationResult r = Observables.builder().observable("magnetization").build()
                .evaluate(lattice, new double[] {1, 0}, lattice.samplers(), context);
        ParallelTempering.Measurement m = pt.measure(lattice, new double[] {1, 0}, new RunContext(4, Path.of(""),
                ProgressListener.NONE, 1));
        assertEquals(m.mean("magnetization")[0], r.value());
        assertEquals(1.2, r.details().get("temperature"));
        assertEquals(1, recorder.notes.size());
        assertTrue(recorder.notes.get(0).contains("T = 1.2"), recorder.notes.get(0));
    }

    @Test
    void batchMeansOfKnownNumbers() {
        double[] v = {1, 2, 3, 4, 5, 6};
        double[] r = Observables.batchMeans(v, 3);
        // Batch means 1.5, 3.5, 5.5 around 3.5: variance 4, standard error sqrt(4 / 3).
        assertEquals(3.5, r[0], 1e-15);
        assertEquals(Math.sqrt(4.0 / 3), r[1], 1e-15);
        assertArrayEquals(new double[] {3.5, Double.NaN}, Observables.batchMeans(v, 1));
    }
}
