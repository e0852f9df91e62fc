package org.thermogen.runtime.rbm;

import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.train.Epochs;
import org.thermogen.runtime.train.HeldOutSettings;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;

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
 * {@code epochs 20}, {@code batch 20}, {@code monitor_every 1}.
 */
public final class PersistentContrastiveDivergence extends CdTrainer {

    private PersistentContrastiveDivergence(Builder b) {
        super("pcd", b.k, b.chains, b.optimizer, b.epochs, b.batch, b.precision, b.buildValidation("pcd"),
                b.monitorEvery);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "pcd(k " + k + ", chains " + chains + ", optimizer " + optimizer.describe() + ", epochs " + epochs
                + ", batch " + batch + describeMonitor() + describeValidation() + ")";
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        return new Builder().k(k).chains(chains).optimizer(optimizer).epochs(newEpochs).batch(batch)
                .precision(precision).monitorEvery(monitorEvery).validationOf(validation).build();
    }

    /** Settings of {@code pcd(...)}. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private int k = 1;
        private int chains = 100;
        private Optimizer optimizer = Sgd.builder().lr(Schedule.constant(0.05)).build();
        private int epochs = 20;
        private int batch = 20;
        private Precision precision = Precision.networkDefault();
        private int monitorEvery = 1;

        private Builder() {
        }

        /**
         * Epochs between the figures measured on training rows (the exact pseudo-likelihood
         * and the reconstruction error on up to 500 rows, about a quarter of an epoch's time on
         * the digits RBM): epoch 0 and the last epoch always have them, the epochs between show
         * NaN. Training is the same bits whatever the value. Default 1 (every epoch).
         */
        public Builder monitorEvery(int v) {
            this.monitorEvery = v;
            return this;
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

        /**
         * The arithmetic of the mini-batch steps for binary visible and hidden units:
         * {@code FLOAT32} on the SIMD kernels (the default, as for networks: see
         * {@link Precision#networkDefault()}), {@code FLOAT64} in exact float64 loops.
         * Parameters and the optimizer are float64 either way; spin and real units always
         * train in float64.
         */
        public Builder precision(Precision v) {
            this.precision = v;
            return this;
        }

        /** Rows per mini-batch (the last one of an epoch may be smaller). Default 20. */
        public Builder batch(int v) {
            this.batch = v;
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
