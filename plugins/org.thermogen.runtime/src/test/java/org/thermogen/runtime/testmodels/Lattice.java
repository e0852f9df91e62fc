package org.thermogen.runtime.testmodels;

import java.util.Arrays;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseForm;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.eval.Evaluation;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.sample.Sampler;

/**
 * A periodic two-dimensional lattice written the way the generator writes
 * <pre>
 *   visible s[R,C] : spin periodic
 *   param J; param h
 *   energy E(s) = -J * sum(i, j) s[i,j] * (s[i+1,j] + s[i,j+1]) - h * sum(i, j) s[i,j]
 * </pre>
 * Theta is {@code (J, h)}. Samplers and evaluations can be attached for job-level tests.
 */
public final class Lattice extends EnergyModel {
    private final int rows;
    private final int cols;
    private final int n;
    private final ModelSpec spec;
    private final java.util.List<Sampler> samplers;
    private final java.util.List<Evaluation> evaluations;

    public Lattice(int rows, int cols, Domain domain) {
        this(rows, cols, domain, java.util.List.of(), java.util.List.of());
    }

    public Lattice(int rows, int cols, Domain domain, java.util.List<Sampler> samplers,
            java.util.List<Evaluation> evaluations) {
        this.rows = rows;
        this.cols = cols;
        this.n = rows * cols;
        this.spec = ModelSpec.builder("Lattice" + rows + "x" + cols)
                .variable("s", Role.VISIBLE, domain, Shape.of(rows, cols), true)
                .param("J", Shape.scalar(), Init.zeros(), false)
                .param("h", Shape.scalar(), Init.zeros(), false)
                .build();
        this.samplers = samplers;
        this.evaluations = evaluations;
    }

    /** Unit index of row i, column j, wrapping around. */
    public int site(int i, int j) {
        return Math.floorMod(i, rows) * cols + Math.floorMod(j, cols);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public java.util.List<Sampler> samplers() {
        return samplers;
    }

    @Override
    public java.util.List<Evaluation> evaluations() {
        return evaluations;
    }

    @Override
    public double energy(double[] x, double[] theta) {
        double bonds = 0;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = x[site(i, j)];
                bonds += s * (x[site(i + 1, j)] + x[site(i, j + 1)]);
                sum += s;
            }
        }
        return -theta[0] * bonds - theta[1] * sum;
    }

    @Override
    public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = x[site(i, j)];
                grad[0] -= scale * s * (x[site(i + 1, j)] + x[site(i, j + 1)]);
                grad[1] -= scale * s;
            }
        }
    }

    @Override
    public void stateGradient(double[] x, double[] theta, double[] gradX) {
        Arrays.fill(gradX, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int k = site(i, j);
                gradX[k] -= theta[1];
                for (int other : new int[] {site(i + 1, j), site(i, j + 1)}) {
                    gradX[k] -= theta[0] * x[other];
                    gradX[other] -= theta[0] * x[k];
                }
            }
        }
    }

    @Override
    public Structure structure() {
        return new PairwiseStructure(new PairwiseForm() {
            @Override
            public void couplings(double[] theta, PairwiseEnergy out) {
                out.clear();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        int k = site(i, j);
                        out.addPair(k, site(i + 1, j), theta[0]);
                        out.addPair(k, site(i, j + 1), theta[0]);
                        out.addBias(k, theta[1]);
                    }
                }
            }

            @Override
            public void addCouplingsAdjoint(double[] theta, PairwiseEnergy deta, double scale, double[] grad) {
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        int k = site(i, j);
                        grad[0] += scale * (deta.pair(k, site(i + 1, j)) + deta.pair(k, site(i, j + 1)));
                        grad[1] += scale * deta.bias(k);
                    }
                }
            }

            @Override
            public boolean affine() {
                return true;
            }
        });
    }

    /** The natural parameters at coupling {@code j} and field {@code h}. */
    public PairwiseEnergy energyAt(double j, double h) {
        PairwiseEnergy e = new PairwiseEnergy(n, spec.uniformDomain().orElseThrow());
        ((PairwiseStructure) structure()).form().couplings(new double[] {j, h}, e);
        return e;
    }
}
