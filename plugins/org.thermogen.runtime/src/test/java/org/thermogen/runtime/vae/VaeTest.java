package org.thermogen.runtime.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.MlpSpec;

class VaeTest {
    private static final double H = 1e-6;

    private static Dataset data(int rows, int columns, long seed, boolean unitInterval) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[rows * columns];
        for (int i = 0; i < v.length; i++) {
            v[i] = unitInterval ? random.nextDouble() : random.nextGaussian();
        }
        return new Dataset("D", rows, columns, v, null);
    }

    /**
     * The gradient of the summed one-sample ELBO (analytic top KL) for fixed noise, from the
     * backward pass, equals central differences in every parameter; a three-level VAE so that
     * a middle level (decoder in, decoder out, encoder in, encoder out) is exercised.
     */
    static java.util.stream.Stream<Likelihood> likelihoods() {
        return java.util.stream.Stream.concat(Likelihood.values().stream(), java.util.stream.Stream.of(Likelihood.gaussian(0.3),
                Likelihood.gaussianLogVariance("logvar")));
    }

    @ParameterizedTest
    @MethodSource("likelihoods")
    void elboGradientEqualsCentralDifferences(Likelihood likelihood) {
        VaeSpec spec = VaeSpec.builder(5).likelihood(likelihood).hidden(6, Activation.TANH).latent(4).latent(3)
                .latent(2).build();
        checkGradient(spec, data(3, 5, 1, likelihood == Likelihood.BERNOULLI));
    }

    @Test
    void oneLevelElboGradientEqualsCentralDifferences() {
        VaeSpec spec = VaeSpec.builder(4).likelihood(Likelihood.GAUSSIAN).hidden(5, Activation.SILU).latent(2).build();
        checkGradient(spec, data(3, 4, 2, false));
    }

    /**
     * Networks given outright, each with its own hidden layers, and unit-variance decoders
     * between latents ({@code latent z1 | z2 ~ normal(Dec2(z2), I)}): the same check.
     */
    @Test
    void unitVarianceDecodersAndOwnNetworksHaveExactGradients() {
        VaeSpec spec = VaeSpec.builder(5).likelihood(Likelihood.BERNOULLI).latent(4).latent(3).latent(2)
                .encoder(1, "E1", MlpSpec.input(5).hidden(7, Activation.RELU).head("mu", 4).head("logvar", 4).build())
                .encoder(2, "E2", MlpSpec.input(4).hidden(3, Activation.TANH).head("mu", 3).head("logvar", 3).build())
                .encoder(3, "E3", MlpSpec.input(3).head("mu", 2).head("logvar", 2).build())
                .decoder(1, "D1", MlpSpec.input(4).hidden(6, Activation.SILU).output(5, Activation.IDENTITY).build())
                .decoder(2, "D2", MlpSpec.input(3).hidden(5, Activation.SOFTPLUS).output(4, Activation.IDENTITY).build())
                .decoder(3, "D3", MlpSpec.input(2).output(3, Activation.IDENTITY).build())
                .build();
        assertTrue(spec.unitVariance(2) && spec.unitVariance(3) && !spec.unitVariance(1));
        assertEquals("D2.0.W", new Vae("V", spec, Precision.FLOAT64).params().stream().filter(p -> p.name().startsWith("D2")).findFirst()
                .orElseThrow().name());
        checkGradient(spec, data(3, 5, 4, true));
        assertThrows(IllegalArgumentException.class, () -> VaeSpec.builder(5).latent(4)
                .encoder(1, "E1", MlpSpec.input(5).head("mu", 4).head("logvar", 3).build()).build());
    }

    /**
     * Encoders of fixed variance as note 03 writes them ({@code q(z | x) = normal(Enc(x), I)},
     * here 0.5 and 1 at two levels) beside one with heads, and a decoder of fixed variance
     * 0.1: the same check, and the variances read back.
     */
    @Test
    void fixedVarianceEncodersHaveExactGradients() {
        VaeSpec spec = VaeSpec.builder(5).likelihood(Likelihood.gaussian(0.1)).latent(4).latent(3).latent(2)
                .encoder(1, "E1", MlpSpec.input(5).hidden(7, Activation.TANH).output(4, Activation.IDENTITY).build(), 0.5)
                .encoder(2, "E2", MlpSpec.input(4).hidden(3, Activation.TANH).head("mu", 3).head("logvar", 3).build())
                .encoder(3, "E3", MlpSpec.input(3).output(2, Activation.IDENTITY).build(), 1.0)
                .build();
        assertEquals(0.5, spec.encoderVariance(1));
        assertTrue(Double.isNaN(spec.encoderVariance(2)));
        checkGradient(spec, data(3, 5, 6, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VaeSpec.builder(5).latent(4)
                .encoder(1, "E1", MlpSpec.input(5).head("mu", 4).head("logvar", 4).build(), 1.0).build());
        assertTrue(e.getMessage().contains("with a fixed variance must read 5 inputs and output 4 means"), e.getMessage());
    }

    /**
     * {@code normal(Dec(z), v I)}: the log-likelihood written out, and draws whose variance is
     * v (20 000 draws of one unit around 0.3: mean within 4 standard errors, variance within 5 %).
     */
    @Test
    void aFixedVarianceGaussianScoresAndDraws() {
        Likelihood lik = Likelihood.gaussian(0.04);
        double[] x = {1.0, -0.5};
        double[] out = {0.8, 0.0};
        double expected = -0.5 * ((0.2 * 0.2 + 0.25) / 0.04 + 2 * Math.log(2 * Math.PI * 0.04));
        assertEquals(expected, lik.logLikelihood(x, 0, out, 0, 2), 1e-12);
        assertEquals(Likelihood.gaussian(0.04), lik);
        assertEquals("gaussian(variance 0.04)", lik.keyword());
        assertEquals(lik, Likelihood.of("gaussian(variance 0.04)"));
        assertEquals(Likelihood.GAUSSIAN, Likelihood.gaussian(1));
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        double[] one = new double[1];
        double sum = 0;
        double squares = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            lik.sample(new double[] {0.3}, 0, 1, random, one, 0);
            sum += one[0];
            squares += one[0] * one[0];
        }
        double mean = sum / n;
        assertEquals(0.3, mean, 4 * Math.sqrt(0.04 / n));
        assertEquals(0.04, squares / n - mean * mean, 0.05 * 0.04);
        assertThrows(IllegalArgumentException.class, () -> Likelihood.gaussian(0));
    }

    /**
     * Where the ELBO goes: per row, the value of a pass is the reconstruction term minus every
     * level's KL term; at the zero start (every network outputs 0) each row reconstructs with
     * Bernoulli logits 0 (d log 1/2), every KL is 0 and no unit is active; with random weights
     * every unit of both levels varies over the rows.
     */
    @Test
    void termsPerLevelAddUpAndActiveUnitsCount() {
        VaeSpec spec = VaeSpec.builder(5).likelihood(Likelihood.BERNOULLI).hidden(6, Activation.TANH).latent(4).latent(2)
                .build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        Dataset data = data(40, 5, 8, true);
        double[] zero = vae.initialParameters(new SplittableRandom(2));
        Vae.Terms start = vae.terms(zero, data, new SplittableRandom(3));
        assertEquals(5 * Math.log(0.5), start.reconstruction(), 1e-12);
        assertEquals(0.0, start.kl()[2], 1e-15);
        assertEquals(0, start.activeUnits()[1] + start.activeUnits()[2]);
        double[] theta = zero.clone();
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += random.nextGaussian();
        }
        Pass pass = new Pass(vae, 40);
        System.arraycopy(data.values(), 0, pass.x, 0, data.values().length);
        pass.drawNoise(new SplittableRandom(5), 40);
        pass.forward(theta, 40, true);
        for (int r = 0; r < 40; r++) {
            assertEquals(pass.value[r], pass.reconstruction[r] - pass.levelKl[1][r] - pass.levelKl[2][r], 1e-12);
        }
        Vae.Terms terms = vae.terms(theta, data, new SplittableRandom(5));
        double reconstruction = 0;
        double kl1 = 0;
        for (int r = 0; r < 40; r++) {
            reconstruction += pass.reconstruction[r] / 40;
            kl1 += pass.levelKl[1][r] / 40;
        }
        assertEquals(reconstruction, terms.reconstruction(), 1e-12);
        assertEquals(kl1, terms.kl()[1], 1e-12);
        assertEquals(4, terms.activeUnits()[1]);
        assertEquals(2, terms.activeUnits()[2]);
    }

    private static void checkGradient(VaeSpec spec, Dataset data) {
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        SplittableRandom random = new SplittableRandom(3);
        double[] theta = vae.initialParameters(random);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.1 * random.nextGaussian(); // nonzero biases
        }
        int rows = data.rows();
        Pass pass = new Pass(vae, rows);
        System.arraycopy(data.values(), 0, pass.x, 0, data.values().length);
        pass.drawNoise(random, rows);
        pass.forward(theta, rows, true);
        pass.backward(theta, 1.0);
        double[] grad = pass.grad.clone();
        for (int i = 0; i < theta.length; i++) {
            double keep = theta[i];
            theta[i] = keep + H;
            double up = sum(pass, theta, rows);
            theta[i] = keep - H;
            double down = sum(pass, theta, rows);
            theta[i] = keep;
            double fd = (up - down) / (2 * H);
            assertEquals(fd, grad[i], 1e-6 * Math.max(Math.abs(fd), 1e-2), "dELBO/dtheta[" + i + "] of " + spec);
        }
    }

    private static double sum(Pass pass, double[] theta, int rows) {
        pass.forward(theta, rows, true);
        double s = 0;
        for (int r = 0; r < rows; r++) {
            s += pass.value[r];
        }
        return s;
    }

    @Test
    void importanceWeightedWithOneSampleIsTheSampledElbo() {
        VaeSpec spec = VaeSpec.builder(6).hidden(8, Activation.RELU).latent(3).latent(2).build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        double[] theta = vae.initialParameters(new SplittableRandom(4));
        Dataset d = data(300, 6, 5, true);
        double iwae = vae.importanceWeighted(theta, d, 1, new SplittableRandom(6), null);
        double elbo = vae.elbo(theta, d, 1, new SplittableRandom(6), null, false);
        assertEquals(elbo, iwae, 1e-12 * Math.abs(elbo));
    }

    /**
     * The bounds carry a standard error: the mean is elbo's and importanceWeighted's value to
     * the bit, and the error is the spread of the rows' estimates over sqrt(rows). With 400
     * draws per row the draws' noise is small, so it matches the spread of each row's ELBO
     * computed alone (400 draws, its own stream) over sqrt(200): within 15 % (the spread of
     * 200 rows is itself known to about 5 %).
     */
    @Test
    void theBoundsCarryTheStandardErrorOfTheirRows() {
        VaeSpec spec = VaeSpec.builder(6).hidden(8, Activation.RELU).latent(3).build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        // Away from the start, where every row's ELBO is 6 ln 1/2 whatever the row (decoder means 1/2).
        double[] theta = vae.initialParameters(new SplittableRandom(4));
        SplittableRandom shake = new SplittableRandom(8);
        for (int i = 0; i < theta.length; i++) {
            theta[i] += 0.5 * shake.nextGaussian();
        }
        Dataset d = data(200, 6, 5, true);
        Vae.Estimate elbo = vae.elboEstimate(theta, d, 400, new SplittableRandom(6), null);
        assertEquals(vae.elbo(theta, d, 400, new SplittableRandom(6), null), elbo.mean(), 0.0);
        Vae.Estimate iwae = vae.importanceWeightedEstimate(theta, d, 5, new SplittableRandom(7), null);
        assertEquals(vae.importanceWeighted(theta, d, 5, new SplittableRandom(7), null), iwae.mean(), 0.0);
        assertTrue(iwae.standardError() > 0, iwae + " " + elbo);
        double sum = 0;
        double sq = 0;
        double[] row = new double[6];
        for (int r = 0; r < 200; r++) {
            d.row(r, row);
            double e = vae.elbo(theta, new Dataset("R", 1, 6, row.clone(), null), 400, new SplittableRandom(100 + r),
                    null);
            sum += e;
            sq += e * e;
        }
        double sd = Math.sqrt((sq - sum * sum / 200) / 199);
        assertEquals(sd / Math.sqrt(200), elbo.standardError(), 0.15 * sd / Math.sqrt(200));
    }

    /**
     * The analytic-KL and the sampled-KL ELBO have the same expectation: with 200 draws for
     * each of 300 rows, the two estimates agree within 0.1 nats (their difference has a standard
     * deviation near 0.02 here, measured over seeds).
     */
    @Test
    void analyticAndSampledTopKlAgreeInExpectation() {
        VaeSpec spec = VaeSpec.builder(6).hidden(8, Activation.TANH).latent(3).latent(2).build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        double[] theta = vae.initialParameters(new SplittableRandom(7));
        Dataset d = data(300, 6, 8, true);
        double analytic = vae.elbo(theta, d, 200, new SplittableRandom(9), null, true);
        double sampled = vae.elbo(theta, d, 200, new SplittableRandom(10), null, false);
        assertEquals(analytic, sampled, 0.1);
        double iwae = vae.importanceWeighted(theta, d, 50, new SplittableRandom(11), null);
        assertTrue(iwae > analytic, "IWAE(50) " + iwae + " must exceed the ELBO " + analytic);
    }

    @Test
    void layoutNamesEveryNetworkParameter() {
        VaeSpec spec = VaeSpec.builder(6).hidden(8, Activation.RELU).latent(3).latent(2).build();
        Vae vae = new Vae("V", spec, Precision.FLOAT64);
        ModelSpec m = vae.modelSpec();
        assertEquals(vae.paramCount(), m.paramSize());
        assertEquals(0, m.param("Enc1.0.W").orElseThrow().offset());
        assertEquals(vae.decoder(1).offset(), m.param("Dec1.0.W").orElseThrow().offset());
        vae.encoder(2).checkLayout(m);
        vae.decoder(2).checkLayout(m);
        assertEquals("mlp(2 -> 8 relu -> [mu 3, logvar 3])", vae.decoder(2).spec().describe());
        assertEquals("mlp(3 -> 8 relu -> [logits 6])", vae.decoder(1).spec().describe());
        assertEquals("vae(6 bernoulli, latents [3, 2], hidden [8 relu])", spec.describe());
        assertEquals(2, m.variables().stream().filter(v -> v.name().startsWith("z")).count());
    }

    @Test
    void parametersRoundTripThroughACheckpointByName(@TempDir Path dir)
            throws IOException {
        Vae vae = new Vae("V", VaeSpec.builder(6).hidden(8, Activation.RELU).latent(3).latent(2).build());
        double[] theta = vae.initialParameters(new SplittableRandom(12));
        for (int i = 0; i < theta.length; i++) {
            theta[i] += i * 1e-3; // every value distinct, biases and zero-started heads included
        }
        ModelSpec spec = vae.modelSpec();
        Checkpoint.write(dir, spec, theta, new Provenance(
                "vae.gen", "ab".repeat(32), "V", VaeTraining.builder().build().describe(), 12, "cd".repeat(32),
                "0.1.0", "17"));
        Checkpoint c = Checkpoint.read(dir, spec);
        assertArrayEquals(theta, c.theta(), 0.0);
        assertTrue(Files.exists(dir.resolve("params").resolve("Dec2.1.W.npy")));
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VaeSpec.builder(4).build());
        assertThrows(IllegalArgumentException.class, () -> VaeSpec.builder(4).latent(0));
        assertThrows(IllegalArgumentException.class, () -> VaeTraining.builder().batch(0).build());
        assertThrows(IllegalArgumentException.class, () -> Likelihood.of("poisson"));
        Vae vae = new Vae("V", VaeSpec.builder(4).latent(2).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vae.elbo(vae.initialParameters(new SplittableRandom(1)), data(3, 5, 1, true), 1,
                        new SplittableRandom(1), null));
        assertTrue(e.getMessage().contains("5 columns"), e.getMessage());
    }
}
