package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command-line contract: outputs, exit statuses and one-line errors. */
class CliTest {
    @TempDir
    Path dir;

    /** Exit status, standard output and standard error of one command. */
    record Result(int status, String out, String err) {
    }

    static Result thermogen(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ThermogenCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void checkPrintsFileLineColumnAndExitsOne() throws IOException {
        Path f = write("bad.gen", """
                model M {
                  visible s[3] : spin
                  param h[3]
                  energy E(s) = -hh . s
                }
                """);
        Result r = thermogen("check", f.toString());
        assertEquals(1, r.status());
        assertEquals(f + ":4:18: error: unknown name hh: did you mean h?", r.out().strip());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    /** Settings no machine finishes are refused at the token with the figure; --max-work raises the limit. */
    /**
     * {@code mmd} measures every model that samples: a continuous energy without a sampler is
     * refused at the metric with what to add, and with Langevin chains it runs, its figure beside
     * the data halves' with standard errors.
     */
    @Test
    void mmdMeasuresEveryModelThatSamples() throws IOException {
        String model = """
                dataset D = gaussian(n 200, mean [0, 0], cov [[1, 0], [0, 1]], seed 1) split train 0.5, test 0.5 seed 1
                model Well {
                  observed x[2] : real
                  param a = 0.5 fixed
                  energy E(x) = a * (x[0]^2 - 1)^2 + 0.5 * x[1]^2
                  %s
                  evaluate mmd on D.test, energy_distance on D.test
                }
                """;
        Path f = write("well.gen", model.formatted(""));
        Result r = thermogen("check", f.toString());
        assertEquals(1, r.status());
        assertEquals(f + ":7:12: error: mmd compares the model's samples with data, and Well cannot be sampled exactly:"
                + " add `sample with langevin(step 0.01, adjusted)` to Well", r.out().lines().findFirst().orElseThrow());
        write("well.gen", model.formatted("sample with langevin(step 0.1, steps 5000, chains 4, thin 50, adjusted)"));
        Path out = dir.resolve("out");
        r = thermogen("run", f.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        String json = Files.readString(out.resolve("eval.json"));
        assertTrue(json.contains("\"name\": \"mmd2_test\""), json);
        assertTrue(json.contains("\"name\": \"energy_distance_test\""), json);
        assertTrue(json.contains("\"data_halves_standard_error\""), json);
        assertTrue(r.out().contains("50 samples from langevin"), r.out());
    }

    /**
     * A VAE on two moons as note 03 writes it ({@code normal(Dec(z), I)}) draws a cloud around
     * the arcs; with {@code 0.01 * I} its draws follow them: by the local-scale MMD against the
     * test moons, at least twice as close (0.0079 against 0.024 by hand). A log-variance per
     * unit learned with the networks ({@code diag(exp(logvar))}) needs no guess of the noise,
     * only longer training (400 epochs): as close as {@code 0.01 * I} (0.004 by hand after 500
     * epochs), and the checkpoint holds the learned {@code logvar}, below -2 on both axes
     * (variances 0.004 by hand; the moons' noise is 0.05^2).
     */
    @Test
    void aVaeWithASmallDecoderVarianceFollowsTheMoons() throws IOException {
        String model = """
                dataset Moons = moons(n 2000, noise 0.05, seed 1) split train 0.8, test 0.2 seed 2
                network Enc = mlp(2 -> 64 silu -> 64 silu -> [mu 2, logvar 2])
                network Dec = mlp(2 -> 64 silu -> 64 silu -> 2)
                model MoonsVae {
                  observed x[2] : real
                  latent z[2] ~ normal(0, I)
                  PARAM
                  x | z ~ normal(Dec(z), VARIANCE)
                  q(z | x) = normal(Enc(x))
                  train on Moons.train with elbo { optimizer adam(lr 2e-3) epochs 100 batch 64 }
                  sample with exact
                  evaluate mmd on Moons.test
                }
                """;
        double[] mmd = new double[3];
        String[] variances = {"I", "0.01 * I", "diag(exp(logvar))"};
        for (int k = 0; k < 3; k++) {
            Path f = write("v" + k + "/moons.gen", model.replace("VARIANCE", variances[k])
                    .replace("PARAM", k == 2 ? "param logvar[2]" : "")
                    // The learned variance shrinks as the decoder sharpens: 0.1 after 100 epochs, 0.004 after 500.
                    .replace("epochs 100", k == 2 ? "epochs 400" : "epochs 100"));
            Path out = dir.resolve("out" + k);
            Result r = thermogen("run", f.toString(), "--out", out.toString());
            assertEquals(0, r.status(), r.err());
            mmd[k] = ExamplesTest.results(out).get("mmd2_test");
            if (k == 2) {
                double[] logvar = org.thermogen.runtime.io.Npy.read(out.resolve("params/logvar.npy")).values();
                assertEquals(2, logvar.length);
                assertTrue(logvar[0] < -2 && logvar[1] < -2, "learned log-variances " + java.util.Arrays.toString(logvar));
            }
        }
        assertTrue(mmd[1] < mmd[0] / 2, "mmd with I " + mmd[0] + ", with 0.01 * I " + mmd[1]);
        assertTrue(mmd[2] < mmd[0] / 2, "mmd with I " + mmd[0] + ", learned per unit " + mmd[2]);
    }

    /**
     * A Boltzmann machine with 22 hidden units, coupled among themselves: {@code clamped exact}
     * (the default) would sum 2^22 hidden states for every row, so check refuses it at the
     * trainer with what to write instead, and that runs: each row's hidden units by mean field,
     * the free phase by Gibbs chains.
     */
    @Test
    void manyHiddenUnitsTrainWithAMeanFieldClampedPhase() throws IOException {
        String model = """
                dataset D = boltzmann_samples(units 4, n 200, seed 1) split train 0.8, test 0.2 seed 1
                model Deep {
                  visible s[4] : spin
                  hidden t[22] : spin
                  param J[4,4] : symmetric, zero_diagonal
                  param K[4,22] init normal(0, 0.05)
                  param L[22,22] : symmetric, zero_diagonal
                  energy E(s, t) = -sum(k < l) J[k,l] * s[k] * s[l] - s' * K * t - sum(k < l) L[k,l] * t[k] * t[l]
                  train on D.train with TRAINER
                }
                """;
        Path refused = write("deep/refused.gen", model.replace("TRAINER",
                "moment_matching(expectation gibbs(chains 16, sweeps 20), optimizer gd(lr 0.05), epochs 5)"));
        Result r = thermogen("check", refused.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("refused.gen:9:25: error: moment_matching sums the 22 hidden units of Deep for every"
                + " data row (clamped exact), at most 20: use fewer hidden units, or train a machine this large with"
                + " moment_matching(expectation gibbs(chains 16, sweeps 20), clamped mean_field, optimizer gd(lr 0.05))"),
                r.out());
        Path advised = write("deep2/advised.gen", model.replace("TRAINER", "moment_matching(expectation gibbs(chains 16,"
                + " sweeps 20), clamped mean_field, optimizer gd(lr 0.05), epochs 5)"));
        Path out = dir.resolve("deep-out");
        Result run = thermogen("train", advised.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err());
        List<String> rows = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,moment_error,step_size,grad_norm", rows.get(0));
        assertEquals(7, rows.size(), String.join("\n", rows));
    }

    /** A name declared twice in one package is reported with what it is: a network is not a constant. */
    @Test
    void aNameDeclaredTwiceInAPackageSaysWhatItIs() throws IOException {
        write("twins/a.gen", "package twins\nnetwork Enc = mlp(2 -> 2)\nschedule S = cosine(s 0.008, steps 10)\n");
        Path b = write("twins/b.gen", "package twins\nnetwork Enc = mlp(2 -> 3)\nschedule S = cosine(s 0.008, steps 20)\n");
        Result r = thermogen("check", b.toString());
        assertEquals(1, r.status());
        assertTrue(r.out().contains("b.gen:2:9: error: network Enc is also declared in a.gen, another file of package"
                + " twins: rename one of them"), r.out());
        assertTrue(r.out().contains("b.gen:3:10: error: schedule S is also declared in a.gen"), r.out());
    }

    /**
     * A scalar Gaussian as the notes write it is recognized as a Gaussian, in the variance
     * form and the precision form: max_likelihood gives the mean 3 and the (ML) variance 2.5 of
     * the rows 1, 2, 4, 5 (the precision 1 / 2.5), exact sampling and exact log-likelihood run.
     */
    @SuppressWarnings("unchecked")
    @Test
    void aScalarGaussianAsTheNotesWriteItIsAGaussian() throws IOException {
        write("y.csv", "1\n2\n4\n5\n");
        String[][] forms = {{"param s2 : positive", "(y - mu)^2 / (2 * s2)", "s2", "2.5"},
                {"param s2 : positive", "0.5 * (y - mu) * (y - mu) / s2", "s2", "2.5"},
                {"param tau : positive", "tau * (y - mu)^2 / 2", "tau", "0.4"}};
        for (String[] form : forms) {
            Path f = write("scalar.gen", """
                    dataset Y = csv("y.csv", features 0)
                    model Scalar {
                      observed y : real
                      param mu
                      %s
                      energy E(y) = %s
                      train on Y with max_likelihood
                      sample with exact
                      evaluate log_likelihood on Y
                    }
                    """.formatted(form[0], form[1]));
            Result check = thermogen("check", "--explain", f.toString());
            assertTrue(check.out().contains("Recognized: Gaussian energy: "), check.out());
            Path out = dir.resolve("scalar-" + form[2] + form[1].length());
            Result r = thermogen("run", f.toString(), "--out", out.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            java.util.Map<String, Object> params = (java.util.Map<String, Object>) org.thermogen.runtime.io.Json
                    .parseObject(Files.readString(out.resolve("checkpoint.json"))).get("parameters");
            double mu = ((List<Double>) ((java.util.Map<String, Object>) params.get("mu")).get("values")).get(0);
            double scale = ((List<Double>) ((java.util.Map<String, Object>) params.get(form[2])).get("values")).get(0);
            assertEquals(3.0, mu, 1e-12, form[1]);
            assertEquals(Double.parseDouble(form[3]), scale, 1e-12, form[1]);
            // The mean log-density of N(3, 2.5) over the rows: -1/2 ln(2 pi 2.5) - 1/2 (mean of (y - 3)^2 / 2.5 = 1).
            assertEquals(-0.5 * Math.log(2 * Math.PI * 2.5) - 0.5, ExamplesTest.results(out).get("log_likelihood_Y"),
                    1e-12, form[1]);
        }
    }

    /**
     * {@code kl(A, B)} between two models, the other read at its declared parameters: two
     * scalar Gaussians in closed form (N(1, 2) against the N(3, 2.5) fitted to 1, 2, 4, 5),
     * two spin pairs by enumeration, a quartic energy {@code exp(-y^4)} against N(1, 2) both
     * ways by quadrature (closed forms through Gamma(1/4) and Gamma(3/4), 1e-8); the other
     * model must be the same every run.
     */
    @Test
    void klBetweenTwoModels() throws IOException {
        write("y.csv", "1\n2\n4\n5\n");
        Path f = write("two.gen", """
                dataset Y = csv("y.csv", features 0)
                model Truth {
                  observed y : real
                  param mu = 1.0 fixed
                  param s2 = 2.0 fixed
                  energy E(y) = (y - mu)^2 / (2 * s2)
                }
                model Fitted {
                  observed y : real
                  param mu
                  param s2 : positive
                  energy E(y) = (y - mu)^2 / (2 * s2)
                  train on Y with max_likelihood
                  evaluate kl(Truth, Fitted), kl(Fitted, Truth)
                }
                model Coupled {
                  visible s[2] : spin
                  param J = 0.5 fixed
                  energy E(s) = -J * s[0] * s[1]
                }
                model Free {
                  visible s[2] : spin
                  param J
                  energy E(s) = -J * s[0] * s[1]
                  evaluate kl(Coupled, Free)
                }
                model Quartic {
                  observed y : real
                  energy E(y) = y^4
                  evaluate kl(Quartic, Truth), kl(Truth, Quartic)
                }
                """);
        Path quartic = dir.resolve("quartic");
        Result q = thermogen("run", f.toString(), "--model", "Quartic", "--out", quartic.toString());
        assertEquals(0, q.status(), q.out() + q.err());
        // exp(-y^4): Z = Gamma(1/4) / 2, <y^2> = Gamma(3/4) / Gamma(1/4), <y^4> = 1/4, odd moments 0.
        double gammaQuarter = 3.6256099082219083119;
        double gammaThreeQuarters = 1.2254167024651776451;
        double logZ = Math.log(gammaQuarter / 2);
        double y2 = gammaThreeQuarters / gammaQuarter;
        java.util.Map<String, Double> kl = ExamplesTest.results(quartic);
        assertEquals(-0.25 - logZ + 0.5 * Math.log(2 * Math.PI * 2) + (y2 + 1) / (2 * 2), kl.get("kl_Quartic_Truth"), 1e-8);
        // Under N(1, 2): <y^4> = m^4 + 6 m^2 v + 3 v^2 = 1 + 12 + 12.
        assertEquals(-0.5 * Math.log(2 * Math.PI * Math.E * 2) + 25 + logZ, kl.get("kl_Truth_Quartic"), 1e-8);
        Path out = dir.resolve("fitted");
        Result r = thermogen("run", f.toString(), "--model", "Fitted", "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        java.util.Map<String, Double> eval = ExamplesTest.results(out);
        // KL(N(m1, v1) || N(m2, v2)) = 1/2 (ln(v2 / v1) + (v1 + (m1 - m2)^2) / v2 - 1).
        assertEquals(0.5 * (Math.log(2.5 / 2) + (2 + 4) / 2.5 - 1), eval.get("kl_Truth_Fitted"), 1e-12);
        assertEquals(0.5 * (Math.log(2 / 2.5) + (2.5 + 4) / 2 - 1), eval.get("kl_Fitted_Truth"), 1e-12);
        out = dir.resolve("free");
        r = thermogen("run", f.toString(), "--model", "Free", "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        // p(s) from exp(0.5 s0 s1) against the uniform q = 1/4: ln 4 + sum p ln p.
        double same = Math.exp(0.5) / (2 * Math.exp(0.5) + 2 * Math.exp(-0.5));
        double other = Math.exp(-0.5) / (2 * Math.exp(0.5) + 2 * Math.exp(-0.5));
        assertEquals(Math.log(4) + 2 * same * Math.log(same) + 2 * other * Math.log(other),
                ExamplesTest.results(out).get("kl_Coupled_Free"), 1e-12);

        Path g = write("random.gen", """
                model Random {
                  visible s[2] : spin
                  param J init normal(0, 1)
                  energy E(s) = -J * s[0] * s[1]
                }
                model Free {
                  visible s[2] : spin
                  param J
                  energy E(s) = -J * s[0] * s[1]
                  evaluate kl(Random, Free)
                }
                """);
        r = thermogen("check", g.toString());
        assertEquals(1, r.status());
        assertTrue(r.out().contains("random.gen:10:15: error: kl reads Random at its declared parameters, but J starts at"
                + " random: give it a value, or a seed of its own (init normal(0, 1, seed 7))"), r.out());
    }

    @Test
    void checkRefusesASamplerNoMachineFinishesUnlessTheLimitIsRaised() throws IOException {
        Path f = write("long.gen", """
                model M {
                  visible s[16] : spin
                  param h[16]
                  energy E(s) = -h . s
                  sample with gibbs(chains 1000, sweeps 1000000000, burnin 0, thin 1000000000)
                }
                """);
        Result r = thermogen("check", f.toString());
        assertEquals(1, r.status());
        assertEquals(f + ":5:15: error: gibbs makes about 1.6e13 unit updates (chains 1000 x (burnin 0 + sweeps"
                + " 1000000000) x 16 units), about 4 hours at 1e9 a second; the limit is 1e13 (about 3 hours): use fewer"
                + " chains or sweeps, or raise the limit with --max-work 1.6e13", r.out().strip());
        Result raised = thermogen("check", f.toString(), "--max-work", "1.6e13");
        assertEquals(0, raised.status(), raised.out());
        assertEquals(null, System.getProperty("thermogen.maxWork"), "the caller's JVM gets its properties back");
        Result bad = thermogen("check", f.toString(), "--max-work", "0");
        assertEquals(1, bad.status(), bad.err());
        assertTrue(bad.err().contains("--max-work must be a positive number of unit updates, not 0.0"), bad.err());
    }

    /**
     * bits_per_dim measures image data on evenly spaced levels of [-1, 1]; whether the data are
     * is in their values, which check reads as a run does: two moons are refused at the data,
     * in the runtime's words, before any training; the same points made spins are measured.
     */
    @Test
    void checkReadsTheDataWhereTheRefusalLiesInTheirValues() throws IOException {
        String model = """
                dataset Moons = moons(n 200, noise 0.05, seed 1)%s split train 0.5, test 0.5 seed 2
                schedule Cosine = cosine(s 0.008, steps 20)
                network Eps = mlp(x + time(8) -> 16 silu -> 2)
                model TwoMoons {
                  observed x[2] : real
                  diffusion with Cosine denoiser Eps predicts noise
                  train on Moons.train with ddpm { epochs 1 }
                  evaluate bits_per_dim on Moons.test
                }
                """;
        Path moons = write("moons.gen", model.formatted(""));
        Result r = thermogen("check", moons.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().startsWith(moons + ":8:28: error: bits_per_dim measures image data on [-1, 1], two levels or"
                + " more"), r.out());
        assertTrue(r.out().contains("Moons.test holds values from -"), r.out());
        Result spins = thermogen("check", write("spins/moons.gen", model.formatted(" binarize 0.5 spins")).toString());
        assertEquals(0, spins.status(), spins.out());
    }

    /**
     * {@code shift} joins the transforms (and stays usable as a name: {@code const shift}): moons scaled by
     * 0.5, shifted by 3 and standardized are what a Gaussian trains on, and its samples come
     * back in the moons' own units, the three transforms undone last first: the columns'
     * means are the training part's (0.5 and 0.25 for two moons), within 0.1 (four standard
     * errors of 1000 draws of deviation 0.87 are 0.11 at most; the fit adds less).
     */
    @Test
    void shiftJoinsTheTransformsAndSamplesComeBackInTheDatasUnits() throws IOException {
        Path f = write("shift/moons.gen", """
                const shift = 3
                dataset Moons = moons(n 2000, noise 0.05, seed 1) scale 0.5 shift 3 standardize
                                split train 0.5, test 0.5 seed 2
                model Blob {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on Moons.train with max_likelihood
                  sample with exact
                }
                """);
        Path out = dir.resolve("shift-out");
        Result r = thermogen("run", f.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue((r.out() + r.err()).contains("in Moons's own units (its scale 1/2, shift 3, standardize undone)"),
                r.out() + r.err());
        List<String> lines = Files.readAllLines(out.resolve("samples.csv"));
        double[] mean = new double[2];
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            mean[0] += Double.parseDouble(v[0]) / (lines.size() - 1);
            mean[1] += Double.parseDouble(v[1]) / (lines.size() - 1);
        }
        assertTrue(lines.size() - 1 >= 1000, "samples: " + (lines.size() - 1));
        assertEquals(0.5, mean[0], 0.1);
        assertEquals(0.25, mean[1], 0.1);
    }

    /**
     * A CSV's header names the data's columns, and the samples take those names: samples.csv
     * of a Gaussian trained on height and weight (standardized) starts with {@code height,weight}
     * and holds centimetres and kilograms.
     */
    @Test
    void samplesTakeTheNamesOfTheDatasColumns() throws IOException {
        StringBuilder csv = new StringBuilder("id,height,weight\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int i = 0; i < 400; i++) {
            double z = r.nextGaussian();
            csv.append(i).append(',').append(170 + 7 * z).append(',').append(60 + 4 * z + 3 * r.nextGaussian())
                    .append('\n');
        }
        Files.createDirectories(dir.resolve("named"));
        Files.writeString(dir.resolve("named/people.csv"), csv);
        Path f = write("named/people.gen", """
                dataset People = csv("people.csv", features 1..2) standardize split train 0.8, test 0.2
                model Body {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on People.train with max_likelihood
                  sample with exact
                }
                """);
        Path out = dir.resolve("named-out");
        Result run = thermogen("run", f.toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        List<String> lines = Files.readAllLines(out.resolve("samples.csv"));
        assertEquals("height,weight", lines.get(0));
        double height = 0;
        for (String line : lines.subList(1, lines.size())) {
            height += Double.parseDouble(line.split(",")[0]) / (lines.size() - 1);
        }
        assertEquals(170, height, 1.5);
    }

    /**
     * {@code --data FILE} trains on another file with the declaration's columns, transforms
     * and split: the checkpoint is the one of a .gen file that names that file itself. Without
     * Spark, Parquet and {@code hdfs:} paths are refused with what to add, and so is a dataset
     * that is not read from a file.
     */
    @Test
    void dataOptionReadsAnotherFileWithTheDeclaredColumnsTransformsAndSplit() throws IOException {
        java.util.function.IntFunction<String> people = seed -> {
            StringBuilder csv = new StringBuilder("id,height,weight\n");
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            for (int i = 0; i < 300; i++) {
                double z = r.nextGaussian();
                csv.append(i).append(',').append(170 + 7 * z).append(',').append(60 + 4 * z + 3 * r.nextGaussian())
                        .append('\n');
            }
            return csv.toString();
        };
        String model = """
                dataset People = csv("%s", features 1..2) standardize split train 0.8, test 0.2 seed 3
                model Body {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on People.train with max_likelihood
                }
                """;
        write("other/declared.csv", people.apply(1));
        Path elsewhere = write("elsewhere/new.csv", people.apply(2));
        Path declared = write("other/declared.gen", String.format(java.util.Locale.ROOT, model, "declared.csv"));
        Path naming = write("other2/naming.gen", String.format(java.util.Locale.ROOT, model, elsewhere.toString()));

        Result viaOption = thermogen("train", declared.toString(), "--out", dir.resolve("o1").toString(), "--data",
                elsewhere.toString());
        assertEquals(0, viaOption.status(), viaOption.err());
        assertTrue(viaOption.err().contains("People: 300 rows of 2 columns from csv(\"" + elsewhere.toAbsolutePath()
                + "\", features 1..2) ("), viaOption.err());
        Result named = thermogen("train", naming.toString(), "--out", dir.resolve("o2").toString());
        assertEquals(0, named.status(), named.err());
        Result own = thermogen("train", declared.toString(), "--out", dir.resolve("o3").toString());
        assertEquals(0, own.status(), own.err());
        String theta1 = theta(dir.resolve("o1/checkpoint.json"));
        assertEquals(theta(dir.resolve("o2/checkpoint.json")), theta1);
        assertNotEquals(theta(dir.resolve("o3/checkpoint.json")), theta1);
        // The declared file need not exist where --data names another.
        Files.delete(dir.resolve("other/declared.csv"));
        Result missing = thermogen("train", declared.toString(), "--out", dir.resolve("o6").toString(), "--data",
                elsewhere.toString());
        assertEquals(0, missing.status(), missing.err());
        assertEquals(theta1, theta(dir.resolve("o6/checkpoint.json")));
        Result without = thermogen("train", declared.toString(), "--out", dir.resolve("o7").toString());
        assertEquals(1, without.status(), without.err());
        assertTrue((without.out() + without.err()).contains("declared.gen:1:22: error: declared.csv: no such file"),
                without.out() + without.err());

        Result parquet = thermogen("train", declared.toString(), "--out", dir.resolve("o4").toString(), "--data",
                "people.parquet");
        assertEquals(1, parquet.status(), parquet.err());
        assertTrue(parquet.err().contains("--data people.parquet: Parquet files are read by Spark; add --spark"
                + " local[2] (or a cluster's address)"), parquet.err());
        Result hdfs = thermogen("train", declared.toString(), "--out", dir.resolve("o4").toString(), "--data",
                "hdfs:///data/people.csv");
        assertEquals(1, hdfs.status(), hdfs.err());
        assertTrue(hdfs.err().contains("--data hdfs:///data/people.csv: hdfs: paths are read by Spark"), hdfs.err());
        Path moons = write("other3/moons.gen", """
                dataset Moons = moons(n 200, noise 0.05, seed 1)
                model M {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on Moons with max_likelihood
                }
                """);
        Result synthetic = thermogen("train", moons.toString(), "--out", dir.resolve("o5").toString(), "--data",
                elsewhere.toString());
        assertEquals(1, synthetic.status(), synthetic.err());
        assertTrue(synthetic.err().contains("it replaces the file of a csv(...) source, and Moons (moons.gen:1) is"
                + " declared as moons("), synthetic.err());
    }

    /**
     * A generated model class on the class path runs where a .gen file would (spark-submit's
     * {@code --jars}): {@code thermogen compile}'s Java, compiled and put on the context class
     * loader, trains by its qualified name to the checkpoint the .gen file gives; a class name
     * that is not on the class path, or not a model, is one line.
     */
    @Test
    void aCompiledModelClassTrainsWhereItsGenFileWould() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < 200; i++) {
            csv.append(1 + r.nextGaussian()).append(',').append(2 * r.nextGaussian()).append('\n');
        }
        Path data = write("compiled/points.csv", csv.toString());
        Path gen = write("compiled/points.gen", """
                package compiled.demo
                dataset Points = csv("points.csv") split train 0.5, test 0.5 seed 2
                model Cloud {
                  observed x[2] : real
                  param mu[2]
                  param Sigma[2,2] : spd
                  energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
                  train on Points.train with max_likelihood
                }
                """);
        Path java = dir.resolve("compiled-java");
        Result compile = thermogen("compile", gen.toString(), "-o", java.toString());
        assertEquals(0, compile.status(), compile.err());
        java.util.Map<String, String> sources = new java.util.TreeMap<>();
        try (var files = Files.walk(java)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                sources.put(java.relativize(f).toString().replace('\\', '/'), Files.readString(f));
            }
        }
        ClassLoader compiled = org.thermogen.lang.compiler.InMemoryCompiler.compile(sources,
                CliTest.class.getClassLoader());
        Result fromGen = thermogen("train", gen.toString(), "--out", dir.resolve("from-gen").toString());
        assertEquals(0, fromGen.status(), fromGen.err());
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(compiled);
        try {
            Result fromClass = thermogen("train", "compiled.demo.Cloud", "--out", dir.resolve("from-class").toString(),
                    "--data", data.toString());
            assertEquals(0, fromClass.status(), fromClass.err());
            assertEquals(theta(dir.resolve("from-gen/checkpoint.json")), theta(dir.resolve("from-class/checkpoint.json")));
            Result notModel = thermogen("train", "compiled.demo.Points", "--out", dir.resolve("x").toString());
            assertEquals(1, notModel.status(), notModel.err());
            assertTrue(notModel.err().contains("compiled.demo.Points: not a model class generated by Thermogen"),
                    notModel.err());
        } finally {
            thread.setContextClassLoader(before);
        }
        Result missing = thermogen("train", "compiled.demo.Cloud", "--out", dir.resolve("x").toString());
        assertEquals(1, missing.status(), missing.err());
        assertTrue(missing.err().contains("compiled.demo.Cloud: no such file, and no class of that name on the class"
                + " path"), missing.err());
    }

    /** The parameters a checkpoint holds, as written. */
    private static String theta(Path checkpoint) throws IOException {
        Object parsed = org.thermogen.runtime.io.Json.parse(Files.readString(checkpoint));
        return String.valueOf(((java.util.Map<?, ?>) parsed).get("parameters"));
    }

    /**
     * Every declared sampler draws: run writes the first one's samples.* and one set per
     * further sampler (samples-ddim.*); sample --sampler NAME draws with the one named, and
     * a name not declared is refused with the list.
     */
    @Test
    void everyDeclaredSamplerDrawsAndSampleCanNameOne() throws IOException {
        Path f = write("moons2/moons.gen", """
                dataset Moons = moons(n 200, noise 0.05, seed 1) split train 0.5, test 0.5 seed 2
                schedule Cosine = cosine(s 0.008, steps 20)
                network Eps = mlp(x + time(8) -> 16 silu -> 2)
                model TwoMoons {
                  observed x[2] : real
                  diffusion with Cosine denoiser Eps predicts noise
                  train on Moons.train with ddpm { epochs 2 snapshots 0 }
                  sample with ddpm(n 30), ddim(steps 5, n 40)
                }
                """);
        Path out = dir.resolve("moons-out");
        Result r = thermogen("run", f.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(31, Files.readAllLines(out.resolve("samples.csv")).size());
        assertEquals(41, Files.readAllLines(out.resolve("samples-ddim.csv")).size());
        assertTrue(Files.exists(out.resolve("samples-ddim.npy")) && Files.exists(out.resolve("samples-ddim.png")));

        Path chosen = dir.resolve("chosen");
        Result ddim = thermogen("sample", f.toString(), "--checkpoint", out.toString(), "--out", chosen.toString(),
                "--sampler", "ddim");
        assertEquals(0, ddim.status(), ddim.err());
        assertEquals(41, Files.readAllLines(chosen.resolve("samples.csv")).size());
        assertTrue(ddim.err().contains("samples of ddim(steps 5"), ddim.err());
        Result none = thermogen("sample", f.toString(), "--checkpoint", out.toString(), "--out", chosen.toString(),
                "--sampler", "gibbs");
        assertEquals(1, none.status());
        assertTrue(none.err().contains("TwoMoons declares no sampler gibbs (its samplers: ddpm, ddim)"), none.err());
    }

    /**
     * A fixed random coupling matrix (a spin glass's): {@code init normal(0, 0.5, seed 7) fixed}
     * is accepted and trains to the same J whatever the run's seed; without a seed of its own
     * a fixed parameter is refused with both ways to give one.
     */
    @Test
    void aFixedRandomMatrixIsTheSameInEveryRun() throws IOException {
        String model = """
                dataset Spins = boltzmann_samples(units 6, n 200, seed 4) split train 0.8, test 0.2 seed 1
                model Glass {
                  visible s[6] : spin
                  param J[6,6] : symmetric, zero_diagonal init normal(0, 0.5%s) fixed
                  param h[6]
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s
                  train on Spins.train with moment_matching(expectation exact) { epochs 3 }
                }
                """;
        Path unseeded = write("glass0/glass.gen", model.formatted(""));
        Result refused = thermogen("check", unseeded.toString());
        assertEquals(1, refused.status());
        assertTrue(refused.out().contains("a fixed parameter needs a value (param J = 1.0 fixed) or a random init with"
                + " a seed of its own (init normal(0, 1, seed 7) fixed)"), refused.out());
        Path seeded = write("glass/glass.gen", model.formatted(", seed 7"));
        String[] j = new String[2];
        for (int s = 1; s <= 2; s++) {
            Path out = dir.resolve("glass-out" + s);
            Result r = thermogen("train", seeded.toString(), "--out", out.toString(), "--seed", Integer.toString(s));
            assertEquals(0, r.status(), r.err());
            j[s - 1] = org.thermogen.runtime.io.Json.parseObject(Files.readString(out.resolve("checkpoint.json")))
                    .get("parameters").toString().replaceAll(".*J=", "").replaceAll("}, h=.*", "");
        }
        assertEquals(j[0], j[1]);
    }

    @Test
    void checkOfAGoodFileSaysOkAndExplains() throws IOException {
        Path f = write("good.gen", """
                model M {
                  visible s[3] : spin
                  param h[3]
                  energy E(s) = -h . s
                }
                """);
        Result r = thermogen("check", f.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals(f + ": ok", r.out().strip());
        Result explained = thermogen("check", "--explain", f.toString());
        assertTrue(explained.out().contains("info: Recognized: pairwise energy on 3 spin (-1/+1) units"), explained.out());
    }

    @Test
    void compileWritesOneClassPerModelAndDataset() throws IOException {
        Path f = write("c.gen", """
                package p.q
                model A { visible s[2] : spin  param h[2]  energy E(s) = -h . s }
                model B { observed x : real  param m  energy E(x) = (x - m)^2 }
                """);
        Result r = thermogen("compile", f.toString(), "-o", dir.resolve("src").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.isRegularFile(dir.resolve("src/p/q/A.java")));
        assertTrue(Files.isRegularFile(dir.resolve("src/p/q/B.java")));
    }

    private static final String POINTS = """
            package shared.data
            dataset Points = gaussian(n 200, mean [1.0, -0.5], cov [[1.0, 0.8], [0.8, 1.5]], seed 3)
                             split train 0.8, test 0.2 seed 1
            """;

    private static final String BODY = """
            package %s
            %s
            model %s {
              observed x[2] : real
              param mu[2]
              param Sigma[2,2] : spd
              energy E(x) = 0.5 * (x - mu)' * inv(Sigma) * (x - mu)
              train on Points.train with max_likelihood
              evaluate log_likelihood on Points.test
            }
            """;

    @Test
    void filesOfOnePackageSeeEachOtherAndImportsOfOtherPackagesRunEndToEnd() throws IOException {
        write("data.gen", POINTS);
        // Same package, no import: the reference promises it.
        Path same = write("same.gen", BODY.formatted("shared.data", "", "Same"));
        Result r = thermogen("run", same.toString(), "--out", dir.resolve("same").toString());
        assertEquals(0, r.status(), r.err());
        // Another package importing it: check, compile (every class needed) and run.
        Path other = write("other.gen", BODY.formatted("other.models", "import shared.data.*", "Other"));
        assertEquals(0, thermogen("check", other.toString()).status());
        Result compiled = thermogen("compile", other.toString(), "-o", dir.resolve("java").toString());
        assertEquals(0, compiled.status(), compiled.err());
        assertTrue(Files.isRegularFile(dir.resolve("java/shared/data/Points.java")));
        assertTrue(Files.isRegularFile(dir.resolve("java/other/models/Other.java")));
        r = thermogen("run", other.toString(), "--out", dir.resolve("other").toString());
        assertEquals(0, r.status(), r.err());
        // By name, not only by wildcard.
        Path named = write("named.gen", BODY.formatted("named.models", "import shared.data.Points", "Named"));
        assertEquals(0, thermogen("check", named.toString()).status());
    }

    @Test
    void anImportOfNothingIsAnErrorAtTheImport() throws IOException {
        write("data.gen", POINTS);
        Path bad = write("bad.gen", "package other.bad\nimport does.not.exist.*\nimport shared.data.Nothing\nconst N = 3\n");
        Result r = thermogen("check", bad.toString());
        assertEquals(1, r.status());
        List<String> lines = (r.out() + r.err()).lines().filter(l -> l.contains(": error: ")).toList();
        assertEquals(2, lines.size(), r.out() + r.err());
        assertTrue(lines.get(0).endsWith("bad.gen:2:8: error: no file declares package does.not.exist (packages seen: "
                + "other.bad, shared.data): check the name"), lines.get(0));
        assertTrue(lines.get(1).endsWith("bad.gen:3:8: error: no file declares shared.data.Nothing (packages seen: "
                + "other.bad, shared.data): check the name"), lines.get(1));
    }

    @Test
    void nesterovIsHonouredOnEnergiesBeyondPairwise() throws IOException {
        // Once plain gradient descent, byte for byte, while the checkpoint recorded nesterov.
        String model = """
                dataset S = boltzmann_samples(units 6, n 500, coupling normal(0, 0.5), field normal(0, 0.2), seed 4)
                model T {
                  visible s[6] : spin
                  param J[6,6] : symmetric, zero_diagonal
                  param h[6]
                  param c
                  energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - h . s - c * s[0] * s[1] * s[2]
                  train on S with moment_matching(expectation exact) { optimizer %s epochs 40 }
                }
                """;
        double[] last = new double[2];
        String[] optimizers = {"gd(lr 0.2)", "nesterov(lr 0.2)"};
        for (int i = 0; i < 2; i++) {
            Path folder = dir.resolve("o" + i);
            Path file = folder.resolve("t.gen");
            Files.createDirectories(folder);
            Files.writeString(file, model.formatted(optimizers[i]));
            Result r = thermogen("train", file.toString(), "--out", folder.resolve("out").toString());
            assertEquals(0, r.status(), r.err());
            List<String> rows = Files.readAllLines(folder.resolve("out").resolve("metrics.csv"));
            last[i] = Double.parseDouble(rows.get(rows.size() - 1).split(",")[1]);
        }
        assertTrue(last[1] < last[0], "nesterov " + last[1] + " should end below gd " + last[0]);
    }

    @Test
    void aTrainingThatExplodesStopsAtTheEpochWithExitOne() throws IOException {
        // Once a checkpoint "trained" to losses of a million with exit 0.
        Path file = dir.resolve("rbm.gen");
        Files.writeString(file, """
                dataset D = bars_and_stripes(size 3, n 200, seed 1) split train 0.8, test 0.2
                model R {
                  visible v[9] : binary
                  hidden h[8] : binary
                  param W[9,8]
                  param b[9]
                  param c[8]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on D.train with pcd(k 1, chains 20) { optimizer sgd(lr 1e6) epochs 30 batch 10 }
                }
                """);
        Result r = thermogen("train", file.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.status(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("rbm.gen:2: R: training diverged at epoch 1: neg_log_pseudo_likelihood rose from"), last);
        assertTrue(last.contains("lower the learning rate or the momentum"), last);
        assertTrue(Files.readAllLines(dir.resolve("out").resolve("metrics.csv")).size() >= 2);
    }

    /**
     * A loss that drifts back up without exploding (an RBM trained with a step size far too
     * large) is said once, with the epoch and what to change; a training that converges with
     * some noise about its plateau (the digits example's optimizer) hears nothing.
     */
    @Test
    void aTrainingThatGoesTheWrongWayIsSaidOnce() throws IOException {
        String model = """
                dataset Bars = bars_and_stripes(size 4, n 1000, seed 1) split train 0.8, test 0.2 seed 3
                model BarsRbm {
                  visible v[16] : binary
                  hidden  h[16] : binary
                  param W[16,16] init normal(0, 0.01)
                  param b[16]
                  param c[16]
                  energy E(v, h) = -(v' * W * h) - b . v - c . h
                  train on Bars.train with pcd(k 1, chains 100) { optimizer %s epochs 40 batch 20 }
                }
                """;
        Path wrong = dir.resolve("wrong").resolve("bars.gen");
        Files.createDirectories(wrong.getParent());
        Files.writeString(wrong, model.formatted("sgd(lr 3, momentum 0.9)"));
        Result r = thermogen("train", wrong.toString(), "--out", dir.resolve("wrong-out").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("the training is going the wrong way")).count(), r.err());
        assertTrue(r.err().contains("neg_log_pseudo_likelihood is ") && r.err().contains("never improved on its start"),
                r.err());
        Path right = dir.resolve("right").resolve("bars.gen");
        Files.createDirectories(right.getParent());
        Files.writeString(right, model.formatted("sgd(lr 0.05 -> 0.005, momentum 0.5 -> 0.9, weight_decay 1e-4)"));
        Result fine = thermogen("train", right.toString(), "--out", dir.resolve("right-out").toString());
        assertEquals(0, fine.status(), fine.err());
        assertTrue(!fine.err().contains("wrong way"), fine.err());
    }

    @Test
    void userErrorsAreOneLineWithoutStackTraces() throws IOException {
        Result missing = thermogen("check", dir.resolve("none.gen").toString());
        assertEquals(1, missing.status());
        assertEquals(dir.resolve("none.gen") + ": no such file", missing.err().strip());

        Result badFlag = thermogen("train", "x.gen", "--epoch", "3");
        assertEquals(1, badFlag.status());
        assertEquals("thermogen train: unknown option --epoch: did you mean --epochs? (see thermogen train --help)",
                badFlag.err().strip());

        Result badCommand = thermogen("chek", "x.gen");
        assertEquals(1, badCommand.status());
        assertTrue(badCommand.err().startsWith("thermogen: unknown command chek: did you mean check?"), badCommand.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"check", "compile", "train", "sample", "eval", "run"}) {
            Result r = thermogen(c, "--help");
            assertEquals(0, r.status(), c);
            assertTrue(r.out().startsWith("Usage: thermogen " + c), r.out());
        }
    }
}
