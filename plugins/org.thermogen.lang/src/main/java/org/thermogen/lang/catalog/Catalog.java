package org.thermogen.lang.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Every trainer, sampler, metric, data source, distribution and initializer a .gen file
 * can name, with its settings. The validator checks calls against it, the generator
 * emits the runtime builder calls it describes, and content assist proposes from it.
 */
public final class Catalog {
    private static final String DATA = "org.thermogen.runtime.data.";
    private static final String TRAIN = "org.thermogen.runtime.train.";
    private static final String EVAL = "org.thermogen.runtime.eval.";

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
        e.add(builder(Kind.SOURCE, "gaussian", DATA + "GaussianSource",
                "Samples of a multivariate normal distribution, which is kept as the data's true distribution.",
                p("n", Type.INT, "1000", "number of rows"),
                p("mean", Type.NUMBERS, null, "the mean vector"),
                p("cov", Type.MATRIX, null, "the covariance matrix (symmetric positive definite)"),
                p("seed", Type.LONG, "0", "random seed")));
        e.add(builder(Kind.SOURCE, "boltzmann_samples", DATA + "BoltzmannSamplesSource",
                "Exact samples of a random Boltzmann machine, which is kept as the data's true distribution.",
                p("units", Type.INT, null, "number of units (at most 24: samples are exact)"),
                p("n", Type.INT, "1000", "number of rows"),
                p("coupling", Type.DISTRIBUTION, "normal(0, 0.3)", "distribution of each coupling W_kl"),
                p("field", Type.DISTRIBUTION, "normal(0, 0.1)", "distribution of each field b_k"),
                p("domain", Type.DOMAIN, "spin", "spin (-1/+1) or binary (0/1) units"),
                p("seed", Type.LONG, "0", "random seed")));
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
                p("mean", Type.NUMBER, null, "mean"), p("std", Type.NUMBER, null, "standard deviation")));
        e.add(factory(Kind.INIT, "uniform", init, "uniform", "Independent uniform draws.",
                p("low", Type.NUMBER, null, "lower end"), p("high", Type.NUMBER, null, "upper end")));
        e.add(factory(Kind.INIT, "constant", init, "constant", "Every element the same value.",
                p("value", Type.NUMBER, null, "the value")));
        // Trainers
        e.add(builder(Kind.TRAINER, "max_likelihood", TRAIN + "MaximumLikelihood",
                "Closed-form maximum likelihood for Gaussian energies: the mean and the biased covariance of the data."));
        e.add(builder(Kind.TRAINER, "moment_matching", TRAIN + "MomentMatching",
                "Gradient descent on the KL divergence of a Boltzmann machine: the model's moments are moved to the"
                        + " data's (notes 01, section 2.6).",
                p("expectation", Type.EXPECTATION, "exact", "how the model's moments are computed"),
                p("optimizer", Type.OPTIMIZER, "gd(lr auto)", "the update rule"),
                p("epochs", Type.INT, "200", "number of gradient steps"),
                p("tolerance", Type.NUMBER, "0", "stop once every moment matches the data's within this")));
        e.add(builder(Kind.EXPECTATION, "exact", TRAIN + "ExactExpectation",
                "Exact moments by enumerating all states (up to 24 units)."));
        e.add(builder(Kind.EXPECTATION, "gibbs", TRAIN + "GibbsExpectation",
                "Moments from persistent Gibbs chains, for models too large to enumerate.",
                p("chains", Type.INT, "16", "number of chains"),
                p("sweeps", Type.INT, "20", "sweeps per gradient step"),
                p("burnin", Type.INT, "10", "sweeps before the first step")));
        e.add(builder(Kind.OPTIMIZER, "gd", TRAIN + "GradientDescent",
                "Plain gradient descent; lr auto is 1/lambda_max of the Hessian, the step bound of the notes.",
                p("lr", Type.LEARNING_RATE, "auto", "the step size")));
        e.add(builder(Kind.OPTIMIZER, "nesterov", TRAIN + "Nesterov",
                "Nesterov's accelerated gradient with adaptive restart: the same step bound, far fewer epochs on"
                        + " ill-conditioned problems.",
                p("lr", Type.LEARNING_RATE, "auto", "the step size")));
        // Samplers
        e.add(builder(Kind.SAMPLER, "exact", "org.thermogen.runtime.exact.ExactSampler",
                "Independent exact samples: by enumeration (up to 24 units) or in closed form (Gaussians)."));
        e.add(builder(Kind.SAMPLER, "gibbs", "org.thermogen.runtime.mcmc.GibbsSampler",
                "Single-site Gibbs sampling (heat bath) with several chains in parallel.",
                p("chains", Type.INT, "8", "number of chains"),
                p("sweeps", Type.INT, "1000", "recorded sweeps per chain"),
                p("burnin", Type.INT, "100", "sweeps discarded first"),
                p("thin", Type.INT, "1", "record every thin-th sweep")));
        // Metrics
        e.add(builder(Kind.METRIC, "log_likelihood", EVAL + "LogLikelihood",
                "Mean log-likelihood per example in nats, exact (enumeration or closed form).",
                p("data", Type.DATA, null, "the data, given with `on`")));
        e.add(builder(Kind.METRIC, "log_partition", EVAL + "LogPartition", "The log partition function ln Z."));
        e.add(builder(Kind.METRIC, "kl", EVAL + "KlDivergence",
                "KL(from || to) in nats, exact: between the model and a dataset's true distribution or data.",
                p("from", Type.REFERENCE, null, "the first distribution"),
                p("to", Type.REFERENCE, null, "the second distribution")));
        e.add(builder(Kind.METRIC, "parameter_error", EVAL + "ParameterError",
                "RMS difference between the learned and the true couplings and fields.",
                p("truth", Type.DATASET, null, "a dataset with a known Boltzmann machine")));
        e.add(builder(Kind.METRIC, "moment_error", EVAL + "MomentError",
                "Largest difference between the model's and the data's first and second moments.",
                p("data", Type.DATA, null, "the data, given with `on`")));
        return Collections.unmodifiableList(e);
    }
}
