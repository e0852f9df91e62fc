package org.thermogen.runtime.rbm;

import java.util.Optional;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.Epochs;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Validation;

/**
 * Persistent contrastive divergence (Tieleman 2008) for restricted Boltzmann machines,
 * {@code pcd(k 1, chains 100) { optimizer sgd(lr 0.05) epochs 20 batch 20 }}: like
 * {@link ContrastiveDivergence}, but the model term comes from {@code chains} block-Gibbs
 * chains that persist across mini-batches and advance {@code k} sweeps per mini-batch, so
 * they track the model instead of restarting at the data. The chains start from uniformly
 * random visible states (for real visibles: random hiddens, then visibles given them),
 * chain {@code i} drawing from the {@code i}-th stream split from
 * {@code context.random("train.chains")}; during epoch {@code e} it draws from the
 * {@code i}-th chain stream split from {@code context.random("train, epoch e")}, and the chains'
 * hidden states travel with a saved run, so {@link #resume} continues bit-identically. A chain's hidden states for the next mini-batch
 * are drawn from the hidden means its visibles got for this mini-batch's gradient, that is
 * under the parameters before this step's update (as scikit-learn's {@code BernoulliRBM}
 * does): it saves a matrix product and an exponential per hidden unit, and differs from a
 * draw under the new parameters by one learning-rate step. Shuffling, history and loss are
 * those of {@link ContrastiveDivergence}.
 *
 * <p>Settings and defaults: {@code k 1}, {@code chains 100}, {@code optimizer sgd(lr 0.05)},
 * {@code epochs 20}, {@code batch 20}.
 */
public final class PersistentContrastiveDivergence implements Trainer {
    private final int k;
    private final int chains;
    private final Optimizer optimizer;
    private final int epochs;
    private final int batch;
    private final Validation validation;

    private PersistentContrastiveDivergence(Builder b) {
        this.k = b.k;
        this.chains = b.chains;
        this.optimizer = b.optimizer;
        this.epochs = b.epochs;
        this.batch = b.batch;
        this.validation = b.held.build("pcd");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "pcd(k " + k + ", chains " + chains + ", optimizer " + optimizer.describe() + ", epochs " + epochs
                + ", batch " + batch
                + (validation == null ? "" : validation.describe()) + ")";
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        Builder b = new Builder().k(k).chains(chains).optimizer(optimizer).epochs(newEpochs).batch(batch);
        b.held.copy(validation);
        return b.build();
    }

    /**
     * @throws IllegalArgumentException if the model is not a restricted Boltzmann machine or
     *                                  the data do not fit it
     * @throws org.thermogen.runtime.train.DivergenceException if the parameters become non-finite
     */
    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return new CdRun("pcd", k, chains, optimizer, epochs, batch).train(model, initialTheta, data, context);
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /** The loss on {@code rows}: their negative mean pseudo-log-likelihood, or for real visibles their reconstruction error. */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        return CdRun.heldOutLoss(model, rows, context, "pcd");
    }

    @Override
    public boolean resumable() {
        return true;
    }

    /**
     * @throws IllegalArgumentException if the state is not one of this trainer on this model
     */
    @Override
    public TrainingResult resume(Model model, TrainingState from, Dataset data, RunContext context) {
        return new CdRun("pcd", k, chains, optimizer, epochs, batch).train(model, from.theta(), from, data, context);
    }

    /** Settings of {@code pcd(...)}. */
    public static final class Builder {
        private int k = 1;
        private int chains = 100;
        private Optimizer optimizer = Sgd.builder().lr(Schedule.constant(0.05)).build();
        private int epochs = 20;
        private int batch = 20;
        private final Validation.Settings held = new Validation.Settings();

        private Builder() {
        }

        /** Block-Gibbs sweeps of every chain per mini-batch. Default 1. */
        public Builder k(int v) {
            this.k = v;
            return this;
        }

        /** Persistent chains. Default 100. */
        public Builder chains(int v) {
            this.chains = v;
            return this;
        }

        /** The step rule. Default {@code sgd(lr 0.05)}. */
        public Builder optimizer(Optimizer v) {
            this.optimizer = v;
            return this;
        }

        /** Passes over the data. Default 20. */
        public Builder epochs(int v) {
            this.epochs = v;
            return this;
        }

        /** Rows per mini-batch (the last one of an epoch may be smaller). Default 20. */
        public Builder batch(int v) {
            this.batch = v;
            return this;
        }

        /** Held-out rows to measure the loss on after every epoch ({@code validation Digits.test}). */
        public Builder validation(DatasetDefinition dataset, String part) {
            this.held.data(dataset, part);
            return this;
        }

        /** {@code keep best}: the parameters of the best held-out epoch; {@code keep last} (the default). */
        public Builder keep(Validation.Keep v) {
            this.held.keep(v);
            return this;
        }

        /** Stop after this many epochs without a better held-out figure; 0 (the default) never stops early. */
        public Builder patience(int v) {
            this.held.patience(v);
            return this;
        }

        public PersistentContrastiveDivergence build() {
            Optimizer.requireStochastic(optimizer, "pcd", "sgd(lr 0.05)");
            if (k < 1) {
                throw new IllegalArgumentException("pcd needs k of at least 1, not " + k);
            }
            if (chains < 1) {
                throw new IllegalArgumentException("pcd needs chains of at least 1, not " + chains);
            }
            Epochs.require("pcd", epochs);
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, not " + batch);
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("pcd needs an optimizer, such as sgd(lr 0.05)");
            }
            return new PersistentContrastiveDivergence(this);
        }
    }
}
