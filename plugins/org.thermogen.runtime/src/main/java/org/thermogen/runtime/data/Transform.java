package org.thermogen.runtime.data;

import java.util.Optional;

/** A change applied to every value of a dataset before it is split: scale, binarize, ... */
public interface Transform {

    /** The transform in .gen syntax: {@code scale 0.0625}. */
    String describe();

    Dataset apply(Dataset data);

    /**
     * {@link #apply(Dataset)} for a transform fitted to data ({@code standardize}): fitted on
     * the rows {@code fitRows} alone (the split's first part, the rows trained on; all rows for
     * null), applied to every row. Transforms that fit nothing ignore {@code fitRows}.
     */
    default Dataset apply(Dataset data, int[] fitRows) {
        return apply(data);
    }

    /**
     * {@link #apply(Dataset, int[])} with, from the same fit, the map from the transform's values
     * back to those it was given: how samples of a model trained on transformed data are written
     * in the data's own units. The inverse is empty if the values cannot be recovered
     * ({@code binarize}, {@code spins}).
     */
    default Fitted fit(Dataset data, int[] fitRows) {
        return new Fitted(apply(data, fitRows), Optional.empty());
    }

    /** A transform's result and, when it has one, its inverse as fitted. */
    record Fitted(Dataset result, Optional<Inverse> inverse) {
    }

    /** Undoes a fitted transform in place on rows of {@code columns} values. */
    @FunctionalInterface
    interface Inverse {
        void undo(double[] values, int columns);

        /** This inverse after {@code next}: the inverse of a chain runs from its last transform back. */
        default Inverse after(Inverse next) {
            return (values, columns) -> {
                next.undo(values, columns);
                undo(values, columns);
            };
        }
    }

    /**
     * True if each row's result depends on that row alone ({@code scale}, {@code binarize},
     * {@code spins}), so that the transform applies to any block of rows as to all of them;
     * false for one fitted to the rows ({@code standardize}).
     */
    default boolean rowWise() {
        return false;
    }

    /** True if a known generating distribution still describes the transformed data. */
    default boolean keepsTruth() {
        return false;
    }
}
