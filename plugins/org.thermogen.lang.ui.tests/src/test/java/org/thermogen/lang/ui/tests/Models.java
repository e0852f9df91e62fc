package org.thermogen.lang.ui.tests;

/** .gen texts the tests open. */
final class Models {
    private Models() {
    }

    /** The Boltzmann machine of examples/ising.gen, without problems. */
    static final String ISING = """
            package tests.ising

            dataset Spins16 = boltzmann_samples(units 16, n 500, coupling normal(0, 0.3), field normal(0, 0.1), seed 42)
                              split train 0.8, test 0.2 seed 7

            model Ising16 {
              visible s[16] : spin
              param J[16,16] : symmetric, zero_diagonal
              param h[16]
              energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s

              train on Spins16.train with moment_matching(expectation exact) {
                optimizer nesterov(lr auto)
                epochs 20
              }
              sample with gibbs(chains 8, sweeps 100, burnin 10, thin 5)
              evaluate log_likelihood on Spins16.test
            }
            """;

    /** The 1-based line of the first line of {@link #ISING} that contains {@code text}. */
    static int lineOf(String text) {
        String[] lines = ISING.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text + " is not in the model");
    }
}
