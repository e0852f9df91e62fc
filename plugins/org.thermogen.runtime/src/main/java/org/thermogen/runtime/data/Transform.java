package org.thermogen.runtime.data;

/** A change applied to every value of a dataset before it is split: scale, binarize, ... */
public interface Transform {

    /** The transform in .gen syntax: {@code scale 0.0625}. */
    String describe();

    Dataset apply(Dataset data);

    /** True if a known generating distribution still describes the transformed data. */
    default boolean keepsTruth() {
        return false;
    }
}
