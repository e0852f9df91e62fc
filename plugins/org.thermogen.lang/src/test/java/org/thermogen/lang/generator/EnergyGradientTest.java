package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.energy.PairwiseEnergy;
import org.thermogen.runtime.energy.PairwiseStructure;
import org.thermogen.runtime.gaussian.GaussianStructure;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Structure;
import org.thermogen.runtime.rbm.BipartiteStructure;

/**
 * The generated derivatives are checked against central finite differences of the
 * generated energy, and the recognized structures against the energy itself.
 */
class EnergyGradientTest {
    /** Central differences with this step have truncation error ~1e-10 here: far below the tolerance. */
    private static final double STEP = 1e-5;
    private static final double TOLERANCE = 1e-6;

    private static final String SOURCE = """
            package g
            model Ising {
              visible s[5] : spin
              param J[5,5] : symmetric, zero_diagonal
              param h[5]
              energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
            }
            model Binary {
              visible v[4] : binary
              param W[4,4] : symmetric, zero_diagonal
              param b[4]
              energy E(v) = -(v' * W * v) / 2 - b . v
            }
            model Relations {
              visible s[4] : spin
              param A[4,4]
              param c
              energy E(s) = sum(k != l) A[k,l] * s[k] * s[l] + sum(k <= l) c * A[l,k] * s[k] + sum(k > l) exp(A[k,l]) * s[l]
            }
            model Lattice {
              visible s[3,4] : spin periodic
              param J
              energy E(s) = -J * sum(i, j) s[i,j] * (s[i+1,j] + s[i,j+1])
            }
            model Body {
              observed x[3] : real
              param mu[3]
              param Sigma[3,3] : spd
              energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu) + 0.5 * logdet(Sigma)
            }
            model Precise {
              observed x[2] : real
              param m[2]
              param P[2,2] : spd
              energy E(x) = (x - m) . P . (x - m) / 4
            }
            model DoubleWell {
              observed x[2] : real
              param a = 1.0 fixed
              param w[2]
              param c
              energy E(x) = a * (x[0]^2 - 1)^2 + 0.5 * x[1]^2 + softplus(w . x) + log(1 + exp(c)) + tanh(x[0] * c)
                          + sqrt(1 + x[1]^2) + logcosh(x[0] - c) + sigmoid(x[1]) + abs(c - 5) + cosh(x[1] / 3)
            }
            model Matrices {
              observed x[3] : real
              param A[3,3]
              param B[3,2]
              energy E(x) = x' * A * A' * x + trace(A) + sum(i, j) A[i,j]^2 / (1 + i + j) + x . B . (B' * x) - 2 * x' * (B * B') * x
            }
            model Both {
              observed y[2] : real
              energy E(y) = DoubleWell(y) + Precise(2 * y)
            }
            model Rbm {
              visible v[4] : binary
              hidden h[3] : binary
              param W[4,3]
              param b[4]
              param c[3]
              energy E(v, h) = -(v' * W * h) - b . v - c . h
            }
            model SpinRbm {
              visible v[3] : spin
              hidden h[2] : spin
              param W[3,2]
              param c[2]
              energy E(v, h) = -(v . W . h) - c . h + 0.3 * sum(i) v[i] * v[i] + h[0] * h[0]
            }
            model GaussRbm {
              observed x[3] : real
              hidden h[2] : binary
              param W[3,2]
              param b[3]
              param s[3]
              param c[2]
              energy E(x, h) = sum(i) (x[i] - b[i])^2 / (2 * exp(s[i])) - x' * W * h - c . h
            }
            model Blocks {
              visible v[3] : binary
              visible u[2] : binary
              hidden h[4] : binary
              hidden g[2] : binary
              param W[3,4]
              param V[2,2]
              param T[4,2]
              param D[3,2]
              param c[4]
              energy E(v, u, h, g) = -(v' * W * h) + u' * V * g - (h' * T * u) - 2 * (v' * D * g) - c . h
            }
            model Flipped {
              visible v[3] : spin
              hidden h[2] : binary
              param W[3,2]
              param c[2]
              energy E(v, h) = v' * W * h + c . h
            }
            """;

    private static GeneratedModels MODELS;

    @org.junit.jupiter.api.BeforeAll
    static void generate() {
        MODELS = GeneratedModels.of(SOURCE);
    }

    static Stream<Arguments> models() {
        return Stream.of("Ising", "Binary", "Relations", "Lattice", "Body", "Precise", "DoubleWell", "Matrices", "Both",
                "Rbm", "SpinRbm", "GaussRbm", "Blocks", "Flipped").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("models")
    void parameterGradientMatchesFiniteDifferences(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int trial = 0; trial < 5; trial++) {
            double[] x = state(m.spec(), random);
            double[] theta = parameters(m.spec(), random);
            double[] grad = new double[theta.length];
            m.addParameterGradient(x, theta, 1.0, grad);
            for (int j = 0; j < theta.length; j++) {
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[j] += STEP;
                minus[j] -= STEP;
                double fd = (m.energy(x, plus) - m.energy(x, minus)) / (2 * STEP);
                assertClose(fd, grad[j], name + " dE/dtheta[" + j + "]");
            }
            // scale multiplies, and the gradient accumulates
            double[] twice = grad.clone();
            m.addParameterGradient(x, theta, -3.0, twice);
            for (int j = 0; j < theta.length; j++) {
                assertEquals(-2 * grad[j], twice[j], 1e-12 * Math.max(1, Math.abs(grad[j])), name);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void stateGradientMatchesFiniteDifferences(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        SplittableRandom random = new SplittableRandom(name.hashCode() + 1);
        for (int trial = 0; trial < 5; trial++) {
            // The polynomial extension is differentiated at real points, also for discrete units.
            double[] x = new double[m.spec().stateSize()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble(-1.5, 1.5);
            }
            double[] theta = parameters(m.spec(), random);
            double[] gx = new double[x.length];
            java.util.Arrays.fill(gx, 99);
            m.stateGradient(x, theta, gx);
            for (int i = 0; i < x.length; i++) {
                double[] plus = x.clone();
                double[] minus = x.clone();
                plus[i] += STEP;
                minus[i] -= STEP;
                double fd = (m.energy(plus, theta) - m.energy(minus, theta)) / (2 * STEP);
                assertClose(fd, gx[i], name + " dE/dx[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("pairwiseModels")
    void couplingsReproduceTheEnergy(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        PairwiseStructure p = assertInstanceOf(PairwiseStructure.class, m.structure());
        Domain domain = m.spec().uniformDomain().orElseThrow();
        SplittableRandom random = new SplittableRandom(7);
        PairwiseEnergy eta = new PairwiseEnergy(m.spec().stateSize(), domain);
        for (int trial = 0; trial < 20; trial++) {
            double[] theta = parameters(m.spec(), random);
            double[] s = state(m.spec(), random);
            p.form().couplings(theta, eta);
            assertEquals(m.energy(s, theta), eta.energy(s), 1e-12, name);
        }
    }

    @ParameterizedTest
    @MethodSource("pairwiseModels")
    void couplingsAdjointIsTheTransposedJacobian(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        PairwiseStructure p = assertInstanceOf(PairwiseStructure.class, m.structure());
        int n = m.spec().stateSize();
        Domain domain = m.spec().uniformDomain().orElseThrow();
        SplittableRandom random = new SplittableRandom(11);
        double[] theta = parameters(m.spec(), random);
        PairwiseEnergy deta = new PairwiseEnergy(n, domain);
        for (int k = 0; k < n; k++) {
            deta.setBias(k, random.nextGaussian());
            for (int l = k + 1; l < n; l++) {
                deta.setPair(k, l, random.nextGaussian());
            }
        }
        deta.setConstant(random.nextGaussian());
        double[] grad = new double[theta.length];
        p.form().addCouplingsAdjoint(theta, deta, 1.0, grad);
        PairwiseEnergy plus = new PairwiseEnergy(n, domain);
        PairwiseEnergy minus = new PairwiseEnergy(n, domain);
        for (int j = 0; j < theta.length; j++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[j] += STEP;
            tm[j] -= STEP;
            p.form().couplings(tp, plus);
            p.form().couplings(tm, minus);
            double fd = (plus.constant() - minus.constant()) * deta.constant();
            for (int k = 0; k < n; k++) {
                fd += (plus.bias(k) - minus.bias(k)) * deta.bias(k);
                for (int l = k + 1; l < n; l++) {
                    fd += (plus.pair(k, l) - minus.pair(k, l)) * deta.pair(k, l);
                }
            }
            assertClose(fd / (2 * STEP), grad[j], name + " adjoint[" + j + "]");
        }
    }

    static Stream<Arguments> pairwiseModels() {
        return Stream.of("Ising", "Binary", "Relations", "Lattice").map(Arguments::of);
    }

    static Stream<Arguments> bipartiteModels() {
        return Stream.of("Rbm", "SpinRbm", "GaussRbm", "Blocks", "Flipped").map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("bipartiteModels")
    void bipartiteCouplingsReproduceTheEnergy(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        BipartiteStructure p = assertInstanceOf(BipartiteStructure.class, m.structure());
        ModelSpec spec = m.spec();
        int nv = spec.observedSize();
        int nh = spec.stateSize() - nv;
        Domain vd = spec.variables().get(0).domain();
        Domain hd = spec.variables().get(spec.variables().size() - 1).domain();
        BipartiteEnergy eta = new BipartiteEnergy(nv, nh, vd, hd);
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 20; trial++) {
            double[] theta = parameters(spec, random);
            double[] x = state(spec, random);
            p.form().couplings(theta, eta);
            double[] v = java.util.Arrays.copyOfRange(x, 0, nv);
            double[] h = java.util.Arrays.copyOfRange(x, nv, nv + nh);
            assertEquals(m.energy(x, theta), eta.energy(v, h), 1e-12, name);
        }
    }

    @ParameterizedTest
    @MethodSource("bipartiteModels")
    void bipartiteAdjointIsTheTransposedJacobian(String name) {
        EnergyModel m = MODELS.energyModel("g." + name);
        BipartiteStructure p = assertInstanceOf(BipartiteStructure.class, m.structure());
        ModelSpec spec = m.spec();
        int nv = spec.observedSize();
        int nh = spec.stateSize() - nv;
        Domain vd = spec.variables().get(0).domain();
        Domain hd = spec.variables().get(spec.variables().size() - 1).domain();
        SplittableRandom random = new SplittableRandom(19);
        double[] theta = parameters(spec, random);
        BipartiteEnergy deta = new BipartiteEnergy(nv, nh, vd, hd);
        for (int i = 0; i < nv; i++) {
            deta.setVisible(i, random.nextGaussian());
            deta.setQuadratic(i, random.nextGaussian());
            for (int j = 0; j < nh; j++) {
                deta.setPair(i, j, random.nextGaussian());
            }
        }
        for (int j = 0; j < nh; j++) {
            deta.setHidden(j, random.nextGaussian());
        }
        deta.setConstant(random.nextGaussian());
        double[] grad = new double[theta.length];
        p.form().addCouplingsAdjoint(theta, deta, 1.0, grad);
        BipartiteEnergy plus = new BipartiteEnergy(nv, nh, vd, hd);
        BipartiteEnergy minus = new BipartiteEnergy(nv, nh, vd, hd);
        for (int k = 0; k < theta.length; k++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[k] += STEP;
            tm[k] -= STEP;
            p.form().couplings(tp, plus);
            p.form().couplings(tm, minus);
            // The adjoint reads each natural parameter where couplings() wrote it.
            double fd = (plus.constant() - minus.constant()) * deta.constant();
            for (int i = 0; i < nv; i++) {
                fd += (plus.visible(i) - minus.visible(i)) * deta.visible(i);
                if (vd == Domain.REAL) {
                    fd += (plus.quadratics()[i] - minus.quadratics()[i]) * deta.quadratics()[i];
                }
                for (int j = 0; j < nh; j++) {
                    fd += (plus.pair(i, j) - minus.pair(i, j)) * deta.pair(i, j);
                }
            }
            for (int j = 0; j < nh; j++) {
                fd += (plus.hidden(j) - minus.hidden(j)) * deta.hidden(j);
            }
            assertClose(fd / (2 * STEP), grad[k], name + " adjoint[" + k + "]");
        }
    }

    /**
     * A whole parameter matrix between a visible and a hidden vector is one call each way
     * (the tests above check its couplings and adjoint like every other term's); a transposed
     * matrix or a scaled one takes the element loops.
     */
    @Test
    void wholeMatricesTakeOneCall() {
        assertTrue(MODELS.sources.get("g/Rbm.java").contains("out.addPairs(V_v, V_h - HIDDEN, 4, 3, theta, P_W, 1.0);"));
        assertTrue(MODELS.sources.get("g/Rbm.java").contains("deta.addPairsAdjoint(V_v, V_h - HIDDEN, 4, 3, scale, grad, P_W);"));
        String blocks = MODELS.sources.get("g/Blocks.java");
        assertTrue(blocks.contains("out.addPairs(V_v, V_h - HIDDEN, 3, 4, theta, P_W, 1.0);"), blocks);
        assertTrue(blocks.contains("out.addPairs(V_u, V_g - HIDDEN, 2, 2, theta, P_V, -1.0);"), blocks);
        assertTrue(blocks.contains("deta.addPairsAdjoint(V_u, V_g - HIDDEN, 2, 2, -scale, grad, P_V);"), blocks);
        // T (h' T u) and D (scaled by 2) take loops: the two calls above are all.
        assertEquals(2, blocks.split("addPairsAdjoint\\(", -1).length - 1, blocks);
        assertEquals(2, blocks.split("out\\.addPairs\\(", -1).length - 1, blocks);
    }

    /**
     * An energy that only copies parameters declares where (its layout), and the layout's
     * couplings and gradient are the form's to the bit; any other term leaves the form
     * without one.
     */
    @Test
    void layoutsAreTheFormsCopies() {
        assertEquals(new BipartiteForm.Layout(0, 1.0, 12, 1.0, 16, 1.0), form("g.Rbm").layout());
        assertEquals(new BipartiteForm.Layout(0, -1.0, -1, 0.0, 6, -1.0), form("g.Flipped").layout());
        for (String other : new String[] {"g.SpinRbm", "g.GaussRbm", "g.Blocks"}) {
            assertNull(form(other).layout(), other);
        }
        SplittableRandom random = new SplittableRandom(29);
        for (String name : new String[] {"g.Rbm", "g.Flipped"}) {
            EnergyModel m = MODELS.energyModel(name);
            BipartiteForm f = form(name);
            ModelSpec spec = m.spec();
            int nv = spec.observedSize();
            int nh = spec.stateSize() - nv;
            Domain vd = spec.variables().get(0).domain();
            Domain hd = spec.variables().get(spec.variables().size() - 1).domain();
            double[] theta = parameters(spec, random);
            BipartiteEnergy viaForm = new BipartiteEnergy(nv, nh, vd, hd);
            BipartiteEnergy viaLayout = new BipartiteEnergy(nv, nh, vd, hd);
            viaLayout.setConstant(3.0);   // the layout's couplings overwrite everything
            viaLayout.setQuadratic(0, 3.0);
            f.couplings(theta, viaForm);
            f.layout().couplings(theta, viaLayout);
            assertArrayEquals(viaForm.weights(), viaLayout.weights(), 0.0, name);
            assertArrayEquals(viaForm.visibleBiases(), viaLayout.visibleBiases(), 0.0, name);
            assertArrayEquals(viaForm.hiddenBiases(), viaLayout.hiddenBiases(), 0.0, name);
            assertArrayEquals(viaForm.quadratics(), viaLayout.quadratics(), 0.0, name);
            assertEquals(viaForm.constant(), viaLayout.constant(), 0.0, name);

            // A gradient in the natural parameters, as training's sums lay it out: W, hidden, visible biases.
            double[] terms = new double[nv * nh + nh + nv];
            BipartiteEnergy deta = new BipartiteEnergy(nv, nh, vd, hd);
            for (int k = 0; k < terms.length; k++) {
                terms[k] = random.nextGaussian();
            }
            deta.setPairs(terms);
            for (int j = 0; j < nh; j++) {
                deta.setHidden(j, terms[nv * nh + j]);
            }
            for (int i = 0; i < nv; i++) {
                deta.setVisible(i, terms[nv * nh + nh + i]);
            }
            double[] adjoint = new double[theta.length];
            double[] copied = new double[theta.length];
            f.addCouplingsAdjoint(theta, deta, 1.0, adjoint);
            org.thermogen.runtime.rbm.CdStep.toGradient(terms, f.layout(), nv, nh, copied);
            assertArrayEquals(adjoint, copied, 0.0, name);
        }
    }

    private static BipartiteForm form(String name) {
        return assertInstanceOf(BipartiteStructure.class, MODELS.model(name).structure()).form();
    }

    @Test
    void recognizesStructures() {
        assertInstanceOf(BipartiteStructure.class, MODELS.model("g.Rbm").structure());
        assertInstanceOf(BipartiteStructure.class, MODELS.model("g.GaussRbm").structure());
        assertTrue(MODELS.model("g.Ising").structure() instanceof PairwiseStructure p && p.form().affine());
        assertTrue(MODELS.model("g.Relations").structure() instanceof PairwiseStructure p && !p.form().affine(),
                "exp(A[k,l]) makes the couplings non-linear");
        assertInstanceOf(GaussianStructure.class, MODELS.model("g.Body").structure());
        assertInstanceOf(GaussianStructure.class, MODELS.model("g.Precise").structure());
        assertInstanceOf(Structure.Generic.class, MODELS.model("g.DoubleWell").structure());
        assertInstanceOf(Structure.Generic.class, MODELS.model("g.Both").structure());
    }

    @Test
    void importedParametersAreQualified() {
        ModelSpec both = MODELS.model("g.Both").spec();
        assertEquals(java.util.List.of("DoubleWell.a", "DoubleWell.w", "DoubleWell.c", "Precise.m", "Precise.P"),
                both.params().stream().map(ParamSpec::name).toList());
    }

    @Test
    void gaussianMomentsGiveTheRequestedMeanAndCovariance() {
        double[] mean = {0.5, -1.0, 2.0};
        DMatrixRMaj cov = new DMatrixRMaj(3, 3, true, 2.0, 0.3, 0.1, 0.3, 1.0, -0.2, 0.1, -0.2, 0.5);
        for (String name : new String[] {"Body", "Precise"}) {
            EnergyModel m = MODELS.energyModel("g." + name);
            int d = m.spec().stateSize();
            double[] mu = java.util.Arrays.copyOf(mean, d);
            DMatrixRMaj c = new DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c.set(i, j, cov.get(i, j));
                }
            }
            double[] theta = m.spec().initialParameters(new SplittableRandom(1));
            ((GaussianStructure) m.structure()).form().setMoments(mu, c, theta);
            // For q = N(mu, C): dE/dx = inv(C) (x - mu), so C * gradE(x) = x - mu at any x.
            double[] x = {1.0, 0.25, -0.5};
            double[] g = new double[d];
            m.stateGradient(java.util.Arrays.copyOf(x, d), theta, g);
            for (int i = 0; i < d; i++) {
                double cg = 0;
                for (int j = 0; j < d; j++) {
                    cg += c.get(i, j) * g[j];
                }
                assertEquals(x[i] - mu[i], cg, 1e-12, name + " row " + i);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertClose(double expected, double actual, String what) {
        double tol = TOLERANCE * Math.max(1.0, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol,
                () -> what + ": finite difference " + expected + ", generated " + actual);
    }

    private static double[] state(ModelSpec spec, SplittableRandom random) {
        double[] x = new double[spec.stateSize()];
        for (var v : spec.variables()) {
            for (int i = 0; i < v.size(); i++) {
                x[v.offset() + i] = switch (v.domain()) {
                    case SPIN -> random.nextBoolean() ? 1 : -1;
                    case BINARY -> random.nextBoolean() ? 1 : 0;
                    case REAL -> random.nextDouble(-2, 2);
                };
            }
        }
        return x;
    }

    /** Random parameters; square spd matrices are made well conditioned (A A' + I). */
    private static double[] parameters(ModelSpec spec, SplittableRandom random) {
        double[] theta = new double[spec.paramSize()];
        for (ParamSpec p : spec.params()) {
            for (int i = 0; i < p.size(); i++) {
                theta[p.offset() + i] = random.nextDouble(-1, 1);
            }
            if (p.has(org.thermogen.runtime.model.Constraint.SPD)) {
                int n = p.shape().dim(0);
                double[] a = java.util.Arrays.copyOfRange(theta, p.offset(), p.offset() + n * n);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = i == j ? 1 : 0;
                        for (int k = 0; k < n; k++) {
                            s += a[i * n + k] * a[j * n + k];
                        }
                        theta[p.offset() + i * n + j] = s;
                    }
                }
            }
            if (p.fixed()) {
                p.init().fill(p.shape(), theta, p.offset(), random);
            }
        }
        return theta;
    }
}
