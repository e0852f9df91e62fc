package org.thermogen.runtime.gaussian;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.thermogen.runtime.model.EnergyFunction;

/**
 * The distribution of a quadratic energy {@code E(x) = 1/2 x'Ax - b'x + c0}: read off the
 * energy's own state gradient (exact for a quadratic: {@code A e_j = grad E(e_j) - grad E(0)}),
 * then {@code N(A^-1 b, A^-1)} with {@code ln Z = -c0 + 1/2 b'A^-1 b + d/2 ln 2pi - 1/2 ln det A}.
 */
public final class GaussianEnergies {
    private GaussianEnergies() {
    }

    /** The distribution {@code exp(-E) / Z} and its {@code ln Z}. */
    public record Normalized(Gaussian distribution, double logPartition) {
    }

    /**
     * @throws IllegalArgumentException if the quadratic part is not positive definite (the
     *                                  energy is not normalizable at these parameters)
     */
    public static Normalized of(EnergyFunction f, double[] theta) {
        int d = f.spec().stateSize();
        double[] x = new double[d];
        double[] g0 = new double[d];
        double[] g = new double[d];
        f.stateGradient(x, theta, g0);
        double c0 = f.energy(x, theta);
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        for (int j = 0; j < d; j++) {
            x[j] = 1;
            f.stateGradient(x, theta, g);
            x[j] = 0;
            for (int i = 0; i < d; i++) {
                a.set(i, j, g[i] - g0[i]);
            }
        }
        double scale = 0;
        for (double v : a.data) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (Math.abs(a.get(i, j) - a.get(j, i)) > 1e-9 * Math.max(1, scale)) {
                    throw new IllegalArgumentException("the energy is not a quadratic form in x (its Hessian is not symmetric)");
                }
                double m = 0.5 * (a.get(i, j) + a.get(j, i));
                a.set(i, j, m);
                a.set(j, i, m);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalArgumentException("the energy's quadratic part could not be decomposed");
        }
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            smallest = Math.min(smallest, eig.getEigenvalue(i).real);
        }
        if (!(smallest > 0)) {
            throw new IllegalArgumentException(f.spec().name() + " is not a normalizable Gaussian at these parameters:"
                    + " its quadratic part has eigenvalue " + smallest);
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.invert(a.copy(), cov);
        double[] mean = new double[d];
        for (int i = 0; i < d; i++) {
            double v = 0;
            for (int j = 0; j < d; j++) {
                v += cov.get(i, j) * -g0[j];
            }
            mean[i] = v;
        }
        Gaussian gaussian = new Gaussian(mean, cov);
        double bAb = 0;
        for (int i = 0; i < d; i++) {
            bAb += -g0[i] * mean[i];
        }
        // ln det A = -ln det covariance
        double logZ = -c0 + 0.5 * bAb + 0.5 * d * Math.log(2 * Math.PI) + 0.5 * gaussian.logDeterminant();
        return new Normalized(gaussian, logZ);
    }
}
