package org.thermogen.runtime.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A dataset as loaded: all rows, the named parts of its split, and its truth if known. When
 * the rows live elsewhere (a cluster's partitions), {@link #all} and the parts are the sample of
 * them this JVM holds, and {@link #elsewhere} gives the whole.
 */
public final class LoadedDataset {
    private final Dataset all;
    private final Map<String, Dataset> parts;
    private final GroundTruth truth;
    private final Transform.Inverse toSource;
    /** The rows kept elsewhere, by part name (null for all rows); empty when every row is here. */
    private final Map<String, DistributedRows> elsewhere;

    public LoadedDataset(Dataset all, Map<String, Dataset> parts, GroundTruth truth) {
        this(all, parts, truth, null);
    }

    /**
     * @param toSource undoes the dataset's transforms (as fitted), or null when it has none or
     *                 one of them cannot be undone
     */
    public LoadedDataset(Dataset all, Map<String, Dataset> parts, GroundTruth truth, Transform.Inverse toSource) {
        this(all, parts, truth, toSource, Map.of());
    }

    /**
     * Rows that live elsewhere, of which {@code all} and {@code parts} are the sample held here
     * (every row of a part whose rows are few enough).
     *
     * @param elsewhere the rows kept elsewhere by part name, null for all rows
     */
    public LoadedDataset(Dataset all, Map<String, Dataset> parts, GroundTruth truth, Transform.Inverse toSource,
            Map<String, DistributedRows> elsewhere) {
        this.all = all;
        this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        this.truth = truth;
        this.toSource = toSource;
        this.elsewhere = Collections.unmodifiableMap(new java.util.HashMap<>(elsewhere));
    }

    /**
     * The rows of a part (every row for a null name) where they live when that is not here,
     * and {@link #part} holds only a sample of them; empty when {@link #part} holds every row.
     */
    public Optional<DistributedRows> elsewhere(String part) {
        DistributedRows rows = elsewhere.get(part);
        return rows == null || rows.rows() == part(part).rows() ? Optional.empty() : Optional.of(rows);
    }

    /** The number of rows of a part (every row for a null name), wherever they are. */
    public int rows(String part) {
        DistributedRows rows = elsewhere.get(part);
        return rows != null ? rows.rows() : part(part).rows();
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
