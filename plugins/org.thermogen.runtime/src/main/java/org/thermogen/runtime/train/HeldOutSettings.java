package org.thermogen.runtime.train;

import java.util.Objects;
import org.thermogen.runtime.data.DatasetDefinition;

/**
 * The held-out settings of a trainer's builder, {@code validation Digits.test},
 * {@code keep best} and {@code patience 10}, written once for every trainer that measures
 * held-out rows ({@link Trainer#measuresHeldOut}): its builder extends this class.
 *
 * @param <B> the builder, returned by each setting so that settings chain
 */
public abstract class HeldOutSettings<B extends HeldOutSettings<B>> {
    private DatasetDefinition data;
    private String part;
    private Validation.Keep keep = Validation.Keep.LAST;
    private int patience;

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** Held-out rows to measure the loss on after every epoch ({@code validation Digits.test}). */
    public B validation(DatasetDefinition dataset, String partName) {
        this.data = dataset;
        this.part = partName;
        return self();
    }

    /** {@code keep best}: the parameters of the best held-out epoch; {@code keep last} (the default). */
    public B keep(Validation.Keep v) {
        this.keep = Objects.requireNonNull(v, "keep");
        return self();
    }

    /** Stop after this many epochs without a better held-out figure; 0 (the default) never stops early. */
    public B patience(int v) {
        this.patience = v;
        return self();
    }

    /** The same settings as {@code v} (none for null): what a trainer's {@code withEpochs} carries over. */
    public B validationOf(Validation v) {
        if (v != null) {
            validation(v.data(), v.part());
            keep(v.keepBest() ? Validation.Keep.BEST : Validation.Keep.LAST);
            patience(v.patience());
        }
        return self();
    }

    /**
     * The validation, or null without held-out rows.
     *
     * @throws IllegalArgumentException for {@code keep best} or {@code patience} without
     *                                  {@code validation}, or a negative patience
     */
    public Validation buildValidation(String trainer) {
        if (data == null) {
            if (keep == Validation.Keep.BEST) {
                throw new IllegalArgumentException(trainer + " keeps the best epoch by a held-out figure: add"
                        + " validation Dataset.part (rows not trained on), or remove keep best");
            }
            if (patience != 0) {
                throw new IllegalArgumentException(trainer + " stops early when a held-out figure stops improving:"
                        + " add validation Dataset.part (rows not trained on), or remove patience");
            }
            return null;
        }
        return new Validation(data, part, keep == Validation.Keep.BEST, patience);
    }
}
