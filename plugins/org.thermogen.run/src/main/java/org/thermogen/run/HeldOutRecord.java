package org.thermogen.run;

/**
 * What a {@link HeldOutWatch} remembers of a run, saved in {@code training-state.json}: the
 * held-out figure of each epoch measured and, under {@code keep best}, the parameters of the
 * best one.
 *
 * @param column    {@code held_out_<loss>}
 * @param epochs    the epochs measured, in order
 * @param values    their figures
 * @param bestTheta the best epoch's parameters, or empty
 */
record HeldOutRecord(String column, double[] epochs, double[] values, double[] bestTheta) {
}
