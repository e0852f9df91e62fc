package org.thermogen.lang.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.thermogen.runtime.exact.BoltzmannSamplesSource;
import org.thermogen.runtime.mcmc.GibbsExpectation;
import org.thermogen.runtime.mcmc.LangevinTraining;
import org.thermogen.runtime.train.MomentMatching;

/**
 * Every trainer, sampler, metric, data source, distribution and initializer a .gen file
 * can name, with its settings. The validator checks calls against it, the generator
 * emits the runtime builder calls it describes, and content assist proposes from it.
 */
public final class Catalog {
    /**
     * The held-out settings of every trainer that can measure its loss on rows it does not
     * train on (the runtime's {@code Trainer#measuresHeldOut}).
     */
    private static final Parameter[] HELD_OUT = {
        p("validation", Type.PART, "", "held-out rows the loss is measured on after every epoch (held_out_<loss>)"),
        p("keep", Type.KEEP, "last", "the parameters kept: best (of the best held-out epoch) or last"),
        p("patience", Type.INT, "0", "stop after this many epochs without a better held-out figure (0: never)")};
    private static final Parameter MONITOR_EVERY = p("monitor_every", Type.INT, "1",
            "epochs between the pseudo-likelihood and reconstruction figures on training rows (the first and last"
                    + " always have them; training is the same)");

    private static final String DATA = "org.thermogen.runtime.data.";
    private static final String TRAIN = "org.thermogen.runtime.train.";
    private static final String EVAL = "org.thermogen.runtime.eval.";
    private static final String RBM = "org.thermogen.runtime.rbm.";
    private static final String MCMC = "org.thermogen.runtime.mcmc.";

    private static final List<Entry> ENTRIES = entries();

    private Catalog() {
    }

    public static List<Entry> all() {
        return ENTRIES;
    }

    public static List<Entry> of(Kind kind) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (e.kind() == kind) {
                out.add(e);
            }
        }
        return out;
    }

    public static Optional<Entry> find(Kind kind, String name) {
        for (Entry e : ENTRIES) {
            if (e.kind() == kind && e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static List<String> names(Kind kind) {
        List<String> out = new ArrayList<>();
        for (Entry e : of(kind)) {
            out.add(e.name());
        }
        return out;
    }

    private static Parameter p(String key, Type type, String def, String doc) {
        return new Parameter(key, type, def, doc);
    }

    private static Entry builder(Kind kind, String name, String javaClass, String doc, Parameter... ps) {
        return new Entry(kind, name, javaClass, null, List.of(ps), doc);
    }

    private static Entry factory(Kind kind, String name, String javaClass, String method, String doc, Parameter... ps) {
        return new Entry(kind, name, javaClass, method, List.of(ps), doc);
    }

    private static List<Entry> entries() {
        List<Entry> e = new ArrayList<>();
        // Data sources
        e.add(builder(Kind.SOURCE, "csv", DATA + "CsvSource",
                "Rows of a CSV file; the path is relative to the .gen file.",
                p("path", Type.STRING, null, "the file, relative to the .gen file"),
                p("features", Type.COLUMNS, "", "the columns to use (default: all but the label)"),
                p("label", Type.INT, "", "a column of integer labels kept beside the data"),
                p("header", Type.FLAG, "", "the first line names the columns (default: detected)"),
                p("delimiter", Type.STRING, "\",\"", "the field separator")));
        e.add(builder(Kind.SOURCE, "blobs", DATA + "BlobsSource",
                "Isotropic Gaussian blobs around random centres; labels are the blob index.",
                p("n", Type.INT, "1000", "number of rows"),
                p("centers", Type.INT, "3", "number of blobs"),
                p("dim", Type.INT, "2", "dimension"),
                p("std", Type.NUMBER, "1.0", "standard deviation of each blob"),
                p("spread", Type.NUMBER, "5.0", "centres are uniform in [-spread, spread]^dim"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "moons", DATA + "MoonsSource",
                "Two interleaving half circles in 2-D with Gaussian noise (scikit-learn's make_moons); labels are the moon.",
                p("n", Type.INT, "1000", "number of rows"),
                p("noise", Type.NUMBER, "0.1", "standard deviation of the noise added to each coordinate"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "swiss_roll", DATA + "SwissRollSource",
                "A 2-D swiss roll: (t cos t, t sin t) / 10 for t uniform in [1.5 pi, 4.5 pi], with Gaussian noise.",
                p("n", Type.INT, "1000", "number of rows"),
                p("noise", Type.NUMBER, "0.1", "standard deviation of the noise added to each coordinate"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "gaussian", DATA + "GaussianSource",
                "Samples of a multivariate normal distribution, which is kept as the data's true distribution.",
                p("n", Type.INT, "1000", "number of rows"),
                p("mean", Type.NUMBERS, null, "the mean vector"),
                p("cov", Type.MATRIX, null, "the covariance matrix (symmetric positive definite)"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "boltzmann_samples", "org.thermogen.runtime.exact.BoltzmannSamplesSource",
                "Exact samples of a random Boltzmann machine, which is kept as the data's true distribution.",
                p("units", Type.INT, null, "number of units (at most 24: samples are exact)"),
                p("n", Type.INT, "1000", "number of rows"),
                p("coupling", Type.DISTRIBUTION, "normal(0, 0.3)", "distribution of each coupling W_kl"),
                p("field", Type.DISTRIBUTION, "normal(0, 0.1)", "distribution of each field b_k"),
                p("domain", Type.DOMAIN, "spin", "spin (-1/+1) or binary (0/1) units"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "bars_and_stripes", DATA + "BarsAndStripesSource",
                "size x size binary images of horizontal bars or vertical stripes, uniform over the distinct patterns.",
                p("size", Type.INT, "4", "the side of the square images"),
                p("n", Type.INT, "1000", "number of rows"),
                p("domain", Type.DOMAIN, "binary", "binary (0/1) or spin (-1/+1) pixels"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "idx", DATA + "IdxSource",
                "Images in the IDX format of MNIST (gzipped or not), flattened row-major, values as stored (0..255).",
                p("path", Type.STRING, null, "the image file, relative to the .gen file"),
                p("labels", Type.STRING, "", "a label file with as many entries"),
                p("n", Type.INT, "", "read only the first n images")));
        // Distributions for synthetic parameters
        String dist = DATA + "Distribution";
        e.add(factory(Kind.DISTRIBUTION, "normal", dist, "normal", "A normal distribution.",
                p("mean", Type.NUMBER, null, "mean"), p("std", Type.NUMBER, null, "standard deviation")));
        e.add(factory(Kind.DISTRIBUTION, "uniform", dist, "uniform", "A uniform distribution.",
                p("low", Type.NUMBER, null, "lower end"), p("high", Type.NUMBER, null, "upper end")));
        e.add(factory(Kind.DISTRIBUTION, "constant", dist, "constant", "Always the same value.",
                p("value", Type.NUMBER, null, "the value")));
        // Parameter initializers
        String init = "org.thermogen.runtime.model.Init";
        e.add(factory(Kind.INIT, "zeros", init, "zeros", "All elements zero (the default)."));
        e.add(factory(Kind.INIT, "identity", init, "identity",
                "The identity matrix (the default for spd matrices); ones for vectors."));
        e.add(factory(Kind.INIT, "normal", init, "normal", "Independent normal draws.",
                p("mean", Type.NUMBER, null, "mean"), p("std", Type.NUMBER, null, "standard deviation"),
                p("seed", Type.INT, "-1", "a stream of its own (0 or more): the same values whatever the run's seed,"
                        + " e.g. a fixed random coupling matrix; -1: the run's")));
        e.add(factory(Kind.INIT, "uniform", init, "uniform", "Independent uniform draws.",
                p("low", Type.NUMBER, null, "lower end"), p("high", Type.NUMBER, null, "upper end"),
                p("seed", Type.INT, "-1", "a stream of its own (0 or more), as for normal; -1: the run's")));
        e.add(factory(Kind.INIT, "constant", init, "constant", "Every element the same value.",
                p("value", Type.NUMBER, null, "the value")));
        // Trainers
        e.add(builder(Kind.TRAINER, "max_likelihood", TRAIN + "MaximumLikelihood",
                "Closed-form maximum likelihood for Gaussian energies: the mean and the biased covariance of the data."));
        e.add(builder(Kind.TRAINER, "moment_matching", TRAIN + "MomentMatching",
                "Gradient descent on the KL divergence of a Boltzmann machine: the model's moments are moved to the"
                        + " data's (notes 01, section 2.6).",
                p("expectation", Type.EXPECTATION, "exact", "how the model's moments are computed"),
                p("clamped", Type.EXPECTATION, "exact", "with hidden units: how each row's hidden units are averaged"
                        + " given the row (exact sums their states, at most " + MomentMatching.CLAMPED_HIDDEN + ";"
                        + " mean_field or gibbs keep a state per row)"),
                p("optimizer", Type.OPTIMIZER, "gd(lr auto)", "the update rule"),
                p("epochs", Type.INT, "200", "number of gradient steps"),
                p("tolerance", Type.NUMBER, "0", "stop once every moment matches the data's within this"),
                HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "cd", RBM + "ContrastiveDivergence",
                "Contrastive divergence for restricted Boltzmann machines: k block-Gibbs steps from each data row.",
                p("k", Type.INT, "1", "Gibbs steps per update"),
                p("optimizer", Type.OPTIMIZER, "sgd(lr 0.05)", "the update rule"),
                p("epochs", Type.INT, "20", "passes over the data"),
                p("batch", Type.INT, "20", "rows per update"),
                MONITOR_EVERY, HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "pcd", RBM + "PersistentContrastiveDivergence",
                "Persistent contrastive divergence: the negative chains carry over between updates.",
                p("k", Type.INT, "1", "Gibbs steps per update"),
                p("chains", Type.INT, "100", "persistent chains"),
                p("optimizer", Type.OPTIMIZER, "sgd(lr 0.05)", "the update rule"),
                p("epochs", Type.INT, "20", "passes over the data"),
                p("batch", Type.INT, "20", "rows per update"),
                MONITOR_EVERY, HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "pseudo_likelihood", TRAIN + "PseudoLikelihoodTraining",
                "Maximum pseudo-likelihood for fully visible Boltzmann machines: no partition function, no sampling.",
                p("optimizer", Type.OPTIMIZER, "gd(lr auto)", "the update rule; lr auto searches the step on the exact objective"),
                p("epochs", Type.INT, "200", "gradient steps"),
                p("tolerance", Type.NUMBER, "0", "stop once the gradient norm is below this"),
                HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "em", "org.thermogen.runtime.mixture.ExpectationMaximization",
                "Expectation-maximization for Gaussian mixtures (notes 01, section 3): responsibilities, then"
                        + " weighted means, covariances and weights; the log-likelihood never decreases.",
                p("init", Type.START, "kmeans", "where EM starts: kmeans (k-means++ seeds, then k-means) or parameters"),
                p("tol", Type.NUMBER, "1e-3", "stop when the mean log-likelihood per row changes by less (nats)"),
                p("max_iter", Type.INT, "100", "the most EM iterations"),
                p("reg_covar", Type.NUMBER, "1e-6", "added to the diagonal of every covariance"),
                p("restarts", Type.INT, "1", "k-means starts, each run to convergence; the highest log-likelihood is"
                        + " kept (scikit-learn's n_init)"),
                HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "ddpm", "org.thermogen.runtime.diffusion.DenoiserTraining",
                "Denoiser training with DDPM's simplified loss (Ho et al. 2020): a uniform step t, x_t from q(x_t | x_0),"
                        + " squared error of the predicted noise, sample or velocity; Adam, clipping and a moving average.",
                p("epochs", Type.INT, "200", "passes over the data"),
                p("batch", Type.INT, "256", "rows per update"),
                p("optimizer", Type.OPTIMIZER, "adam(lr 1e-3)", "the update rule"),
                p("clip", Type.NUMBER, "1.0", "largest gradient norm (0: no clipping)"),
                p("ema", Type.NUMBER, "0.999", "decay of the moving average of the weights that sampling uses (0: none)"),
                p("snapshots", Type.INT, "5", "grids of samples written to progress/ while training, for image data"
                        + " (0: none)"),
                HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "elbo", "org.thermogen.runtime.vae.VaeTraining",
                "VAE training by the evidence lower bound (notes 03; notes 04, appendix C, with its errata): the"
                        + " reparameterised Monte Carlo reconstruction term minus the KL terms, on mini-batches.",
                p("samples", Type.INT, "1", "latent draws per row"),
                p("epochs", Type.INT, "20", "passes over the data"),
                p("batch", Type.INT, "100", "rows per update"),
                p("optimizer", Type.OPTIMIZER, "adam(lr 1e-3)", "the update rule"),
                p("clip", Type.NUMBER, "0", "largest gradient norm (0: no clipping)"),
                HELD_OUT[0], HELD_OUT[1], HELD_OUT[2]));
        e.add(builder(Kind.TRAINER, "persistent_langevin", "org.thermogen.runtime.mcmc.LangevinTraining",
                "Energy-based training of any real-valued energy: data term minus the expectation under persistent"
                        + " Langevin chains (note 02, eq. 1.16).",
                p("chains", Type.INT, "100", "persistent chains"),
                p("steps", Type.INT, "20", "Langevin steps per update"),
                p("step", Type.NUMBER, "0.01", "the Langevin step size"),
                p("adjusted", Type.FLAG, "", "Metropolis-adjusted (MALA) steps"),
                p("optimizer", Type.OPTIMIZER, "adam(lr 1e-3)", "the update rule"),
                p("epochs", Type.INT, "50", "passes over the data"),
                p("batch", Type.INT, "100", "rows per update")));
        e.add(builder(Kind.EXPECTATION, "exact", TRAIN + "ExactExpectation",
                "Exact moments by enumerating all states (up to 24 units)."));
        e.add(builder(Kind.EXPECTATION, "gibbs", "org.thermogen.runtime.mcmc.GibbsExpectation",
                "Moments from persistent Gibbs chains, for models too large to enumerate.",
                p("chains", Type.INT, "16", "number of chains"),
                p("sweeps", Type.INT, "20", "sweeps per gradient step"),
                p("burnin", Type.INT, "10", "sweeps before the first step")));
        // The same class samples; as an expectation its sweeps are per gradient step, so smaller defaults
        // are set before the user's settings.
        e.add(new Entry(Kind.EXPECTATION, "parallel_tempering", MCMC + "ParallelTempering", null, List.of(
                p("temperatures", Type.LADDER, null, "the ladder, including 1"),
                p("sweeps", Type.INT, "20", "sweeps per gradient step"),
                p("burnin", Type.INT, "10", "sweeps before the first step"),
                p("swap_every", Type.INT, "1", "sweeps between swap attempts")),
                "Moments from replica-exchange chains at the temperature 1, for rugged models.",
                List.of(new FixedCall("sweeps", 20), new FixedCall("burnin", 10))));
        e.add(builder(Kind.EXPECTATION, "mean_field", TRAIN + "MeanFieldExpectation",
                "Naive mean-field moments, correlations by linear response: no sampling.",
                p("damping", Type.NUMBER, "0.5", "weight of the old magnetizations in each update"),
                p("iterations", Type.INT, "1000", "the most fixed-point iterations"),
                p("tolerance", Type.NUMBER, "1e-10", "stop when the magnetizations move less")));
        e.add(builder(Kind.EXPECTATION, "tap", TRAIN + "TapExpectation",
                "Mean field with the Onsager reaction term (Thouless-Anderson-Palmer), correlations by linear response.",
                p("damping", Type.NUMBER, "0.5", "weight of the old magnetizations in each update"),
                p("iterations", Type.INT, "1000", "the most fixed-point iterations"),
                p("tolerance", Type.NUMBER, "1e-10", "stop when the magnetizations move less")));
        e.add(builder(Kind.OPTIMIZER, "sgd", TRAIN + "Sgd",
                "Stochastic gradient descent with momentum; weight decay applies to matrix parameters.",
                p("lr", Type.SCHEDULE, "0.01", "the step size, or a ramp such as 0.1 -> 0.01"),
                p("momentum", Type.SCHEDULE, "0", "momentum, or a ramp such as 0.5 -> 0.9"),
                p("weight_decay", Type.NUMBER, "0", "L2 penalty on matrix parameters")));
        e.add(builder(Kind.OPTIMIZER, "adam", TRAIN + "Adam",
                "Adam with bias correction; decoupled weight decay on matrix parameters.",
                p("lr", Type.SCHEDULE, "1e-3", "the step size, or a ramp"),
                p("beta1", Type.NUMBER, "0.9", "decay of the first-moment estimate"),
                p("beta2", Type.NUMBER, "0.999", "decay of the second-moment estimate"),
                p("epsilon", Type.NUMBER, "1e-8", "added to the denominator"),
                p("weight_decay", Type.NUMBER, "0", "decoupled L2 penalty on matrix parameters")));
        e.add(builder(Kind.OPTIMIZER, "gd", TRAIN + "GradientDescent",
                "Plain gradient descent; lr auto is 1/lambda_max of the Hessian, the step bound of the notes.",
                p("lr", Type.LEARNING_RATE, "auto", "the step size")));
        e.add(builder(Kind.OPTIMIZER, "nesterov", TRAIN + "Nesterov",
                "Nesterov's accelerated gradient with adaptive restart: the same step bound, far fewer epochs on"
                        + " ill-conditioned problems.",
                p("lr", Type.LEARNING_RATE, "auto", "the step size")));
        // Samplers
        e.add(builder(Kind.SAMPLER, "exact", "org.thermogen.runtime.exact.ExactSampler",
                "Independent exact samples: by enumeration (up to 24 units), in closed form (Gaussians), ancestrally"
                        + " (mixtures, VAEs).",
                p("means", Type.FLAG, "", "a VAE's decoder means instead of draws of x: write `exact(means)`")));
        e.add(builder(Kind.SAMPLER, "gibbs", "org.thermogen.runtime.mcmc.GibbsSampler",
                "Single-site Gibbs sampling (heat bath) with several chains in parallel.",
                p("chains", Type.INT, "8", "number of chains"),
                p("sweeps", Type.INT, "1000", "recorded sweeps per chain"),
                p("burnin", Type.INT, "100", "sweeps discarded first"),
                p("thin", Type.INT, "1", "record every thin-th sweep")));
        e.add(builder(Kind.SAMPLER, "parallel_tempering", MCMC + "ParallelTempering",
                "Replica exchange: chains at a ladder of temperatures swap states; samples from the temperature 1.",
                p("temperatures", Type.LADDER, null, "the ladder: geometric(min, max, count) or a list"),
                p("sweeps", Type.INT, "10000", "recorded sweeps per replica"),
                p("burnin", Type.INT, "1000", "sweeps discarded first"),
                p("thin", Type.INT, "1", "record every thin-th sweep"),
                p("swap_every", Type.INT, "1", "sweeps between swap attempts"),
                p("ladders", Type.INT, "1", "independent ladders, each its own chain at T = 1 (R-hat across them)")));
        e.add(new Entry(Kind.SAMPLER, "ddpm", "org.thermogen.runtime.diffusion.DiffusionSampler", null, List.of(
                p("variance", Type.VARIANCE, "posterior", "the reverse variance: beta, or posterior (1 - abar_{t-1}) / (1 - abar_t) beta_t"),
                p("n", Type.INT, "1000", "samples drawn")),
                "Ancestral DDPM sampling: from x_T ~ N(0, I) one denoising step per timestep.", FixedCall.of("ddpm")));
        e.add(new Entry(Kind.SAMPLER, "ddim", "org.thermogen.runtime.diffusion.DiffusionSampler", null, List.of(
                p("steps", Type.INT, "50", "denoiser evaluations (evenly spaced timesteps)"),
                p("eta", Type.NUMBER, "0", "0: deterministic given x_T; 1: the DDPM posterior variance"),
                p("n", Type.INT, "1000", "samples drawn")),
                "DDIM sampling (Song et al. 2021): fewer steps; with eta 0 a deterministic map from x_T.", FixedCall.of("ddim")));
        e.add(builder(Kind.SAMPLER, "langevin", MCMC + "LangevinSampler",
                "Langevin dynamics on real units from the energy's gradient; adjusted adds the Metropolis step (MALA).",
                p("step", Type.NUMBER, "0.01", "the step size"),
                p("steps", Type.INT, "10000", "recorded steps per chain"),
                p("burnin", Type.INT, "1000", "steps discarded first"),
                p("chains", Type.INT, "4", "chains in parallel"),
                p("thin", Type.INT, "10", "record every thin-th step"),
                p("adjusted", Type.FLAG, "", "Metropolis-adjusted Langevin (MALA)")));
        // Metrics
        e.add(builder(Kind.METRIC, "log_likelihood", EVAL + "LogLikelihood",
                "Mean log-likelihood per example in nats: exact (enumeration, closed form) or with ln Z from AIS.",
                p("method", Type.ESTIMATOR, "exact", "how ln Z is found: exact, or ais(runs 100, temperatures 10000)"),
                p("data", Type.DATA, null, "the data, given with `on`")));
        e.add(builder(Kind.METRIC, "log_partition", EVAL + "LogPartition", "The log partition function ln Z.",
                p("method", Type.ESTIMATOR, "exact", "exact, or ais(runs 100, temperatures 10000)")));
        e.add(builder(Kind.METRIC, "pseudo_likelihood", EVAL + "PseudoLikelihood",
                "Mean log pseudo-likelihood per example: sum over units of ln q(x_i | the others), exact.",
                p("data", Type.DATA, null, "the data, given with `on`")));
        e.add(builder(Kind.METRIC, "reconstruction_error", EVAL + "ReconstructionError",
                "Mean squared error of the mean-field reconstruction E[v | E[h | v]] of an RBM.",
                p("data", Type.DATA, null, "the data, given with `on`")));
        for (String[] o : new String[][] {{"energy", "Mean energy per unit"},
                {"abs_magnetization", "Mean absolute magnetization per unit"}, {"magnetization", "Mean magnetization per unit"}}) {
            e.add(new Entry(Kind.METRIC, o[0], EVAL + "Observables", null,
                    List.of(p("per_temperature", Type.FLAG, "", "at every temperature of the parallel_tempering sampler:"
                            + " write `per temperature`")),
                    o[1] + ": exact over every state for up to 20 binary or spin units without a sampler, else from the"
                            + " model's sampler; with `per temperature`, at every temperature of its ladder.",
                    FixedCall.of("observable", o[0])));
        }
        e.add(builder(Kind.METRIC, "elbo", "org.thermogen.runtime.eval.ElboMetric",
                "A VAE's evidence lower bound per row in nats: Monte Carlo reconstruction term, analytic top KL.",
                p("samples", Type.INT, "1", "latent draws per row"),
                p("data", Type.DATA, null, "the data, given with `on`")));
        for (String[] ic : new String[][] {{"bic", "BIC", "Bayesian information criterion -2 ln L + p ln n"},
                {"aic", "AIC", "Akaike information criterion -2 ln L + 2 p"}}) {
            e.add(new Entry(Kind.METRIC, ic[0], EVAL + "InformationCriterion", null,
                    List.of(p("components", Type.COUNTS, "", "also fit mixtures of each number of components in the range"
                                    + " and plot the criterion against it, naming the best"),
                            p("restarts", Type.INT, "1", "k-means starts of each mixture of the sweep"),
                            p("data", Type.DATA, null, "the data, given with `on`")),
                    "The " + ic[2] + " of a Gaussian mixture on data (scikit-learn's convention); lower is better."
                            + " With components 1..8, chooses the number of components.",
                    FixedCall.of("kind", new FixedCall.EnumConstant(EVAL + "InformationCriterion", "Kind", ic[1]))));
        }
        for (String[] sd : new String[][] {{"mmd", "MMD", "Squared maximum mean discrepancy (unbiased, RBF kernels at 1/4 to 4 times the"
                + " data's median distance)"}, {"energy_distance", "ENERGY_DISTANCE", "Energy distance (unbiased)"}}) {
            e.add(new Entry(Kind.METRIC, sd[0], "org.thermogen.runtime.eval.SampleDistanceMetric", null,
                    List.of(p("samples", Type.INT, "1000", "the most samples drawn, at most half the data's rows"),
                            p("data", Type.DATA, null, "the data, given with `on`")),
                    sd[2] + " between the model's samples (its first sampler, else exact or ddpm) and half the data, with its"
                            + " standard error; the details hold it between the data's two halves, of the same size.",
                    FixedCall.of("kind", new FixedCall.EnumConstant("org.thermogen.runtime.eval.SampleDistanceMetric",
                            "Kind", sd[1]))));
        }
        e.add(builder(Kind.METRIC, "bits_per_dim", "org.thermogen.runtime.eval.BitsPerDimMetric",
                "A diffusion model's negative variational bound on image data in bits per coordinate (Ho et al. 2020):"
                        + " prior, every diffusion step and a discretized decoder, with its standard error over rows.",
                p("levels", Type.INT, "0", "values per coordinate, evenly spaced on [-1, 1]; 0 reads them off the data"),
                p("data", Type.DATA, null, "the data, given with `on`")));
        e.add(builder(Kind.METRIC, "kl", EVAL + "KlDivergence",
                "KL(from || to) in nats, exact: between the model and a dataset's true distribution or data.",
                p("from", Type.REFERENCE, null, "the first distribution"),
                p("to", Type.REFERENCE, null, "the second distribution")));
        e.add(builder(Kind.METRIC, "overlap", EVAL + "Overlap",
                "The overlap distribution P(q) between independent chains of the model's Gibbs sampler (replicas), with"
                        + " <q^2> as its value: the order parameter of spin glasses."));
        e.add(builder(Kind.METRIC, "parameter_error", EVAL + "ParameterError",
                "RMS difference between the learned and the true couplings and fields.",
                p("truth", Type.DATASET, null, "a dataset with a known Boltzmann machine")));
        e.add(builder(Kind.METRIC, "moment_error", EVAL + "MomentError",
                "Largest difference between the model's and the data's first and second moments.",
                p("data", Type.DATA, null, "the data, given with `on`")));
        // ln Z estimators
        e.add(builder(Kind.ESTIMATOR, "exact", RBM + "ExactPartition",
                "Exact ln Z: enumeration, the smaller layer of an RBM (at most 20 units), or closed form."));
        e.add(builder(Kind.ESTIMATOR, "ais", RBM + "Ais",
                "Annealed importance sampling (Neal 2001; Salakhutdinov and Murray 2008 for RBMs), with a standard"
                        + " error: any energy on binary, spin or real units.",
                p("runs", Type.INT, "100", "independent annealing runs"),
                p("temperatures", Type.INT, "10000", "intermediate distributions per run"),
                p("step", Type.NUMBER, "0.05", "Langevin step size on real units (energies other than RBMs)")));
        e.add(builder(Kind.ESTIMATOR, "iwae", "org.thermogen.runtime.vae.Iwae",
                "The importance-weighted bound of a VAE's log-likelihood (Burda et al. 2016), tighter than the ELBO.",
                p("k", Type.INT, "500", "importance samples per row")));
        // Temperature ladders
        e.add(factory(Kind.LADDER, "geometric", MCMC + "Ladder", "geometric",
                "count temperatures from min to max in geometric progression.",
                p("min", Type.NUMBER, null, "the lowest temperature"),
                p("max", Type.NUMBER, null, "the highest temperature"),
                p("count", Type.INT, null, "how many")));
        // Noise schedules of diffusion models; step t runs from 1 to steps.
        String schedule = "org.thermogen.runtime.diffusion.NoiseSchedule";
        e.add(factory(Kind.NOISE_SCHEDULE, "linear", schedule, "linear",
                "Betas evenly spaced from the first to the last value (Ho et al. 2020: 1e-4 .. 0.02 over 1000 steps).",
                p("beta", Type.RANGE, null, "the first and the last beta"), p("steps", Type.INT, "1000", "the number of steps T")));
        e.add(factory(Kind.NOISE_SCHEDULE, "scaled_linear", schedule, "scaledLinear",
                "Square roots of the betas evenly spaced, then squared (the latent-diffusion schedule).",
                p("beta", Type.RANGE, null, "the first and the last beta"), p("steps", Type.INT, "1000", "the number of steps T")));
        e.add(factory(Kind.NOISE_SCHEDULE, "cosine", schedule, "cosine",
                "alpha_bar(t) = cos^2(((t/T + s) / (1 + s)) pi / 2) (Nichol and Dhariwal 2021), betas clipped at max_beta.",
                p("s", Type.NUMBER, "0.008", "the offset s"), p("max_beta", Type.NUMBER, "0.999", "the largest beta"),
                p("steps", Type.INT, "1000", "the number of steps T")));
        e.add(factory(Kind.NOISE_SCHEDULE, "sigmoid", schedule, "sigmoid",
                "Betas along a sigmoid from the first to the last value (GeoDiff).",
                p("beta", Type.RANGE, null, "the first and the last beta"), p("steps", Type.INT, "1000", "the number of steps T")));
        e.add(factory(Kind.NOISE_SCHEDULE, "quadratic", schedule, "quadratic",
                "Square roots of the betas evenly spaced, then squared, from the first to the last value.",
                p("beta", Type.RANGE, null, "the first and the last beta"), p("steps", Type.INT, "1000", "the number of steps T")));
        // Pictures of samples
        String picture = "org.thermogen.runtime.model.SamplePicture";
        e.add(factory(Kind.PICTURE, "images", picture, "images", "Each sample as a height x width grey image.",
                p("height", Type.INT, null, "image rows"), p("width", Type.INT, null, "image columns")));
        e.add(factory(Kind.PICTURE, "raster", picture, "raster", "Samples as black and white rows, units as columns."));
        e.add(factory(Kind.PICTURE, "scatter", picture, "scatter", "The first two units of each sample as a point."));
        e.add(factory(Kind.PICTURE, "histogram", picture, "histogram", "A histogram of the first unit."));
        return Collections.unmodifiableList(e);
    }
}
