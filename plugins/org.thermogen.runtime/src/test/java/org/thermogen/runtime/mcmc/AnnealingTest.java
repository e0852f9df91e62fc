package org.thermogen.runtime.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.rbm.Ais;
import org.thermogen.runtime.rbm.Estimator;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.testmodels.EnergyOnly;
import org.thermogen.runtime.testmodels.Lattice;
import org.thermogen.runtime.testmodels.RandomMachines;

/**
 * {@code ais} for energies that are not RBMs, against exact {@code ln Z}: a 4x4 Ising
 * lattice (enumeration of 65 536 states) through its local fields and as a general energy, a
 * Gaussian energy (closed form) and a double well (quadrature), each within 3 standard
 * errors, with errors small enough that the check is sharp.
 */
class AnnealingTest {


    private static void assertWithin3(double exact, Estimator.Estimate z, double largestError, String what) {
        System.out.printf("ais %s: %.5f +- %.5f, exact %.5f%n", what, z.logPartition(), z.standardError(), exact);
        assertTrue(z.standardError() > 0 && z.standardError() < largestError, what + ": standard error " + z.standardError());
        assertEquals(exact, z.logPartition(), 3 * z.standardError(), what + " " + z.logPartition() + " +- "
                + z.standardError() + " against " + exact);
    }

    @Test
    void anIsingLatticeByLocalFieldsAndAsAGeneralEnergy() {
        Lattice lattice = new Lattice(4, 4, Domain.SPIN);
        double[] theta = {0.4, 0.1};
        double z = 0;
        double shift = -lattice.energy(RandomMachines.state(0, 16, Domain.SPIN), theta);
        for (long i = 0; i < 1L << 16; i++) {
            z += Math.exp(-lattice.energy(RandomMachines.state(i, 16, Domain.SPIN), theta) - shift);
        }
        double exact = shift + Math.log(z);
        try (RunContext context = new RunContext(4, Path.of(""), ProgressListener.NONE, 2)) {
            Estimator.Estimate fields = Annealing.logPartition(lattice, theta, 200, 1000, 0.05, context);
            assertWithin3(exact, fields, 0.05, "local fields");
            assertTrue(fields.method().contains("local fields"), fields.method());
            Estimator.Estimate plain = Annealing.logPartition(new EnergyOnly(lattice), theta, 100, 300, 0.05, context);
            assertWithin3(exact, plain, 0.1, "energy differences");
            // The metric: log_partition(ais(...)) on a model that is not an RBM.
            EvaluationResult metric = LogPartition.builder().method(Ais.builder().runs(200).temperatures(1000).build())
                    .build().evaluate(lattice, theta, context);
            assertEquals(fields.logPartition(), metric.value(), 0.0);
            assertEquals(fields.standardError(), metric.standardError(), 0.0);
        }
        try (RunContext one = new RunContext(4, Path.of(""), ProgressListener.NONE, 1)) {
            assertEquals(Annealing.logPartition(lattice, theta, 200, 1000, 0.05, one).logPartition(),
                    LogPartition.builder().method(Ais.builder().runs(200).temperatures(1000).build()).build()
                            .evaluate(lattice, theta, one).value(), 0.0, "the same bits on one thread as on two");
        }
    }

    /** {@code ln Z = d/2 ln 2 pi - 1/2 ln det P} for {@code 0.5 (x - m)' P (x - m)}. */
    @Test
    void aGaussianEnergyAgainstItsClosedForm() {
        LangevinModels.PrecisionQuadratic model = new LangevinModels.PrecisionQuadratic(2);
        double[] theta = {1, -0.5, 2, 0.6, 0.6, 1.5};
        double exact = Math.log(2 * Math.PI) - 0.5 * Math.log(2 * 1.5 - 0.6 * 0.6);
        try (RunContext context = new RunContext(5, Path.of(""), ProgressListener.NONE, 2)) {
            Estimator.Estimate z = Annealing.logPartition(model, theta, 200, 500, 0.1, context);
            assertWithin3(exact, z, 0.02, "Gaussian");
            assertTrue(z.details().get("acceptance_rate") > 0.5, z.details().toString());
        }
    }

    /** {@code 2 (x^2 - 1)^2}: two wells; ln Z by the trapezoid rule on [-4, 4] (the tails are below e^-400). */
    @Test
    void aDoubleWellAgainstQuadrature() {
        LangevinModels.DoubleWell model = new LangevinModels.DoubleWell();
        double[] theta = {2.0};
        int cells = 80000;
        double h = 8.0 / cells;
        double sum = 0;
        for (int i = 0; i <= cells; i++) {
            double x = -4 + i * h;
            double w = i == 0 || i == cells ? 0.5 : 1;
            sum += w * Math.exp(-model.energy(new double[] {x}, theta));
        }
        double exact = Math.log(sum * h);
        try (RunContext context = new RunContext(6, Path.of(""), ProgressListener.NONE, 2)) {
            Estimator.Estimate z = Annealing.logPartition(model, theta, 200, 1000, 0.1, context);
            assertWithin3(exact, z, 0.03, "double well");
        }
    }
}
