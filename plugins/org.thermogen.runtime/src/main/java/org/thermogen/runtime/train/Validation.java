package org.thermogen.runtime.train;

import java.util.Objects;
import org.thermogen.runtime.data.DatasetDefinition;

/**
 * Held-out rows a training is measured on after every epoch, and what to do with the figure
 * ({@code validation Digits.test}, {@code keep best}, {@code patience 10} among a trainer's
 * settings). The trainer supplies the figure ({@link Trainer#heldOutLoss}: its own loss on
 * those rows, lower is better); the job that runs it records the figure as the history's
 * {@code held_out_<loss>} column, keeps the parameters of the best epoch when
 * {@link #keepBest()}, and stops once {@link #patience()} epochs have passed without a better
 * figure.
 *
 * @param data     the dataset
 * @param part     the part of its split, or null for all its rows
 * @param keepBest whether the parameters kept are those of the epoch with the best held-out
 *                 figure ({@code keep best}) rather than the last ({@code keep last}, the default)
 * @param patience epochs without a better held-out figure after which training stops early;
 *                 0 never stops early
 */
public record Validation(DatasetDefinition data, String part, boolean keepBest, int patience) {

    /** What to keep when training ends: {@code keep best} or {@code keep last}. */
    public enum Keep {
        /** The parameters of the epoch with the best held-out figure. */
        BEST,
        /** The parameters of the last epoch (the default). */
        LAST
    }

    public Validation {
        Objects.requireNonNull(data, "data");
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be at least 0 (0: never stop early), not " + patience);
        }
    }

    /** The data as a .gen file names it: {@code Digits.test}. */
    public String where() {
        return data.name() + (part == null ? "" : "." + part);
    }

    /** The settings in .gen syntax, for a trainer's {@code describe()}: {@code , validation Digits.test, keep best}. */
    public String describe() {
        return ", validation " + where() + (keepBest ? ", keep best" : "") + (patience > 0 ? ", patience " + patience : "");
    }

    /** The name of the held-out column for a trainer whose loss is {@code loss}. */
    public static String column(String loss) {
        return "held_out_" + loss;
    }
}
