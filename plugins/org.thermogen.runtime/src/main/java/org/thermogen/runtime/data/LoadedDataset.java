package org.thermogen.runtime.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A dataset as loaded: all rows, the named parts of its split, and its truth if known. */
public final class LoadedDataset {
    private final Dataset all;
    private final Map<String, Dataset> parts;
    private final GroundTruth truth;
    private final Transform.Inverse toSource;

    public LoadedDataset(Dataset all, Map<String, Dataset> parts, GroundTruth truth) {
        this(all, parts, truth, null);
    }

    /**
     * @param toSource undoes the dataset's transforms (as fitted), or null when it has none or
     *                 one of them cannot be undone
     */
    public LoadedDataset(Dataset all, Map<String, Dataset> parts, GroundTruth truth, Transform.Inverse toSource) {
        this.all = all;
        this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        this.truth = truth;
        this.toSource = toSource;
    }

    /**
     * The map from the dataset's values (what a model trains on) back to its source's units,
     * when it has transforms and all of them can be undone ({@code scale}, {@code standardize},
     * fitted as they were); empty otherwise.
     */
    public Optional<Transform.Inverse> toSource() {
        return Optional.ofNullable(toSource);
    }


    public Dataset all() {
        return all;
    }

    /** Part names in split order. */
    public Map<String, Dataset> parts() {
        return parts;
    }

    /**
     * A part of the split by name, or every row for a null name.
     *
     * @throws IllegalArgumentException naming the parts that exist
     */
    public Dataset part(String name) {
        if (name == null) {
            return all;
        }
        Dataset d = parts.get(name);
        if (d == null) {
            throw new IllegalArgumentException(all.name() + " has no part '" + name + "'"
                    + (parts.isEmpty() ? " (it is not split)" : "; its parts are " + String.join(", ", parts.keySet())));
        }
        return d;
    }

    public Optional<GroundTruth> truth() {
        return Optional.ofNullable(truth);
    }
}
