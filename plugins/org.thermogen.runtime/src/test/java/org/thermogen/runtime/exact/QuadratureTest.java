package org.thermogen.runtime.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.eval.LogPartition;
import org.thermogen.runtime.mcmc.LangevinModels;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;

/**
 * {@code ln Z} by quadrature against closed forms: Gaussian energies in 1, 2 and 3
 * dimensions written as general energies (away from the origin, one narrow), and a product of
 * double wells whose {@code ln Z} is three times that of one well (integrated finely in 1-D).
 */
class QuadratureTest {

    /** {@code 0.5 (x - m)' P (x - m)}: {@code ln Z = d/2 ln 2 pi - 1/2 ln det P}. */
    @Test
    void gaussianEnergiesInOneTwoAndThreeDimensions() {
        LangevinModels.PrecisionQuadratic one = new LangevinModels.PrecisionQuadratic(1);
        assertEquals(0.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(400),
                Quadrature.logPartition(one, new double[] {30, 400}).logPartition(), 1e-8);
        LangevinModels.PrecisionQuadratic two = new LangevinModels.PrecisionQuadratic(2);
        assertEquals(Math.log(2 * Math.PI) - 0.5 * Math.log(2 * 1.5 - 0.36),
                Quadrature.logPartition(two, new double[] {1, -0.5, 2, 0.6, 0.6, 1.5}).logPartition(), 1e-8);
        LangevinModels.PrecisionQuadratic three = new LangevinModels.PrecisionQuadratic(3);
        double[] theta = {0.5, -1, 2, 1.5, 0.2, 0, 0.2, 1, 0.1, 0, 0.1, 2};
        double det = 1.5 * (1 * 2 - 0.01) - 0.2 * (0.2 * 2 - 0) + 0;
        Quadrature.Result r = Quadrature.logPartition(three, theta);
        assertEquals(1.5 * Math.log(2 * Math.PI) - 0.5 * Math.log(det), r.logPartition(), 1e-8);
        assertTrue(r.error() <= Quadrature.TOLERANCE);
    }

    /** {@code sum_i 2 (x_i^2 - 1)^2} on three units: ln Z three times one well's. */
    @Test
    void aProductOfDoubleWellsInThreeDimensions() {
        EnergyModel wells = new EnergyModel() {
            private final ModelSpec spec = ModelSpec.builder("Wells")
                    .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(3), false)
                    .param("a", Shape.scalar(), Init.constant(2.0), true).build();

            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public double energy(double[] x, double[] theta) {
                double e = 0;
                for (double v : x) {
                    e += theta[0] * (v * v - 1) * (v * v - 1);
                }
                return e;
            }

            @Override
            public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void stateGradient(double[] x, double[] theta, double[] gradX) {
                throw new UnsupportedOperationException();
            }
        };
        double oneWell = Quadrature.logPartition(new LangevinModels.DoubleWell(), new double[] {2.0}).logPartition();
        try (RunContext context = new RunContext(1, Path.of(""), ProgressListener.NONE, 1)) {
            EvaluationResult r = LogPartition.builder().build().evaluate(wells, new double[] {2.0}, context);
            assertEquals(3 * oneWell, r.value(), 1e-7);
            assertTrue(r.method().startsWith("quadrature: trapezoid rule on [-"), r.method());
        }
        assertThrows(IllegalArgumentException.class, () -> Quadrature.logPartition(
                new LangevinModels.PrecisionQuadratic(4), new double[20]));
    }

    /**
     * Expectations under a density without a closed form: {@code exp(-x^4)} has
     * {@code <x^2> = Gamma(3/4) / Gamma(1/4)} and {@code <x^4> = 1/4}; under {@code exp(-(x^4 + y^4))}
     * on two units, {@code <x^2 y^2>} is the square of the first.
     */
    @Test
    void expectationsUnderAQuarticDensity() {
        double second = 1.2254167024651776451 / 3.6256099082219083119;
        Quadrature.Expectation x2 = Quadrature.expectation(1, "quartic", x -> -Math.pow(x[0], 4), x -> x[0] * x[0]);
        assertEquals(second, x2.value(), 1e-9);
        assertEquals(0.25, Quadrature.expectation(1, "quartic", x -> -Math.pow(x[0], 4), x -> Math.pow(x[0], 4)).value(),
                1e-9);
        Quadrature.Expectation both = Quadrature.expectation(2, "quartic",
                x -> -Math.pow(x[0], 4) - Math.pow(x[1], 4), x -> x[0] * x[0] * x[1] * x[1]);
        assertEquals(second * second, both.value(), 1e-9);
        assertTrue(both.error() <= Quadrature.TOLERANCE);
    }
}
