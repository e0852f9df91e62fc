package org.thermogen.runtime.rbm;

import java.util.Optional;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.run.TrainingState;
import org.thermogen.runtime.train.HeldOutLoss;
import org.thermogen.runtime.train.Optimizer;
import org.thermogen.runtime.train.Trainer;
import org.thermogen.runtime.train.TrainingResult;
import org.thermogen.runtime.train.Validation;

/**
 * What {@link ContrastiveDivergence} and {@link PersistentContrastiveDivergence} share: their
 * settings, and training, continuing and measuring held-out rows through one {@link CdRun}
 * (persistent chains or, for plain CD, none). Public so that its methods are those of the
 * public trainers, reflection included; only this package extends it.
 */
public abstract class CdTrainer implements Trainer {
    final String name;
    final int k;
    /** Persistent chains, or 0 for plain CD. */
    final int chains;
    final Optimizer optimizer;
    final int epochs;
    final int batch;
    /** The arithmetic of the mini-batch steps (binary units only; others are float64). */
    final Precision precision;
    final Validation validation;
    /** Epochs between the monitor's figures on training rows (epoch 0 and the last always have them). */
    final int monitorEvery;

    CdTrainer(String name, int k, int chains, Optimizer optimizer, int epochs, int batch, Precision precision,
            Validation validation, int monitorEvery) {
        this.name = name;
        this.k = k;
        this.chains = chains;
        this.optimizer = optimizer;
        this.epochs = epochs;
        this.batch = batch;
        this.precision = precision;
        this.validation = validation;
        if (monitorEvery < 1) {
            throw new IllegalArgumentException(name + " needs monitor_every of at least 1, not " + monitorEvery);
        }
        this.monitorEvery = monitorEvery;
    }

    private CdRun run() {
        return new CdRun(this);
    }

    /**
     * @throws IllegalArgumentException if the model is not a restricted Boltzmann machine or
     *                                  the data do not fit it
     * @throws org.thermogen.runtime.train.DivergenceException if the parameters become non-finite
     */
    @Override
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, RunContext context) {
        return run().train(model, initialTheta, data, context);
    }

    /**
     * Where the sums of a mini-batch's rows are computed: on this machine (the default), or on
     * a cluster whose partitions hold the training rows ({@code org.thermogen.spark}).
     */
    public interface Gradients {
        /**
         * Adds the sums of the batch's rows to {@code terms} (zero on entry), as
         * {@link CdStep#addRows} does for all of them at once with {@code eta}'s parameters.
         *
         * @param batchRows the batch's rows as indices into the training data, in batch order:
         *                  row {@code batchRows[i]} has place {@code i} (its chain's stream)
         * @param size      rows in the batch ({@code batchRows} may be longer)
         */
        void batch(BipartiteEnergy eta, int[] batchRows, int size, long batchSeed, double[] terms);

        /**
         * The values of the training rows at {@code places}, in that order, row-major: the rows
         * the per-epoch figures are measured on, when the rows are not all here.
         */
        default double[] rows(int[] places) {
            throw new UnsupportedOperationException("these gradients fetch no rows: the training rows are all here");
        }
    }

    /**
     * As {@link #train(Model, double[], Dataset, RunContext)}, the sums of each batch's rows from
     * {@code gradients} (the training rows on a cluster): the same batches, the same draws per
     * row, the same persistent chains and optimizer steps on this machine, so the parameters
     * agree with training here up to the order in which each batch's sums are added.
     */
    public TrainingResult train(Model model, double[] initialTheta, Dataset data, Gradients gradients,
            RunContext context) {
        return train(model, initialTheta, data, data.rows(), gradients, context);
    }

    /**
     * {@link #train(Model, double[], Dataset, Gradients, RunContext)} for {@code rows} training
     * rows that {@code gradients} reads where they are (a cluster's executors), of which
     * {@code sample} is the part held here: the batches are drawn from all {@code rows}, the rows
     * the per-epoch figures are measured on are fetched from there ({@link Gradients#rows}), and
     * the sample serves the check of the data's width.
     */
    public TrainingResult train(Model model, double[] initialTheta, Dataset sample, int rows, Gradients gradients,
            RunContext context) {
        return run().train(model, initialTheta, null, sample, rows, java.util.Objects.requireNonNull(gradients),
                context);
    }

    /** The arithmetic of the mini-batch steps of binary units ({@link CdStep}). */
    public Precision precision() {
        return precision;
    }

    /** Block-Gibbs sweeps per chain and step. */
    public int k() {
        return k;
    }

    /** Persistent chains, or 0 for plain CD. */
    public int chains() {
        return chains;
    }

    /** Rows per mini-batch. */
    public int batch() {
        return batch;
    }

    @Override
    public Optional<Validation> validation() {
        return Optional.ofNullable(validation);
    }

    @Override
    public boolean measuresHeldOut() {
        return true;
    }

    /**
     * The loss on {@code rows}: for a binary or spin RBM with a layer of at most 16 units their
     * exact negative log-likelihood, else their negative mean pseudo-log-likelihood, or for real
     * visibles their reconstruction error.
     */
    @Override
    public HeldOutLoss heldOutLoss(Model model, Dataset rows, RunContext context) {
        return CdRun.heldOutLoss(model, rows, context, name);
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
        return run().train(model, from.theta(), from, data, null, context);
    }

    /** {@code ", monitor_every N"} when not every epoch, for {@code describe()}. */
    String describeMonitor() {
        return monitorEvery == 1 ? "" : ", monitor_every " + monitorEvery;
    }

    /** The validation's settings in .gen syntax, for {@code describe()}: empty without one. */
    String describeValidation() {
        return validation == null ? "" : validation.describe();
    }
}
