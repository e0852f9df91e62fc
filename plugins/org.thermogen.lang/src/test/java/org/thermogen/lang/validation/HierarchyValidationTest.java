package org.thermogen.lang.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.lang.ThermogenStandaloneSetup;

/**
 * Latent hierarchies, networks and noise schedules: the language sketch's models are
 * accepted and recognized, and every mismatch names both ends.
 */
class HierarchyValidationTest {
    private static final Injector INJECTOR = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();

    @TempDir
    Path dir;

    private List<Issue> issues(String text) throws IOException {
        Path file = dir.resolve("m.gen");
        Files.writeString(file, text);
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        Resource r = set.getResource(URI.createFileURI(file.toString()), true);
        return INJECTOR.getInstance(IResourceValidator.class).validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
    }

    private List<String> errors(String text) throws IOException {
        return issues(text).stream().filter(i -> i.getSeverity() == Severity.ERROR)
                .map(i -> i.getLineNumber() + ":" + i.getColumn() + ": " + i.getMessage()).collect(Collectors.toList());
    }

    private String recognized(String text) throws IOException {
        return issues(text).stream().filter(i -> ThermogenValidator.RECOGNIZED.equals(i.getCode())).map(Issue::getMessage)
                .collect(Collectors.joining("; "));
    }

    private void assertOneError(String text, String position, String message) throws IOException {
        List<String> errors = errors(text);
        assertEquals(1, errors.size(), () -> "expected one error, got " + errors);
        assertTrue(errors.get(0).startsWith(position + ": "), () -> "position of " + errors.get(0));
        assertTrue(errors.get(0).contains(message), () -> "message " + errors.get(0));
    }

    static final String MIXTURE = """
            model Blobs {
              observed x[2] : real
              latent k : categorical(3)
              param pi[3] : simplex
              param mu[3,2]
              param Sigma[3,2,2] : spd
              k ~ categorical(pi)
              x | k ~ normal(mu[k], Sigma[k])
            }
            """;

    static final String HVAE = """
            network Enc1 = mlp(64 -> 128 relu -> [mu 16, logvar 16])
            network Enc2 = mlp(16 -> 128 relu -> [mu 8, logvar 8])
            network Dec2 = mlp(8 -> 128 relu -> 16)
            network Dec1 = mlp(16 -> 128 relu -> 64 sigmoid)

            model DigitsHvae {
              observed x[64] : real
              latent z2[8] ~ normal(0, I)
              latent z1[16] | z2 ~ normal(Dec2(z2), I)
              x | z1 ~ bernoulli(Dec1(z1))
              q(z1 | x) = normal(Enc1(x))
              q(z2 | z1) = normal(Enc2(z1))
            }
            """;

    static final String DIFFUSION = """
            schedule Linear = linear(beta 1e-4 .. 0.02, steps 1000)
            schedule Cosine = cosine(s 0.008, steps 1000, max_beta 0.999)
            schedule Slow = beta(t) = 1e-4 + (0.02 - 1e-4) * (t / T)^2 with steps 500

            network Eps = mlp(x + time(64) -> 128 silu -> 128 silu -> 2)

            model Moons {
              observed x[2] : real
              diffusion with Cosine denoiser Eps predicts noise
            }
            """;

    @Test
    void theSketchesModelsAreAcceptedAndRecognized() throws IOException {
        assertEquals(List.of(), errors(MIXTURE));
        assertEquals("Recognized: a Gaussian mixture of 3 components with full covariances (EM)", recognized(MIXTURE));
        assertEquals(List.of(), errors(HVAE));
        assertEquals("Recognized: a hierarchical VAE with 2 latent levels and a bernoulli likelihood (ELBO training)",
                recognized(HVAE));
        assertEquals(List.of(), errors(DIFFUSION));
        assertEquals("Recognized: a diffusion model: Cosine schedule, denoiser Eps (x + time(64) -> 128 silu -> 128 silu -> 2)"
                + " predicting noise", recognized(DIFFUSION));
    }

    @Test
    void covarianceTypesFollowTheShapeOfSigma() throws IOException {
        String diagonal = MIXTURE.replace("param Sigma[3,2,2] : spd", "param Sigma[3,2] : positive");
        assertEquals(List.of(), errors(diagonal));
        assertTrue(recognized(diagonal).contains("diag covariances"));
        String spherical = MIXTURE.replace("param Sigma[3,2,2] : spd", "param Sigma[3] : positive");
        assertTrue(recognized(spherical).contains("spherical covariances"));
        assertOneError(MIXTURE.replace("param Sigma[3,2,2] : spd", "param Sigma[3,2,3]"), "8:25",
                "Sigma[3,2,3] does not fit x[2] with 3 components");
        assertOneError(MIXTURE.replace("param Sigma[3,2,2] : spd", "param Sigma[3,2,2]"), "6:9",
                "Sigma needs `: spd` so that EM keeps it valid");
    }

    @Test
    void mixtureMismatchesNameBothEnds() throws IOException {
        assertOneError(MIXTURE.replace("param mu[3,2]", "param mu[3,3]"), "8:18",
                "mu[k] has 3 elements but x[2] has 2 (declare param mu[3,2])");
        assertOneError(MIXTURE.replace("param mu[3,2]", "param mu[4,2]"), "8:18",
                "mu has 4 rows but k takes 3 values");
        assertOneError(MIXTURE.replace("param pi[3] : simplex", "param pi[2] : simplex"), "7:19",
                "pi[2] does not give one weight to each of the 3 values of k");
        assertOneError(MIXTURE.replace("  k ~ categorical(pi)\n", ""), "3:10", "give the weights of k: `k ~ categorical(pi)`");
    }

    @Test
    void vaeMismatchesNameBothEnds() throws IOException {
        assertOneError(HVAE.replace("network Dec2 = mlp(8 -> 128 relu -> 16)", "network Dec2 = mlp(8 -> 128 relu -> 20)"),
                "9:31", "Dec2 outputs 20 values but z1[16] has 16");
        assertOneError(HVAE.replace("network Enc1 = mlp(64 ->", "network Enc1 = mlp(63 ->"), "11:22",
                "Enc1 takes 63 inputs but x[64] has 64");
        assertOneError(HVAE.replace("[mu 8, logvar 8]", "[mu 8, logvar 9]"), "12:23",
                "Enc2 has heads mu 8 and logvar 9 but z2[8] has 8");
        assertOneError(HVAE.replace("  q(z2 | z1) = normal(Enc2(z1))\n", ""), "8:10",
                "give the encoder of z2: `q(z2 | z1) = normal(Enc(z1))`");
        assertOneError(HVAE.replace("64 sigmoid)", "64)"), "10:22", "bernoulli takes probabilities: end Dec1 with a sigmoid");
        assertOneError(HVAE.replace("normal(0, I)", "normal(1, I)"), "8:18", "the top latent's prior is normal(0, I)");
        assertOneError(HVAE.replace("Dec1(z1))", "Dek1(z1))"), "10:22", "unknown network Dek1: did you mean Dec1?");
    }

    /**
     * The variances of note 03 and its variants: a decoder of fixed variance ({@code 0.01 * I},
     * or a constant), one whose heads give it, encoders of fixed variance; what cannot be a
     * variance is refused at the scale.
     */
    @Test
    void vaeVariancesAreFixedOrFromHeads() throws IOException {
        String moons = """
                const s2 = 0.01
                network Enc = mlp(2 -> 16 silu -> [mu 2, logvar 2])
                network Mean = mlp(2 -> 16 silu -> 2)
                network Enc0 = mlp(2 -> 16 silu -> 2)
                network Heads = mlp(2 -> 16 silu -> [mu 2, logvar 2])
                model M {
                  observed x[2] : real
                  latent z[2] ~ normal(0, I)
                  x | z ~ LIKELIHOOD
                  q(z | x) = ENCODER
                }
                """;
        for (String[] ok : new String[][] {{"normal(Mean(z), 0.01 * I)", "normal(Enc(x))", "(variance 0.01)"},
                {"normal(Mean(z), s2 * I)", "normal(Enc0(x), I)", "(variance 0.01)"},
                {"normal(Heads(z))", "normal(Enc0(x), 0.5 * I)", "(variance from the decoder's heads)"},
                {"normal(Mean(z), I)", "normal(Enc(x))", "a VAE and a normal likelihood"}}) {
            String text = moons.replace("LIKELIHOOD", ok[0]).replace("ENCODER", ok[1]);
            assertEquals(List.of(), errors(text), text);
            assertTrue(recognized(text).contains(ok[2]), recognized(text));
        }
        String base = moons.replace("ENCODER", "normal(Enc(x))");
        assertOneError(base.replace("LIKELIHOOD", "normal(Mean(z), 0 * I)"), "9:27",
                "the variance before * I must be a number above 0");
        assertOneError(base.replace("LIKELIHOOD", "normal(Mean(z), -1 * I)"), "9:27",
                "the variance before * I must be a number above 0, such as normal(Mean(z), 0.01 * I)");
        assertOneError(base.replace("LIKELIHOOD", "normal(Mean(z))"), "9:18",
                "normal(Mean(...)) takes its variance from heads: end Mean in [mu 2, logvar 2]");
        assertOneError(moons.replace("LIKELIHOOD", "normal(Mean(z), I)").replace("ENCODER", "normal(Enc(x), I)"), "10:21",
                "Enc ends in heads [...]; the mean of z needs one output layer of 2");
        assertOneError(HVAE.replace("normal(Dec2(z2), I)", "normal(Dec2(z2), 2 * I)"), "9:41",
                "a latent below another is normal(Dec(z2), I), of unit variance: remove the scale");
    }

    /**
     * {@code normal(Dec(z), diag(exp(logvar)))} with {@code param logvar[2]}: a learned
     * log-variance per unit. The parameter is the data's size, learned from zero, and the
     * only parameter a VAE takes.
     */
    @Test
    void aVaeLearnsALogVariancePerUnit() throws IOException {
        String moons = """
                network Enc = mlp(2 -> 16 silu -> [mu 2, logvar 2])
                network Mean = mlp(2 -> 16 silu -> 2)
                model M {
                  observed x[2] : real
                  latent z[2] ~ normal(0, I)
                  PARAM
                  x | z ~ normal(Mean(z), diag(exp(logvar)))
                  q(z | x) = normal(Enc(x))
                }
                """;
        String ok = moons.replace("PARAM", "param logvar[2]");
        assertEquals(List.of(), errors(ok), ok);
        assertTrue(recognized(ok).contains("a normal (variance exp(logvar) per unit, learned) likelihood"), recognized(ok));
        assertOneError(moons.replace("PARAM", "param logvar[3]"), "6:16",
                "logvar has one log-variance per unit of x[2]: declare it as param logvar[2]");
        assertOneError(moons.replace("PARAM", "param logvar"), "6:9",
                "logvar is a log-variance per unit of x: declare it as param logvar[2]");
        assertOneError(moons.replace("PARAM", "param logvar[2] : positive"), "6:9",
                "logvar is learned from 0 (unit variance) with the networks: declare it as param logvar[2] alone");
        assertOneError(moons.replace("PARAM", "param logvar[2] = [0, 0] fixed"), "6:9",
                "declare it as param logvar[2] alone");
        assertOneError(ok.replace("param logvar[2]", "param logvar[2]\n  param a = 1.0"), "7:9",
                "a VAE's parameters are its networks' and at most the data's log-variance: remove param a");
    }

    @Test
    void networksAndDenoisers() throws IOException {
        assertOneError(DIFFUSION.replace("128 silu -> 2)", "128 swish -> 2)"), "5:51",
                "unknown activation swish (activations: relu, tanh, sigmoid, softplus, silu, identity)");
        assertOneError(DIFFUSION.replace("128 silu -> 2)", "128 silu -> 3)"), "9:34", "Eps outputs 3 values but x[2] has 2");
        assertOneError(DIFFUSION.replace("x + time(64)", "x"), "9:34", "Eps does not take the time");
        assertOneError(DIFFUSION.replace("predicts noise", "predicts nois"), "9:47", "not nois: did you mean noise?");
        assertOneError(DIFFUSION.replace("time(64)", "time(63)"), "5:23", "its width 63 must be even");
    }

    @Test
    void schedulesAreChecked() throws IOException {
        assertOneError(DIFFUSION.replace("1e-4 .. 0.02, steps 1000", "0.02 .. 1e-4, steps 1000"), "1:31",
                "a range of betas lies in (0, 1), the first no larger than the last");
        assertOneError(DIFFUSION.replace("(0.02 - 1e-4) * (t / T)^2", "(2 - 1e-4) * (t / T)^2"), "3:27",
                "beta(354) = 1.0");
        assertOneError(DIFFUSION.replace("with steps 500", "with steps 0"), "3:71", "steps must be a whole number, at least 1");
        assertOneError(DIFFUSION.replace("(t / T)^2", "(t / TT)^2"), "3:55", "unknown name TT");
    }

    /** {@code bic(components 1..8)}: a range of whole numbers from 1, checked at the range. */
    @Test
    void componentSweepsAreWholeNumberRanges() throws IOException {
        String data = "dataset P = blobs(n 300, centers 3, dim 2, std 0.8, spread 4, seed 1) split train 0.5, test 0.5 seed 2\n";
        String mixture = data + MIXTURE.replace("}", "  evaluate bic(components RANGE) on P.train, aic on P.train\n}");
        assertEquals(List.of(), errors(mixture.replace("RANGE", "1..8")));
        assertOneError(mixture.replace("RANGE", "0..8"), "10:27",
                "components runs from 0 to 8: whole numbers from 1, the first no larger than the last, at most 64 of them");
        assertOneError(mixture.replace("RANGE", "6..2"), "10:27", "components runs from 6 to 2");
        assertOneError(mixture.replace("RANGE", "1.5 .. 3"), "10:27", "components must be a range of whole numbers such as 1..8");
    }

    @Test
    void observedVariablesNeedADomainAndLatentsAreOnlyForHierarchies() throws IOException {
        assertOneError(MIXTURE.replace("observed x[2] : real", "observed x[2]"), "2:12",
                "observed x needs a domain: write `observed x[...] : real`");
    }
}
