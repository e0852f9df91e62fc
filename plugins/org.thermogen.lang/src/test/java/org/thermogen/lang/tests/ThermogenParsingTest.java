package org.thermogen.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Inject;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.thermogen.lang.thermogen.GenFile;

@ExtendWith(InjectionExtension.class)
@InjectWith(ThermogenInjectorProvider.class)
class ThermogenParsingTest {
    @Inject
    private ParseHelper<GenFile> parseHelper;

    @Test
    void parsesIsingSketch() throws Exception {
        GenFile file = parseHelper.parse("""
                package examples.ising

                /** Exact samples of a known 16-spin Boltzmann machine. */
                dataset Spins16 = boltzmann_samples(units 16, n 5000, coupling normal(0, 0.3),
                                                    field normal(0, 0.1), seed 42)
                                  split train 0.8, test 0.2

                model Ising16 {
                  visible s[16] : spin                              // {-1, +1}
                  param J[16,16] : symmetric, zero_diagonal init zeros
                  param h[16] init zeros
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                  train on Spins16.train with moment_matching(expectation exact) {
                    optimizer gd(lr auto)  epochs 200
                  }
                  sample with gibbs(chains 8, sweeps 1000, burnin 100)
                  evaluate log_likelihood on Spins16.test, log_partition
                }
                """);
        assertTrue(file.eResource().getErrors().isEmpty(), () -> file.eResource().getErrors().toString());
        assertEquals(2, file.getElements().size());
    }

    @Test
    void parsesGaussianAndDigitsSketch() throws Exception {
        GenFile file = parseHelper.parse("""
                dataset Digits = csv("data/digits.csv", features 0..63, label 64)
                                 scale 1/16 binarize 0.5 split train 0.8, test 0.2 seed 7
                model Body {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on Digits.train with max_likelihood
                  sample with exact
                  evaluate log_likelihood on Digits.test, kl(Body, Digits.train)
                }
                model DoubleWell {
                  observed x[2] : real
                  param a = 1.0 fixed
                  energy E(x) = a * (x[0]^2 - 1)^2 + 0.5 * x[1]^2
                  sample with langevin(step 0.01, steps 10000, adjusted)
                }
                model Both { observed x[2] : real  energy E(x) = DoubleWell(x) + Body(x) }
                model DigitsRbm {
                  visible v[64] : binary
                  hidden  h[100] : binary
                  param W[64,100] init normal(0, 0.01)
                  param b[64]; param c[100]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on Digits.train with pcd(k 1, chains 100) {
                    optimizer sgd(lr 0.05, momentum 0.5 -> 0.9, weight_decay 1e-4)  epochs 30  batch 20
                  }
                }
                """);
        assertTrue(file.eResource().getErrors().isEmpty(), () -> file.eResource().getErrors().toString());
        assertEquals(5, file.getElements().size());
    }
}
