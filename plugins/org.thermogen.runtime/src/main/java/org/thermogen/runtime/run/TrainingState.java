package org.thermogen.runtime.run;

/**
 * Where a resumable training stands between two epochs: everything the rest of the run
 * depends on. A trainer that can continue ({@link org.thermogen.runtime.train.Trainer#resumable})
 * reports one after each epoch ({@link ProgressListener#state}) and, given it back, continues
 * bit-identically to a run that was never stopped: its random streams are drawn per epoch
 * from the run's seed, so the epoch number stands for them.
 *
 * @param epoch     the epochs done
 * @param theta     the parameters after them
 * @param optimizer the optimizer's state ({@link org.thermogen.runtime.train.Updater#state})
 * @param extra     what else the trainer carries between epochs (an exponential moving average
 *                  of the parameters, say); empty if nothing
 * @param columns   the names of the trainer's history ({@code epoch} first)
 * @param history   the trainer's history so far, one row per epoch: a read-only view the trainer
 *                  goes on appending to, which a listener copies if it keeps it
 */
public record TrainingState(int epoch, double[] theta, double[] optimizer, double[] extra, java.util.List<String> columns,
        java.util.List<double[]> history) {
}
