package org.thermogen.runtime.mcmc;

import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;

/** Energies of real units written the way the generator writes them, for the Langevin tests. */
public final class LangevinModels {
    private LangevinModels() {
    }

    /**
     * {@code param a = 1.0 fixed; energy E(x) = a * (x^2 - 1)^2} on one real unit: two wells at
     * {@code x = +-1} separated by a barrier of height {@code a} (a general energy).
     */
    public static final class DoubleWell extends EnergyModel {
        private final ModelSpec spec = ModelSpec.builder("DoubleWell")
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.scalar(), false)
                .param("a", Shape.scalar(), Init.constant(1.0), true)
                .build();

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            double u = x[0] * x[0] - 1;
            return theta[0] * u * u;
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            double u = x[0] * x[0] - 1;
            grad[0] += scale * u * u;
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            gradX[0] = 4 * theta[0] * x[0] * (x[0] * x[0] - 1);
        }
    }

    /**
     * {@code param m; param p : positive = 1.0; energy E(x) = 0.5 * (x - m)^2 * p} on one real
     * unit: a Gaussian with mean {@code m} and precision {@code p}, written as a general energy
     * (nothing recognizes it as Gaussian, so only sampling-based training can fit it).
     */
    public static final class Quadratic extends EnergyModel {
        private final ModelSpec spec = ModelSpec.builder("Quadratic")
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.scalar(), false)
                .param("m", Shape.scalar(), Init.zeros(), false)
                .param("p", Shape.scalar(), Init.constant(1.0), false, Constraint.POSITIVE)
                .build();

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            double d = x[0] - theta[0];
            return 0.5 * d * d * theta[1];
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            double d = x[0] - theta[0];
            grad[0] += scale * -d * theta[1];
            grad[1] += scale * 0.5 * d * d;
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            gradX[0] = (x[0] - theta[0]) * theta[1];
        }
    }

    /**
     * {@code param m[d]; param P[d,d] : spd = identity; energy E(x) = 0.5 * (x - m)' P (x - m)}
     * on d real units: a Gaussian with mean {@code m} and precision matrix {@code P}, as a
     * general energy.
     */
    public static final class PrecisionQuadratic extends EnergyModel {
        private final int d;
        private final ModelSpec spec;

        public PrecisionQuadratic(int d) {
            this.d = d;
            this.spec = ModelSpec.builder("PrecisionQuadratic" + d)
                    .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(d), false)
                    .param("m", Shape.of(d), Init.zeros(), false)
                    .param("P", Shape.of(d, d), Init.identity(), false, Constraint.SPD)
                    .build();
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        @Override
        public double energy(double[] x, double[] theta) {
            double e = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    e += 0.5 * (x[i] - theta[i]) * theta[d + i * d + j] * (x[j] - theta[j]);
                }
            }
            return e;
        }

        @Override
        public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double pij = theta[d + i * d + j];
                    // dE/dm_i = -(P (x - m))_i with P symmetric; dE/dP_ij = 0.5 (x - m)_i (x - m)_j.
                    grad[i] -= scale * pij * (x[j] - theta[j]);
                    grad[d + i * d + j] += scale * 0.5 * (x[i] - theta[i]) * (x[j] - theta[j]);
                }
            }
        }

        @Override
        public void stateGradient(double[] x, double[] theta, double[] gradX) {
            for (int i = 0; i < d; i++) {
                double g = 0;
                for (int j = 0; j < d; j++) {
                    g += theta[d + i * d + j] * (x[j] - theta[j]);
                }
                gradX[i] = g;
            }
        }
    }
}
