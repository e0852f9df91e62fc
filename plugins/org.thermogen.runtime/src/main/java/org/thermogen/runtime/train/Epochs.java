package org.thermogen.runtime.train;

/**
 * The one rule on a trainer's number of epochs, which every trainer's builder applies (so
 * {@code thermogen check} refuses at the token what a run would): at least one, and at most
 * {@link #MAX}. The upper bound is what a run can keep and finish: each epoch adds a row of
 * figures to the history behind {@code metrics.csv} and {@code loss.png}, and an epoch count
 * of billions (a slip of an exponent: {@code epochs 2e9}) would run until killed.
 */
public final class Epochs {
    /** The most epochs one run trains: a million rows of history, a few tens of megabytes. */
    public static final int MAX = 1_000_000;

    private Epochs() {
    }

    /**
     * Returns {@code epochs} if it is within {@code [1, MAX]}.
     *
     * @param trainer the trainer's name in .gen syntax, for the message
     * @throws IllegalArgumentException naming the figure, the limit and what to do
     */
    public static int require(String trainer, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException(trainer + " needs epochs of at least 1, not " + epochs);
        }
        if (epochs > MAX) {
            throw new IllegalArgumentException(trainer + " trains at most " + MAX + " epochs in one run, not " + epochs
                    + " (each epoch keeps a row of figures for metrics.csv and loss.png): use fewer epochs, or train in"
                    + " parts and continue from the checkpoint");
        }
        return epochs;
    }
}
