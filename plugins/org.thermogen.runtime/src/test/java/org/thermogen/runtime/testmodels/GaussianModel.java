package org.thermogen.runtime.testmodels;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.gaussian.GaussianStructure;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;

/**
 * {@code E(x) = 0.5 (x - mu)' inv(Sigma) (x - mu)} written the way the generator writes it,
 * with its closed-form fit mu = mean, Sigma = covariance.
 */
public final class GaussianModel extends EnergyModel {
    private final int d;
    private final ModelSpec spec;

    public GaussianModel(int d) {
        this.d = d;
        this.spec = ModelSpec.builder("Body" + d)
                .variable("x", Role.OBSERVED, Domain.REAL, Shape.of(d), false)
                .param("mu", Shape.of(d), Init.zeros(), false)
                .param("Sigma", Shape.of(d, d), Init.identity(), false, Constraint.SPD)
                .build();
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    private DMatrixRMaj precision(double[] theta) {
        DMatrixRMaj s = new DMatrixRMaj(d, d);
        System.arraycopy(theta, d, s.data, 0, d * d);
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(s, p);
        return p;
    }

    @Override
    public double energy(double[] x, double[] theta) {
        DMatrixRMaj p = precision(theta);
        double e = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                e += 0.5 * (x[i] - theta[i]) * p.get(i, j) * (x[j] - theta[j]);
            }
        }
        return e;
    }

    @Override
    public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
        throw new UnsupportedOperationException("not needed by these tests");
    }

    @Override
    public void stateGradient(double[] x, double[] theta, double[] gradX) {
        DMatrixRMaj p = precision(theta);
        Arrays.fill(gradX, 0.0);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                gradX[i] += p.get(i, j) * (x[j] - theta[j]);
            }
        }
    }

    @Override
    public Structure structure() {
        return new GaussianStructure((mean, covariance, theta) -> {
            System.arraycopy(mean, 0, theta, 0, d);
            System.arraycopy(covariance.data, 0, theta, d, d * d);
        });
    }
}
