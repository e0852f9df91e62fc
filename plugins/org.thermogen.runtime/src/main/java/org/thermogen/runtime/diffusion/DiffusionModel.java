package org.thermogen.runtime.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelOutline;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.Initialization;
import org.thermogen.runtime.nn.Mlp;
import org.thermogen.runtime.nn.MlpSpec;
import org.thermogen.runtime.nn.TimeEmbedding;
import org.thermogen.runtime.nn.Workspace;

/**
 * A diffusion model whose denoiser is a multi-layer perceptron, {@code diffusion with
 * Cosine denoiser Eps predicts noise}: the network reads a point {@code x_t} followed by the
 * sinusoidal {@link TimeEmbedding embedding} of its timestep {@code t} (1 .. T, as an
 * ordinary number) and outputs one value per coordinate, read as the noise, the clean point
 * or the velocity ({@link Prediction}). Immutable; the parameters are a separate flat vector
 * ({@link #spec()} names them {@code name.l.W}, {@code name.l.b}), so checkpoints and the
 * optimizers of {@code org.thermogen.runtime.train} work on it unchanged.
 *
 * <pre>{@code
 * DiffusionModel model = DiffusionModel.builder("Moons", 2)
 *         .schedule(NoiseSchedule.cosine(200))
 *         .timeEmbedding(16)
 *         .hidden(64, Activation.SILU).hidden(64, Activation.SILU)
 *         .predicts(Prediction.EPSILON)
 *         .build();
 * double[] theta = model.initialParameters(new SplittableRandom(1));
 * TrainingResult trained = DenoiserTraining.builder().epochs(100).build().train(model, theta, data, context);
 * DiffusionSamples samples = new Ddim(50, 0).sample(model.schedule(), model.denoiser(trained.theta()), 1000, context);
 * }</pre>
 */
public final class DiffusionModel implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** What it was built from: its serialized form, built again where it is read (a cluster's task). */
    private final Builder recipe;

    private final String name;
    private final int dimension;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final TimeEmbedding embedding;
    private final Mlp network;
    private final boolean learnedTime;
    private final int tableOffset;
    private final Initialization initialization;
    private final ModelSpec spec;
    private volatile double[] sinusoids;

    private DiffusionModel(Builder b) {
        this.recipe = b.copy();
        this.name = b.name;
        this.dimension = b.dimension;
        this.schedule = Objects.requireNonNull(b.schedule, "a diffusion model needs a noise schedule");
        this.prediction = b.prediction;
        this.embedding = new TimeEmbedding(b.embedding);
        MlpSpec.Builder mlp = MlpSpec.input(dimension + b.embedding);
        for (int i = 0; i < b.widths.size(); i++) {
            mlp.hidden(b.widths.get(i), b.activations.get(i));
        }
        this.network = new Mlp(b.network == null ? name : b.network, mlp.output(dimension, Activation.IDENTITY).build(), 0,
                b.precision);
        this.learnedTime = b.learnedTime;
        this.tableOffset = network.end();
        this.initialization = b.initialization;
        this.spec = declare(ModelSpec.builder(name)).build();
    }

    /**
     * Declares this model's parameters in {@code builder}, where generated model classes build
     * their spec: the network's weights and biases, then for a learned time embedding the table
     * {@code NET.time} ({@code T x W}, starting as the sinusoidal embedding).
     */
    public ModelSpec.Builder declare(ModelSpec.Builder builder) {
        network.declare(builder, initialization);
        if (learnedTime) {
            int steps = schedule.steps();
            int w = embedding.dimension();
            double[] table = new double[steps * w];
            for (int t = 1; t <= steps; t++) {
                embedding.embed(t, table, (t - 1) * w);
            }
            builder.param(network.name() + ".time", org.thermogen.runtime.model.Shape.of(steps, w),
                    org.thermogen.runtime.model.Init.values(table), false);
        }
        return builder;
    }

    /** Whether the time embedding is a trained table (one row per step) rather than the sinusoidal one. */
    public boolean learnedTime() {
        return learnedTime;
    }

    /**
     * Writes the embedding of step {@code t} ({@code 1 <= t <= T}) under parameters {@code theta}
     * into {@code out[offset ..]}: the sinusoidal one, or row {@code t} of the learned table.
     */
    public void embed(double[] theta, int t, double[] out, int offset) {
        int w = embedding.dimension();
        if (learnedTime) {
            System.arraycopy(theta, tableOffset + (t - 1) * w, out, offset, w);
        } else {
            System.arraycopy(sinusoids(), (t - 1) * w, out, offset, w);
        }
    }

    /**
     * The sinusoidal embedding of every step, made on first use: sampling embeds one step for
     * every row, 1000 steps over, and its sines and cosines had cost more than the network.
     */
    private double[] sinusoids() {
        double[] table = sinusoids;
        if (table == null) {
            int w = embedding.dimension();
            int steps = schedule.steps();
            table = new double[steps * w];
            for (int t = 1; t <= steps; t++) {
                embedding.embed(t, table, (t - 1) * w);
            }
            sinusoids = table;   // the same values whichever thread makes them first
        }
        return table;
    }

    /**
     * The forward process at the given steps and noise, row by row: {@code xt = sqrt(alphabar_t) x0
     * + sqrt(1 - alphabar_t) eps} and the network's target for it (the noise, {@code x0} or the
     * velocity, as the model predicts).
     */
    public void noise(double[] x0, int[] t, double[] eps, int rows, double[] xt, double[] target) {
        int d = dimension;
        for (int r = 0; r < rows; r++) {
            double a = schedule.sqrtAlphaBar(t[r]);
            double s = schedule.sqrtOneMinusAlphaBar(t[r]);
            for (int j = r * d, e = 0; e < d; j++, e++) {
                xt[j] = a * x0[j] + s * eps[j];
                target[j] = prediction.target(x0[j], eps[j], a, s);
            }
        }
    }

    /**
     * The squared error of the network's predictions for {@code rows} rows against their targets,
     * times {@code scale}/2 (so {@code scale = 2 / (rows d)} gives the mean squared error), and
     * its gradient added to {@code grad}: the network's weights and, for a learned time embedding,
     * the table rows of the steps used. Work buffers come from the caller: {@code in} holds
     * {@code rows} network inputs, {@code dOut} {@code rows * d} values, {@code dIn} {@code rows}
     * inputs (used only for a learned embedding), {@code ws} a workspace for {@code rows} rows.
     * Returns the plain sum of squared errors.
     */
    public double squaredErrorGradient(double[] theta, double[] xt, int[] t, double[] target, int from, int rows,
            double scale, double[] in, Workspace ws, double[] dOut, double[] dIn, double[] grad) {
        int d = dimension;
        int width = network.spec().inputSize();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(xt, (from + r) * d, in, r * width, d);
            embed(theta, t[from + r], in, r * width + d);
        }
        network.forward(theta, in, rows, ws);
        double[] out = ws.output();
        double sum = 0;
        for (int i = 0; i < rows * d; i++) {
            double diff = out[i] - target[from * d + i];
            sum += diff * diff;
            dOut[i] = scale * diff;
        }
        network.backward(theta, dOut, rows, ws, grad, learnedTime ? dIn : null);
        if (learnedTime) {
            int w = embedding.dimension();
            for (int r = 0; r < rows; r++) {
                int row = tableOffset + (t[from + r] - 1) * w;
                for (int k = 0; k < w; k++) {
                    grad[row + k] += dIn[r * width + d + k];
                }
            }
        }
        return sum;
    }

    /** A model of points with {@code dimension} coordinates. */
    public static Builder builder(String name, int dimension) {
        return new Builder(name, dimension);
    }

    public String name() {
        return name;
    }

    /** Coordinates of one point. */
    public int dimension() {
        return dimension;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public Prediction prediction() {
        return prediction;
    }

    public TimeEmbedding timeEmbedding() {
        return embedding;
    }

    /** The denoising network; its parameters start at index 0. */
    public Mlp network() {
        return network;
    }

    /** The parameters, for optimizers and checkpoints. */
    public ModelSpec spec() {
        return spec;
    }

    /** Number of parameters. */
    public int parameterCount() {
        return spec.paramSize();
    }

    /** Fresh parameters: weights by the builder's initialisation, biases zero. */
    public double[] initialParameters(SplittableRandom random) {
        return spec.initialParameters(random);
    }

    /** The model in .gen syntax. */
    public String describe() {
        return "diffusion " + name + " with " + schedule.describe() + " denoiser " + network.spec().describe()
                + " time_embedding " + embedding.dimension() + (learnedTime ? " learned" : "") + " predicts " + prediction.genName();
    }

    /**
     * The denoiser with parameters {@code theta} (copied), evaluating batches of up to 256
     * rows at a time in its own work buffers.
     */
    public Denoiser denoiser(double[] theta) {
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException(name + " has " + parameterCount() + " parameters, not " + theta.length);
        }
        return new MlpDenoiser(this, theta.clone(), 256);
    }

    /** Written as its recipe: the networks and tables are made again from it where it is read. */
    private Object writeReplace() {
        return recipe;
    }

    /** Settings of a diffusion model. */
    public static final class Builder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** A recipe read back is the model it describes. */
        private Object readResolve() {
            return build();
        }

        private final String name;
        private final int dimension;
        private NoiseSchedule schedule;
        private Prediction prediction = Prediction.EPSILON;
        private int embedding = 16;
        private final ArrayList<Integer> widths = new ArrayList<>();
        private final ArrayList<Activation> activations = new ArrayList<>();
        private Initialization initialization = Initialization.DEFAULT;
        private String network;
        private boolean learnedTime;
        private Precision precision = Precision.networkDefault();

        private Builder(String name, int dimension) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a diffusion model needs a name");
            }
            if (dimension < 1) {
                throw new IllegalArgumentException("a diffusion model needs a dimension of at least 1, not " + dimension);
            }
            this.name = name;
            this.dimension = dimension;
        }

        /** The arithmetic of the denoising network. Default: {@link Precision#networkDefault()}. */
        public Builder precision(Precision p) {
            this.precision = Objects.requireNonNull(p, "precision");
            return this;
        }

        /** The name of the denoising network, which names its parameters. Default: the model's name. */
        public Builder network(String v) {
            this.network = v;
            return this;
        }

        public Builder schedule(NoiseSchedule s) {
            this.schedule = s;
            return this;
        }

        /** What the network outputs. Default {@link Prediction#EPSILON}. */
        public Builder predicts(Prediction p) {
            this.prediction = Objects.requireNonNull(p);
            return this;
        }

        /** Components of the time embedding, even. Default 16. */
        public Builder timeEmbedding(int components) {
            this.embedding = components;
            return this;
        }

        /**
         * Learns the time embedding: a table of one row per step, initialised with the sinusoidal
         * embedding and trained with the network ({@code time(W learned)}). Default false.
         */
        public Builder learnedTime(boolean v) {
            this.learnedTime = v;
            return this;
        }

        /** Appends a hidden layer. Without any the network is affine. */
        public Builder hidden(int width, Activation activation) {
            widths.add(width);
            activations.add(Objects.requireNonNull(activation));
            return this;
        }

        /** Weight initialisation. Default {@link Initialization#DEFAULT}. */
        public Builder initialization(Initialization i) {
            this.initialization = Objects.requireNonNull(i);
            return this;
        }

        public DiffusionModel build() {
            return new DiffusionModel(this);
        }

        /** The same settings, kept by a model so that changing this builder later changes nothing built. */
        private Builder copy() {
            Builder c = new Builder(name, dimension);
            c.schedule = schedule;
            c.prediction = prediction;
            c.embedding = embedding;
            c.widths.addAll(widths);
            c.activations.addAll(activations);
            c.initialization = initialization;
            c.network = network;
            c.learnedTime = learnedTime;
            c.precision = precision;
            return c;
        }
    }

    /**
     * The diffusion model of {@code model}.
     *
     * @param who what needs it, for the message: {@code "ddpm(steps 1000)"}, {@code "bits_per_dim"}
     * @throws IllegalArgumentException if {@code model} is not a diffusion model
     */
    public static DiffusionModel of(Model model, String who) {
        ModelOutline.require(refusal(ModelOutline.of(model), who));
        return model.requireCapability(DiffusionModel.class, who);
    }

    /** Why {@code who} cannot serve {@code model}: it is not a diffusion model. Empty if it is. */
    public static Optional<String> refusal(ModelOutline model, String who) {
        return model.offers(DiffusionModel.class) ? Optional.empty()
                : Optional.of(who + " samples diffusion models (`diffusion with S denoiser N`); " + model.name() + " is a "
                        + model.description());
    }
}
