package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.cli.load.GenWorkspace;
import org.thermogen.run.Job;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * The embedding contract: models trained at the same time in one JVM, each on its own thread
 * with its own context, give the same parameters, bit for bit, as each trained alone. Eight
 * jobs across every trainer family (moment matching, EM, closed-form Gaussian, CD in
 * float32, the ELBO of a VAE and of a hierarchical one, DDPM on points and on images), a few
 * epochs each: shared static state anywhere in the runtime (kernels, caches, random streams)
 * would show as a difference.
 */
class ConcurrentModelsTest {
    @TempDir
    Path dir;

    private record Case(String example, String model, int epochs, long seed) {
    }

    private static final List<Case> CASES = List.of(
            new Case("ising.gen", "Ising16", 20, 1),
            new Case("gmm.gen", "Blobs", 5, 2),
            new Case("gaussian.gen", "Body", 1, 3),
            new Case("rbm-digits.gen", "DigitsRbm", 2, 4),
            new Case("vae-digits.gen", "DigitsVae", 1, 5),
            new Case("hvae-digits.gen", "DigitsHvae", 1, 6),
            new Case("ddpm-moons.gen", "TwoMoons", 20, 7),
            new Case("ddpm-digits.gen", "DigitsDiffusion", 1, 8));

    private double[] train(Case c, String run) throws Exception {
        GenWorkspace ws = GenWorkspace.load(ExamplesTest.EXAMPLES.resolve(c.example()));
        ModelDefinition model = ws.model(c.model());
        RunContext context = new RunContext(c.seed(), ws.baseDirectory(), ProgressListener.NONE, 1);
        try {
            Job job = new Job(model, context, dir.resolve(run).resolve(c.model())).withCheckpointInterval(java.time.Duration.ofHours(1));
            return job.train(OptionalInt.of(c.epochs())).theta();
        } finally {
            context.close();
        }
    }

    @Test
    void eightModelsAtOnceTrainAsEachAlone() throws Exception {
        List<double[]> alone = new ArrayList<>();
        for (Case c : CASES) {
            alone.add(train(c, "alone"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CASES.size());
        try {
            List<Future<double[]>> together = new ArrayList<>();
            for (Case c : CASES) {
                Callable<double[]> job = () -> train(c, "together");
                together.add(pool.submit(job));
            }
            for (int i = 0; i < CASES.size(); i++) {
                double[] a = alone.get(i);
                double[] t = together.get(i).get();
                assertEquals(a.length, t.length, CASES.get(i).model());
                assertArrayEquals(a, t, CASES.get(i).model() + " trained beside seven others differs from alone");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
