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

    /**
     * What every trainer's {@code resume} asks first: that this state is one of its runs on
     * the model, in the same words for all. The trainer then checks what only it carries
     * ({@link #extra}, its optimizer's state).
     *
     * @param trainer     the trainer, for the messages ({@code describe()})
     * @param model       the model's name
     * @param parameters  its number of parameters
     * @param epochs      the trainer's epochs: the state stands after 0 to that many
     * @param columns     the trainer's history columns
     * @param startRow    true if the history keeps a row for epoch 0 (the start)
     * @throws IllegalArgumentException naming the first thing that does not match
     */
    public void requireOf(String trainer, String model, int parameters, int epochs, java.util.List<String> columns,
            boolean startRow) {
        if (theta.length != parameters) {
            throw new IllegalArgumentException("the saved run has " + theta.length + " parameters, " + model + " has "
                    + parameters + ": it was saved from another model");
        }
        if (epoch < 0 || epoch > epochs) {
            throw new IllegalArgumentException("the saved run stopped after epoch " + epoch + ", outside the " + epochs
                    + " epochs of " + trainer);
        }
        if (history.size() != epoch + (startRow ? 1 : 0) || !this.columns.equals(columns)) {
            throw new IllegalArgumentException("the saved run's history is not that of " + epoch + " epochs of "
                    + trainer);
        }
    }
}
