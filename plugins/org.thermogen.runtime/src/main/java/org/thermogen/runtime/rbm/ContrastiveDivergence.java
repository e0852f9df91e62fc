package org.thermogen.runtime.rbm;

import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.train.Epochs;
import org.thermogen.runtime.train.HeldOutSettings;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Sgd;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.Validation;

/**
 * Contrastive divergence (Hinton 2002) for restricted Boltzmann machines,
 * {@code cd(k 1) { optimizer sgd(lr 0.05) epochs 20 batch 20 }}: for every mini-batch a
 * block-Gibbs chain starts at each data row and runs {@code k} sweeps; the gradient of the
 * negative log-likelihood is approximated by the data term (hidden means given the rows)
 * minus the chains' term (their visibles with hidden means given them), mapped to the
 * parameters through the generated adjoint and {@link org.thermogen.runtime.model.Constraints#project},
 * then handed to the optimizer.
 *
 * <p>Mini-batches come from a fresh shuffle of the rows every epoch; the shuffle and the
 * chains' streams (one per mini-batch position) of epoch {@code e} are split from
 * {@code context.random("train, epoch e")}, so a run stopped after an epoch continues
 * ({@link #resume}) bit-identically to one never stopped. The history has one
 * row per epoch (epoch 0 is the start): {@code pseudo_likelihood}, the loss, holds the
 * <em>negative</em> mean pseudo-log-likelihood per example (exact, summed over all visible
 * units, on up to 500 training rows fixed at the start, evenly spaced), and
 * {@code reconstruction_error} the mean squared error per unit of the mean-field
 * reconstruction on the same rows. For real (Gaussian-Bernoulli) visibles, whose
 * pseudo-likelihood has no closed form, the reconstruction error is the loss and the only
 * figure.
 *
 * <p>Settings and defaults: {@code k 1}, {@code optimizer sgd(lr 0.05)}, {@code epochs 20},
 * {@code batch 20}, {@code monitor_every 1}.
 */
public final class ContrastiveDivergence extends CdTrainer {

    private ContrastiveDivergence(int k, Optimizer optimizer, int epochs, int batch, Precision precision,
            Validation validation, int monitorEvery) {
        super("cd", k, 0, optimizer, epochs, batch, precision, validation, monitorEvery);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "cd(k " + k + ", optimizer " + optimizer.describe() + ", epochs " + epochs + ", batch " + batch
                + describeMonitor() + describeValidation() + ")";
    }

    @Override
    public Trainer withEpochs(int newEpochs) {
        return new Builder().k(k).optimizer(optimizer).epochs(newEpochs).batch(batch).precision(precision)
                .monitorEvery(monitorEvery).validationOf(validation).build();
    }

    /** Settings of {@code cd(...)}. */
    public static final class Builder extends HeldOutSettings<Builder> {
        private int k = 1;
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


        /** Block-Gibbs sweeps per chain and mini-batch. Default 1. */
        public Builder k(int v) {
            this.k = v;
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


        public ContrastiveDivergence build() {
            Optimizer.requireStochastic(optimizer, "cd", "sgd(lr 0.05)");
            if (k < 1) {
                throw new IllegalArgumentException("cd needs k of at least 1, not " + k);
            }
            Epochs.require("cd", epochs);
            if (batch < 1) {
                throw new IllegalArgumentException("batch must be at least 1, not " + batch);
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("cd needs an optimizer, such as sgd(lr 0.05)");
            }
            return new ContrastiveDivergence(k, optimizer, epochs, batch, precision, buildValidation("cd"), monitorEvery);
        }
    }
}
