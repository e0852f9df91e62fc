package org.thermogen.runtime.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A {@code dataset} declaration: a source, transforms applied in order, and an optional
 * seeded split into named parts. Generated dataset classes hold one:
 *
 * <pre>{@code
 * DatasetDefinition spins = DatasetDefinition.builder("Spins16", "ising.gen", 4)
 *         .source(BoltzmannSamplesSource.builder().units(16).n(5000).seed(42).build())
 *         .split(0, "train", 0.8, "test", 0.2)
 *         .build();
 * LoadedDataset data = spins.load(Path.of("examples"));
 * Dataset train = data.part("train");
 * }</pre>
 *
 * Loading is deterministic: the split shuffles with its own seed (0 unless given).
 */
public final class DatasetDefinition {
    private final String name;
    private final String sourceFile;
    private final int sourceLine;
    private final DataSource source;
    private final List<Transform> transforms;
    private final long splitSeed;
    private final List<String> partNames;
    private final double[] fractions;

    private DatasetDefinition(Builder b) {
        this.name = b.name;
        this.sourceFile = b.sourceFile;
        this.sourceLine = b.sourceLine;
        this.source = b.source;
        this.transforms = List.copyOf(b.transforms);
        this.splitSeed = b.splitSeed;
        this.partNames = List.copyOf(b.partNames);
        this.fractions = b.fractions.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static Builder builder(String name, String sourceFile, int sourceLine) {
        return new Builder(name, sourceFile, sourceLine);
    }

    public String name() {
        return name;
    }

    public String sourceFile() {
        return sourceFile;
    }

    public int sourceLine() {
        return sourceLine;
    }

    public DataSource source() {
        return source;
    }

    public List<Transform> transforms() {
        return transforms;
    }

    public List<String> partNames() {
        return partNames;
    }

    /**
     * The same declaration reading its rows from {@code other} ({@code thermogen run --data
     * FILE}): the same transforms, fitted on the same part, and the same split of the rows
     * {@code other} gives.
     */
    public DatasetDefinition withSource(DataSource other) {
        Builder b = new Builder(name, sourceFile, sourceLine);
        b.source = java.util.Objects.requireNonNull(other);
        b.transforms.addAll(transforms);
        b.splitSeed = splitSeed;
        b.partNames.addAll(partNames);
        for (double f : fractions) {
            b.fractions.add(f);
        }
        return new DatasetDefinition(b);
    }

    /** Reads the source, applies the transforms and splits. */
    public LoadedDataset load(Path baseDirectory) {
        Dataset all = source.read(baseDirectory, name);
        // Transforms keep the columns: the source's names stay theirs.
        List<String> names = all.columnNames().orElse(null);
        // The split depends on the number of rows alone, which no transform changes: its first
        // part is known before the transforms, which fit on it (no held-out row leaks in).
        int[] trainRows = partNames.isEmpty() ? null : partRows(all.rows()).get(0);
        boolean truthKept = true;
        // The way back to the source's units, fitted as each transform is: present only if every
        // transform can be undone.
        Optional<Transform.Inverse> back = Optional.of((values, columns) -> { });
        for (Transform t : transforms) {
            Transform.Fitted fitted = t.fit(all, trainRows);
            Optional<Transform.Inverse> inverse = fitted.inverse();
            back = back.isPresent() && inverse.isPresent() ? Optional.of(back.get().after(inverse.get())) : Optional.empty();
            all = fitted.result();
            truthKept &= t.keepsTruth();
        }
        if (names != null) {
            all = new Dataset(all.name(), all.rows(), all.columns(), all.values(), all.labels(), names);
        }
        GroundTruth truth = truthKept ? source.truth().orElse(null) : null;
        // Parts are selected from all, so they carry the names too.
        return new LoadedDataset(all, split(all), truth, transforms.isEmpty() ? null : back.orElse(null));
    }

    private Map<String, Dataset> split(Dataset all) {
        Map<String, Dataset> parts = new LinkedHashMap<>();
        if (partNames.isEmpty()) {
            return parts;
        }
        List<int[]> rows = partRows(all.rows());
        for (int p = 0; p < partNames.size(); p++) {
            parts.put(partNames.get(p), all.select(name + "." + partNames.get(p), rows.get(p)));
        }
        return parts;
    }

    /**
     * The rows of each part of the split, in order, each part's rows sorted: a function of
     * {@code n} and the seed (empty without a split). What {@link #load} selects each part by.
     */
    public List<int[]> partRows(int n) {
        List<int[]> out = new java.util.ArrayList<>();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(splitSeed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double total = 0;
        for (double f : fractions) {
            total += f;
        }
        double cumulative = 0;
        int start = 0;
        for (int p = 0; p < partNames.size(); p++) {
            cumulative += fractions[p];
            // The last part takes the rounding remainder when the fractions sum to one.
            int end = p == partNames.size() - 1 && Math.abs(total - 1.0) < 1e-9
                    ? n
                    : (int) Math.round(cumulative * n);
            end = Math.min(n, Math.max(start, end));
            int[] idx = java.util.Arrays.copyOfRange(order, start, end);
            java.util.Arrays.sort(idx);
            out.add(idx);
            start = end;
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }

    /** Collects the parts of a dataset declaration. */
    public static final class Builder {
        private final String name;
        private final String sourceFile;
        private final int sourceLine;
        private DataSource source;
        private final List<Transform> transforms = new ArrayList<>();
        private long splitSeed;
        private final List<String> partNames = new ArrayList<>();
        private final List<Double> fractions = new ArrayList<>();

        private Builder(String name, String sourceFile, int sourceLine) {
            this.name = name;
            this.sourceFile = sourceFile;
            this.sourceLine = sourceLine;
        }

        public Builder source(DataSource s) {
            this.source = s;
            return this;
        }

        public Builder transform(Transform t) {
            transforms.add(t);
            return this;
        }

        /** {@code split(7, "train", 0.8, "test", 0.2)}: seed, then name and fraction pairs. */
        public Builder split(long seed, Object... namesAndFractions) {
            if (namesAndFractions.length % 2 != 0) {
                throw new IllegalArgumentException("split takes name, fraction pairs");
            }
            this.splitSeed = seed;
            for (int i = 0; i < namesAndFractions.length; i += 2) {
                partNames.add((String) namesAndFractions[i]);
                fractions.add(((Number) namesAndFractions[i + 1]).doubleValue());
            }
            return this;
        }

        public DatasetDefinition build() {
            if (source == null) {
                throw new IllegalStateException("dataset " + name + " has no source");
            }
            return new DatasetDefinition(this);
        }
    }
}
