package org.thermogen.runtime.testmodels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.rbm.BipartiteStructure;

/**
 * A restricted Boltzmann machine written the way the generator writes one:
 * {@code E(v, h) = -(v' * W * h) - b . v - c . h}, and for real visibles
 * {@code E(v, h) = a . (v * v) - (v' * W * h) - b . v - c . h} with a parameter {@code a}
 * (init 0.5). Parameters in order W[nv, nh] (init normal(0, 0.01)), b[nv], c[nh], then a.
 * Also brute-force sums over every joint state, the reference for tests.
 */
public final class BipartiteMachine extends EnergyModel {
    private final int nv;
    private final int nh;
    private final Domain visible;
    private final Domain hidden;
    private final ModelSpec spec;
    private final int bOffset;
    private final int cOffset;
    private final int aOffset;

    public BipartiteMachine(int nv, int nh, Domain visible, Domain hidden) {
        this.nv = nv;
        this.nh = nh;
        this.visible = visible;
        this.hidden = hidden;
        ModelSpec.Builder b = ModelSpec.builder("Rbm" + nv + "x" + nh)
                .variable("v", Role.VISIBLE, visible, Shape.of(nv), false)
                .variable("h", Role.HIDDEN, hidden, Shape.of(nh), false)
                .param("W", Shape.of(nv, nh), Init.normal(0, 0.01), false)
                .param("b", Shape.of(nv), Init.zeros(), false)
                .param("c", Shape.of(nh), Init.zeros(), false);
        if (visible == Domain.REAL) {
            b.param("a", Shape.of(nv), Init.constant(0.5), false);
        }
        this.spec = b.build();
        this.bOffset = nv * nh;
        this.cOffset = bOffset + nv;
        this.aOffset = cOffset + nh;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    private double quad(double[] theta, int i) {
        return visible == Domain.REAL ? theta[aOffset + i] : 0.0;
    }

    @Override
    public double energy(double[] x, double[] theta) {
        double e = 0;
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) {
                e -= x[i] * theta[i * nh + j] * x[nv + j];
            }
            e -= theta[bOffset + i] * x[i];
            e += quad(theta, i) * x[i] * x[i];
        }
        for (int j = 0; j < nh; j++) {
            e -= theta[cOffset + j] * x[nv + j];
        }
        return e;
    }

    @Override
    public void addParameterGradient(double[] x, double[] theta, double scale, double[] grad) {
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) {
                grad[i * nh + j] -= scale * x[i] * x[nv + j];
            }
            grad[bOffset + i] -= scale * x[i];
            if (visible == Domain.REAL) {
                grad[aOffset + i] += scale * x[i] * x[i];
            }
        }
        for (int j = 0; j < nh; j++) {
            grad[cOffset + j] -= scale * x[nv + j];
        }
    }

    @Override
    public void stateGradient(double[] x, double[] theta, double[] gradX) {
        Arrays.fill(gradX, 0.0);
        for (int i = 0; i < nv; i++) {
            gradX[i] += 2 * quad(theta, i) * x[i] - theta[bOffset + i];
            for (int j = 0; j < nh; j++) {
                gradX[i] -= theta[i * nh + j] * x[nv + j];
                gradX[nv + j] -= x[i] * theta[i * nh + j];
            }
        }
        for (int j = 0; j < nh; j++) {
            gradX[nv + j] -= theta[cOffset + j];
        }
    }

    @Override
    public Structure structure() {
        return new BipartiteStructure(new BipartiteForm() {
            @Override
            public void couplings(double[] theta, BipartiteEnergy out) {
                out.clear();
                for (int i = 0; i < nv; i++) {
                    for (int j = 0; j < nh; j++) {
                        out.addPair(i, j, theta[i * nh + j]);
                    }
                    out.addVisible(i, theta[bOffset + i]);
                    if (visible == Domain.REAL) {
                        out.addQuadratic(i, theta[aOffset + i]);
                    }
                }
                for (int j = 0; j < nh; j++) {
                    out.addHidden(j, theta[cOffset + j]);
                }
            }

            @Override
            public void addCouplingsAdjoint(double[] theta, BipartiteEnergy deta, double scale, double[] grad) {
                for (int i = 0; i < nv; i++) {
                    for (int j = 0; j < nh; j++) {
                        grad[i * nh + j] += scale * deta.pair(i, j);
                    }
                    grad[bOffset + i] += scale * deta.visible(i);
                    if (visible == Domain.REAL) {
                        grad[aOffset + i] += scale * deta.quadratic(i);
                    }
                }
                for (int j = 0; j < nh; j++) {
                    grad[cOffset + j] += scale * deta.hidden(j);
                }
            }

            @Override
            public boolean affine() {
                return true;
            }
        });
    }

    /** Parameters that give exactly these natural parameters (whose constant must be zero). */
    public double[] parametersOf(BipartiteEnergy e) {
        double[] theta = new double[spec.paramSize()];
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) {
                theta[i * nh + j] = e.pair(i, j);
            }
            theta[bOffset + i] = e.visible(i);
            if (visible == Domain.REAL) {
                theta[aOffset + i] = e.quadratics()[i];
            }
        }
        for (int j = 0; j < nh; j++) {
            theta[cOffset + j] = e.hidden(j);
        }
        return theta;
    }

    /**
     * Random natural parameters: weights and biases normal with the given deviations, a
     * random constant, and for real visibles quadratic coefficients uniform in [0.5, 1.5].
     */
    public static BipartiteEnergy random(int nv, int nh, Domain visible, Domain hidden, double weightStd, double biasStd,
            long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        BipartiteEnergy e = new BipartiteEnergy(nv, nh, visible, hidden);
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < nh; j++) {
                e.setPair(i, j, weightStd * r.nextGaussian());
            }
            e.setVisible(i, biasStd * r.nextGaussian());
            if (visible == Domain.REAL) {
                e.setQuadratic(i, 0.5 + r.nextDouble());
            }
        }
        for (int j = 0; j < nh; j++) {
            e.setHidden(j, biasStd * r.nextGaussian());
        }
        e.setConstant(r.nextGaussian());
        return e;
    }

    /** State {@code index} of {@code n} binary or spin units: bit k sets unit k. */
    public static double[] state(long index, int n, Domain domain) {
        return RandomMachines.state(index, n, domain);
    }

    /** {@code F(v) = -ln sum_h exp(-E(v, h))}, summing over all {@code 2^nh} hidden states. */
    public static double freeEnergy(BipartiteEnergy e, double[] v) {
        int nh = e.hiddenSize();
        double[] terms = new double[1 << nh];
        for (int k = 0; k < terms.length; k++) {
            terms[k] = -e.energy(v, state(k, nh, e.hiddenDomain()));
        }
        return -logSumExp(terms);
    }

    /** {@code ln Z} by summing over every joint state of binary or spin units. */
    public static double logPartition(BipartiteEnergy e) {
        int nv = e.visibleSize();
        double[] terms = new double[1 << nv];
        for (int k = 0; k < terms.length; k++) {
            terms[k] = -freeEnergy(e, state(k, nv, e.visibleDomain()));
        }
        return logSumExp(terms);
    }

    /** {@code q(v)} of every visible state (index as in {@link #state}), by brute force. */
    public static double[] visibleProbabilities(BipartiteEnergy e) {
        int nv = e.visibleSize();
        double[] p = new double[1 << nv];
        for (int k = 0; k < p.length; k++) {
            p[k] = -freeEnergy(e, state(k, nv, e.visibleDomain()));
        }
        double logZ = logSumExp(p);
        for (int k = 0; k < p.length; k++) {
            p[k] = Math.exp(p[k] - logZ);
        }
        return p;
    }

    /** {@code P(h_j = 1 | v)} (the up state, +1 for spins) by summing over all hidden states. */
    public static double hiddenUpProbability(BipartiteEnergy e, double[] v, int j) {
        int nh = e.hiddenSize();
        double[] all = new double[1 << nh];
        double[] up = new double[1 << nh];
        int ups = 0;
        for (int k = 0; k < all.length; k++) {
            double[] h = state(k, nh, e.hiddenDomain());
            all[k] = -e.energy(v, h);
            if (h[j] == 1.0) {
                up[ups++] = all[k];
            }
        }
        return Math.exp(logSumExp(Arrays.copyOf(up, ups)) - logSumExp(all));
    }

    public static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        double s = 0;
        for (double t : terms) {
            s += Math.exp(t - max);
        }
        return max + Math.log(s);
    }
}
