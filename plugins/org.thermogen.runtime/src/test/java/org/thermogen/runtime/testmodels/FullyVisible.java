package org.thermogen.runtime.testmodels;

import java.util.Arrays;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;

/**
 * A fully visible Boltzmann machine written the way the generator writes one:
 * {@code E(s) = -sum_{k<l} J[k,l] s_k s_l - h . s}, J symmetric with a zero diagonal; or,
 * with hidden units, the same energy over {@code (s, t)}, every pair coupled (a Boltzmann
 * machine with hidden units on the complete graph, notes 01 section 3).
 */
public final class FullyVisible extends EnergyModel {
    private final int n;
    private final ModelSpec spec;
    private final int h;

    public FullyVisible(int n, Domain domain) {
        this(n, 0, domain);
    }

    /** {@code visible} observed units then {@code hidden} hidden ones, all pairs coupled. */
    public FullyVisible(int visible, int hidden, Domain domain) {
        this.n = visible + hidden;
        ModelSpec.Builder b = ModelSpec.builder(hidden == 0 ? "FullyVisible" + n : "Hidden" + visible + "x" + hidden)
                .variable("s", Role.VISIBLE, domain, Shape.of(visible), false);
        if (hidden > 0) {
            b.variable("t", Role.HIDDEN, domain, Shape.of(hidden), false);
        }
        this.spec = b.param("J", Shape.of(n, n), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
                .param("h", Shape.of(n), Init.zeros(), false)
                .build();
        this.h = n * n;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public double energy(double[] x, double[] theta) {
        double e = 0;
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                e -= theta[k * n + l] * x[k] * x[l];
            }
            e -= theta[h + k] * x[k];
        }
        return e;
    }

    @Override
    public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                grad[k * n + l] -= scale * x[k] * x[l];
            }
            grad[h + k] -= scale * x[k];
        }
    }

    @Override
    public void stateGradient(double[] x, double[] theta, double[] gradX) {
        Arrays.fill(gradX, 0.0);
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                gradX[k] -= theta[k * n + l] * x[l];
                gradX[l] -= theta[k * n + l] * x[k];
            }
            gradX[k] -= theta[h + k];
        }
    }

    @Override
    public Structure structure() {
        return new PairwiseStructure(new PairwiseForm() {
            @Override
            public void couplings(double[] theta, PairwiseEnergy out) {
                out.clear();
                for (int k = 0; k < n; k++) {
                    for (int l = k + 1; l < n; l++) {
                        out.addPair(k, l, theta[k * n + l]);
                    }
                    out.addBias(k, theta[h + k]);
                }
            }

            @Override
            public void addCouplingsAdjoint(double[] theta, PairwiseEnergy deta, double scale, double[] grad) {
                for (int k = 0; k < n; k++) {
                    for (int l = k + 1; l < n; l++) {
                        grad[k * n + l] += scale * deta.pair(k, l);
                    }
                    grad[h + k] += scale * deta.bias(k);
                }
            }

            @Override
            public boolean affine() {
                return true;
            }
        });
    }

    /** Parameters that give exactly these natural parameters. */
    public double[] parametersOf(PairwiseEnergy e) {
        double[] theta = new double[spec.paramSize()];
        for (int k = 0; k < n; k++) {
            for (int l = k + 1; l < n; l++) {
                theta[k * n + l] = e.pair(k, l);
                theta[l * n + k] = e.pair(k, l);
            }
            theta[h + k] = e.bias(k);
        }
        return theta;
    }
}
