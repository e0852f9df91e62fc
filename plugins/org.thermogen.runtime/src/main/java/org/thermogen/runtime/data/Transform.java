package org.thermogen.runtime.data;

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

    /** True if a known generating distribution still describes the transformed data. */
    default boolean keepsTruth() {
        return false;
    }
}
