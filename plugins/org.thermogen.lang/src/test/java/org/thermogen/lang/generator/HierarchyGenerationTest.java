package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.diffusion.DiffusionStructure;
import org.thermogen.runtime.mixture.CovarianceType;
import org.thermogen.runtime.mixture.GaussianMixture;
import org.thermogen.runtime.mixture.MixtureStructure;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.run.ProgressListener;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.vae.VaeStructure;

/** Latent hierarchies generate classes the runtime recognizes, train and evaluate. */
class HierarchyGenerationTest {

    private static final String MIXTURE = """
            package test.gmm
            model Blobs {
              observed x[2] : real
              latent k : categorical(3)
              param pi[3] : simplex
              param mu[3,2]
              param Sigma[%s
              k ~ categorical(pi)
              x | k ~ normal(mu[k], %s)
              train on Points with em(init kmeans, tol 1e-6, max_iter 50)
            }
            dataset Points = blobs(n 600, centers 3, std 0.5, seed 4)
            """;

    @Test
    void mixturesBecomeMixtureStructuresWithTheirCovarianceType() {
        String[][] cases = {{"3,2,2] : spd", "Sigma[k]", "FULL"}, {"2,2] : spd", "Sigma", "TIED"},
            {"3,2] : positive", "Sigma[k]", "DIAG"}, {"3] : positive", "Sigma[k]", "SPHERICAL"}};
        for (String[] c : cases) {
            GeneratedModels g = GeneratedModels.of(MIXTURE.formatted(c[0], c[1]));
            ModelDefinition m = g.model("test.gmm.Blobs");
            MixtureStructure s = (MixtureStructure) m.structure();
            assertEquals(CovarianceType.valueOf(c[2]), s.form().covariance());
            assertEquals(3, s.form().components());
            assertEquals(2, s.form().dimension());
            assertTrue(g.sources.get("test/gmm/Blobs.java").contains("Recognized: a Gaussian mixture of 3 components"));
        }
    }

    /**
     * EM through the declared plan fits the blobs, and the class carries no energy methods: a
     * mixture is its components, read through its structure.
     */
    @Test
    void theDeclaredPlanTrainsByEmAndTheClassHasNoEnergy() {
        GeneratedModels g = GeneratedModels.of(MIXTURE.formatted("3,2,2] : spd", "Sigma[k]"));
        ModelDefinition m = g.model("test.gmm.Blobs");
        MixtureStructure s = (MixtureStructure) m.structure();
        var plan = m.training().orElseThrow();
        String settings = plan.trainer().describe();
        assertTrue(settings.startsWith("em(") && settings.contains("max_iter 50") && settings.contains("tol 0.000001"),
                settings);
        RunContext context = new RunContext(9, Path.of(""), ProgressListener.NONE, 2);
        try {
            var data = plan.data().load(Path.of("")).all();
            double[] theta0 = m.spec().initialParameters(context.random("init"));
            double[] theta = plan.trainer().train(m, theta0, data, context).theta();
            GaussianMixture fitted = GaussianMixture.fromTheta(s.form(), theta);
            double sumWeights = 0;
            for (double w : fitted.weights()) {
                sumWeights += w;
                assertTrue(Math.abs(w - 1.0 / 3) < 0.05, "blobs of 200 rows each: weight " + w);
            }
            assertEquals(1.0, sumWeights, 1e-12);
        } finally {
            context.close();
        }
        assertTrue(m.energyFunction().isEmpty());
        assertFalse(m instanceof EnergyFunction);
        String java = g.sources.get("test/gmm/Blobs.java");
        assertFalse(java.contains("energy(") || java.contains("Gradient(") || java.contains("UnsupportedOperation"), java);
    }

    /** A formula schedule becomes a lambda whose betas are the formula's, and the denoiser is the declared network. */
    @Test
    void diffusionModelsCarryTheirScheduleAndDenoiser() {
        GeneratedModels g = GeneratedModels.of("""
                package test.diffusion
                const B0 = 1e-4
                schedule Slow = beta(t) = B0 + (0.02 - B0) * (t / T)^2 with steps 500
                network Eps = mlp(x + time(16) -> 32 silu -> 2)
                model Moons {
                  observed x[2] : real
                  diffusion with Slow denoiser Eps predicts velocity
                  sample with ddim(steps 20, eta 0)
                }
                """);
        ModelDefinition m = g.model("test.diffusion.Moons");
        var d = ((DiffusionStructure) m.structure()).model();
        assertEquals(500, d.schedule().steps());
        for (int t : new int[] {1, 137, 500}) {
            double u = t / 500.0;
            assertEquals(1e-4 + (0.02 - 1e-4) * Math.pow(u, 2), d.schedule().beta(t), 1e-16);
        }
        assertEquals(org.thermogen.runtime.diffusion.Prediction.V, d.prediction());
        assertEquals("Eps.0.W", m.spec().params().get(0).name());
        assertEquals((2 + 16) * 32 + 32 + 32 * 2 + 2, m.spec().paramSize());
        assertEquals(2, m.spec().observedSize());
        assertEquals("ddim(steps 20, eta 0)", m.samplers().get(0).describe());
    }

    /** The language sketch's two-level VAE: its networks keep their names and shapes, z1 | z2 has unit variance. */
    @Test
    void hierarchicalVaesKeepTheirNetworksAndUnitVariances() {
        GeneratedModels g = GeneratedModels.of("""
                package test.vae
                network Enc1 = mlp(6 -> 5 relu -> [mu 4, logvar 4])
                network Enc2 = mlp(4 -> [mu 2, logvar 2])
                network Dec2 = mlp(2 -> 3 tanh -> 4)
                network Dec1 = mlp(4 -> 6 sigmoid)
                model H {
                  observed x[6] : real
                  latent z2[2] ~ normal(0, I)
                  latent z1[4] | z2 ~ normal(Dec2(z2), I)
                  x | z1 ~ bernoulli(Dec1(z1))
                  q(z1 | x) = normal(Enc1(x))
                  q(z2 | z1) = normal(Enc2(z1))
                }
                """);
        ModelDefinition m = g.model("test.vae.H");
        var vae = ((VaeStructure) m.structure()).vae();
        assertEquals(2, vae.spec().depth());
        assertTrue(vae.spec().unitVariance(2));
        assertEquals("Dec2", vae.decoder(2).name());
        assertEquals("Enc1", vae.encoder(1).name());
        assertEquals(vae.paramCount(), m.spec().paramSize());
        assertEquals("Enc1.0.W", m.spec().params().get(0).name());
        assertEquals(org.thermogen.runtime.nn.Activation.IDENTITY, vae.decoder(1).spec().heads().get(0).activation(),
                "the sigmoid of a Bernoulli decoder becomes the likelihood's logits");
    }
}
