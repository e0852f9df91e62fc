package org.thermogen.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.thermogen.runtime.data.DataException;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.DatasetLoader;
import org.thermogen.runtime.data.DistributedRows;
import org.thermogen.runtime.data.LoadedDataset;
import org.thermogen.runtime.data.Transform;
import org.thermogen.runtime.data.Transforms;

/**
 * A dataset whose rows stay on the cluster's executors ({@code thermogen run gmm.gen --data
 * hdfs:///points.csv --spark ...}, for a mixture trained by {@code em}): Spark reads and parses
 * the file ({@link SparkSource}), the declaration's split and transforms are applied where the
 * rows are, and the driver keeps a sample of each part, at most {@code sampleRows} rows (every
 * row of a part no larger), for what reads rows one by one: the k-means start, the pictures,
 * the evaluations that compare samples with rows. EM's passes, the log-likelihoods and the
 * check of every value run on the executors ({@link LoadedDataset#elsewhere}).
 *
 * <p>The split is the declaration's, row for row: the driver shuffles the row numbers as a local
 * run does (4 bytes a row while it does, 1 byte a row sent to the executors as each row's part),
 * so a run on a file whose parts fit the sample trains and evaluates as a local run on it does.
 * {@code standardize} is fitted on the training part where the rows are (the columns' sums,
 * then the squares about the means); transforms that act on each row alone apply to each
 * partition's block. The driver holds no row beyond the samples.
 */
final class ClusterDataset implements DatasetLoader {
    private final JavaSparkContext spark;
    private final SparkSource source;
    private final int sampleRows;
    private final java.util.function.BiConsumer<Dataset, ClusterRows> registry;

    /**
     * @param sampleRows the most rows of each part the driver keeps
     * @param registry   hears each sample the driver keeps with the rows on the executors it was drawn from
     */
    ClusterDataset(JavaSparkContext spark, SparkSource source, int sampleRows,
            java.util.function.BiConsumer<Dataset, ClusterRows> registry) {
        this.spark = spark;
        this.source = source;
        this.sampleRows = sampleRows;
        this.registry = registry;
    }

    @Override
    public String describe() {
        return source.describe() + ", kept on the executors";
    }

    /**
     * A partition's rows as they go through the split and the transforms: the values, the
     * labels, and each row's part of the split (-1 for a row in none, 0 without a split).
     */
    record Piece(double[] values, int rows, int[] labels, byte[] parts) implements Serializable {
        Dataset dataset(int columns) {
            return new Dataset("block", rows, columns, values, labels);
        }

        Piece with(double[] transformed) {
            return new Piece(transformed, rows, labels, parts);
        }
    }

    /** What a partition of the file holds: its rows, their columns and the columns' names. */
    record Shape(int rows, int columns, List<String> names) implements Serializable {
    }

    /** The file's rows as parsed and cached, one part a partition, with each partition's shape. */
    private record Read(JavaRDD<SparkSource.Part> parts, List<Shape> shapes) {
    }

    @Override
    public LoadedDataset load(DatasetDefinition def, Path baseDirectory) {
        // Parsed once and cached: each partition's rows, in the file's order; its size and column
        // names come back from the same job.
        Read read = source.withParts(parts -> {
            JavaRDD<SparkSource.Part> cached = parts.persist(StorageLevel.MEMORY_AND_DISK());
            return new Read(cached, cached.map(p -> new Shape(p.rows(), p.columns(), p.names())).collect());
        });
        long total = 0;
        Shape shape = null;
        for (Shape c : read.shapes()) {
            total += c.rows();
            if (c.rows() > 0 && shape == null) {
                shape = c;
            }
        }
        if (total == 0) {
            throw new DataException(source.describe(), 0, "has no data rows");
        }
        if (total > Integer.MAX_VALUE) {
            throw new DataException(source.describe(), 0, "has " + total + " rows, more than the "
                    + Integer.MAX_VALUE + " a dataset indexes");
        }
        int n = (int) total;
        int columns = shape.columns();
        List<String> names = shape.names();
        int partitions = read.shapes().size();
        List<String> partNames = def.partNames();

        // Each row's part: the declaration's shuffle of the row numbers, here; sent in slices.
        List<byte[]> slices = new ArrayList<>();
        byte[] partOf = new byte[n];
        if (!partNames.isEmpty()) {
            Arrays.fill(partOf, (byte) -1);
            List<int[]> rows = def.partRows(n);
            for (int p = 0; p < rows.size(); p++) {
                for (int r : rows.get(p)) {
                    partOf[r] = (byte) p;
                }
            }
        }
        // Per partition: its first row, and its rows of each part (known here, from the slices).
        int kinds = Math.max(1, partNames.size());
        int[] starts = new int[partitions];
        int[][] partCounts = new int[partitions][kinds];
        int at = 0;
        for (int i = 0; i < partitions; i++) {
            int rows = read.shapes().get(i).rows();
            byte[] slice = Arrays.copyOfRange(partOf, at, at + rows);
            for (byte k : slice) {
                if (k >= 0) {
                    partCounts[i][k]++;
                }
            }
            slices.add(slice);
            starts[i] = at;
            at += rows;
        }
        partOf = null;
        JavaRDD<byte[]> sliced = spark.parallelize(slices, slices.size());
        JavaRDD<Piece> pieces = read.parts().zipPartitions(sliced, (Iterator<SparkSource.Part> ps,
                Iterator<byte[]> bs) -> {
            SparkSource.Part p = ps.next();
            return List.of(new Piece(p.values(), p.rows(), p.labels(), bs.next())).iterator();
        });

        // The transforms in order, each fitted on the training part (the first) as a local load fits it.
        Optional<Transform.Inverse> back = Optional.of((values, cs) -> { });
        boolean split = !partNames.isEmpty();
        for (Transform t : def.transforms()) {
            Transform.Fitted fitted;
            if (t.rowWise()) {
                Transform.Fitted empty = t.fit(new Dataset(def.name(), 0, columns, new double[0], null), null);
                fitted = empty;
                pieces = pieces.map(p -> p.with(t.apply(p.dataset(columns)).values()));
            } else if (Transforms.standardizes(t)) {
                SparkData.Standardization fit = moments(pieces, columns, split);
                double[] mean = fit.mean();
                double[] inverseStd = fit.inverseStd();
                fitted = Transforms.standardized(new Dataset(def.name(), 0, columns, new double[0], null), mean,
                        inverseStd);
                pieces = pieces.map(p -> p.with(Transforms.standardized(p.dataset(columns), mean, inverseStd)
                        .result().values()));
            } else {
                throw new DataException(def.sourceFile(), def.sourceLine(), t.describe() + " is not fitted on the"
                        + " cluster yet; remove it from " + def.name() + " or run without --spark");
            }
            back = back.isPresent() && fitted.inverse().isPresent()
                    ? Optional.of(back.get().after(fitted.inverse().get())) : Optional.empty();
        }
        JavaRDD<Piece> done = pieces.persist(StorageLevel.MEMORY_AND_DISK());

        // The sample of each part the driver keeps: row r of part k (or of all rows) is kept when
        // its hash falls below the part's share.
        long[] perPart = new long[kinds];
        int[][] partStarts = new int[kinds][partitions];
        for (int i = 0; i < partitions; i++) {
            for (int k = 0; k < kinds; k++) {
                partStarts[k][i] = (int) perPart[k];
                perPart[k] += partCounts[i][k];
            }
        }
        double[] shares = new double[kinds + 1];
        for (int k = 0; k < kinds; k++) {
            shares[k] = Math.min(1.0, sampleRows / (double) Math.max(1, perPart[k]));
        }
        shares[kinds] = Math.min(1.0, sampleRows / (double) n);
        long salt = def.name().hashCode();
        List<Piece> kept = done.mapPartitionsWithIndex((index, it) -> {
            Piece p = it.next();
            int first = starts[index];
            double[] values = new double[p.values().length];
            int[] labels = p.labels() == null ? null : new int[p.rows()];
            byte[] parts = new byte[p.rows()];
            int m = 0;
            for (int i = 0; i < p.rows(); i++) {
                double u = unit(salt, first + i);
                byte k = p.parts()[i];
                boolean inPart = k >= 0 && u < shares[k];
                boolean inAll = u < shares[kinds];
                if (!inPart && !inAll) {
                    continue;
                }
                System.arraycopy(p.values(), i * columns, values, m * columns, columns);
                if (labels != null) {
                    labels[m] = p.labels()[i];
                }
                // Bit 6: among all rows' sample; the low bits: the part, 63 for none.
                parts[m] = (byte) ((inAll ? 64 : 0) | (inPart ? k : 63));
                m++;
            }
            return List.of(new Piece(Arrays.copyOf(values, m * columns), m, labels == null ? null
                    : Arrays.copyOf(labels, m), Arrays.copyOf(parts, m))).iterator();
        }, true).collect();

        Map<String, Dataset> samples = new LinkedHashMap<>();
        Dataset all = sampled(def.name(), kept, columns, names, -1);
        for (int k = 0; k < partNames.size(); k++) {
            samples.put(partNames.get(k), sampled(def.name() + "." + partNames.get(k), kept, columns, names, k));
        }
        // The blocks that are read (the parts, or every row without a split) are cached and the
        // pieces let go, so the executors hold each row once; every row of a split dataset, which
        // few evaluations read, is computed again from the file when asked for.
        Map<String, DistributedRows> elsewhere = new HashMap<>();
        JavaRDD<RowBlock> every = blocks(done, -1, starts, columns);
        elsewhere.put(null, new ClusterRows(def.name(), n, columns, split ? every : cached(every), all));
        for (int k = 0; k < partNames.size(); k++) {
            String name = def.name() + "." + partNames.get(k);
            elsewhere.put(partNames.get(k), new ClusterRows(name, (int) perPart[k], columns,
                    cached(blocks(done, k, partStarts[k], columns)), samples.get(partNames.get(k))));
        }
        done.unpersist();
        read.parts().unpersist();
        registry.accept(all, (ClusterRows) elsewhere.get(null));
        for (String part : partNames) {
            registry.accept(samples.get(part), (ClusterRows) elsewhere.get(part));
        }
        return new LoadedDataset(all, samples, null, def.transforms().isEmpty() ? null : back.orElse(null), elsewhere);
    }

    /** The rows of the sample the driver keeps of part {@code k} (-1: of all rows), in order. */
    private static Dataset sampled(String name, List<Piece> kept, int columns, List<String> names, int k) {
        int m = 0;
        for (Piece p : kept) {
            for (byte b : p.parts()) {
                m += in(b, k) ? 1 : 0;
            }
        }
        double[] values = new double[m * columns];
        boolean labelled = !kept.isEmpty() && kept.get(0).labels() != null;
        int[] labels = labelled ? new int[m] : null;
        int at = 0;
        for (Piece p : kept) {
            for (int i = 0; i < p.rows(); i++) {
                if (in(p.parts()[i], k)) {
                    System.arraycopy(p.values(), i * columns, values, at * columns, columns);
                    if (labels != null) {
                        labels[at] = p.labels()[i];
                    }
                    at++;
                }
            }
        }
        return new Dataset(name, m, columns, values, labels, names);
    }

    private static boolean in(byte b, int k) {
        return k < 0 ? (b & 64) != 0 : (b & 63) == k;
    }

    /** The blocks cached and computed now, while what they are computed from is still cached. */
    private static JavaRDD<RowBlock> cached(JavaRDD<RowBlock> blocks) {
        JavaRDD<RowBlock> kept = blocks.persist(StorageLevel.MEMORY_AND_DISK());
        kept.count();
        return kept;
    }

    /**
     * The rows of part {@code k} (-1: every row) as one block a partition, each with the place of
     * its first row in the part: what EM's passes, the gradients and the sums read.
     *
     * @param firsts per partition, the place of its first row of the part
     */
    private static JavaRDD<RowBlock> blocks(JavaRDD<Piece> pieces, int k, int[] firsts, int columns) {
        return pieces.mapPartitionsWithIndex((index, it) -> {
            Piece p = it.next();
            if (k < 0) {
                return List.of(new RowBlock(firsts[index], p.values(), p.rows())).iterator();
            }
            double[] values = new double[p.values().length];
            int m = 0;
            for (int i = 0; i < p.rows(); i++) {
                if (p.parts()[i] == k) {
                    System.arraycopy(p.values(), i * columns, values, m * columns, columns);
                    m++;
                }
            }
            return List.of(new RowBlock(firsts[index], Arrays.copyOf(values, m * columns), m)).iterator();
        }, true);
    }

    /**
     * {@code standardize} fitted on the training rows (part 0, or every row without a split)
     * where they are, as {@link SparkData#standardization} fits it.
     */
    private static SparkData.Standardization moments(JavaRDD<Piece> pieces, int d, boolean split) {
        JavaRDD<double[]> training = pieces.flatMap(p -> {
            List<double[]> rows = new ArrayList<>();
            for (int i = 0; i < p.rows(); i++) {
                if (!split || p.parts()[i] == 0) {
                    rows.add(Arrays.copyOfRange(p.values(), i * d, (i + 1) * d));
                }
            }
            return rows.iterator();
        });
        return SparkData.standardization(training, d);
    }

    /** A number in [0, 1) from the row's place: which rows a sample keeps (SplitMix64's finalizer). */
    static double unit(long salt, long row) {
        long z = salt * 0x9E3779B97F4A7C15L + row * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** A part's rows on the executors, one {@link RowBlock} a partition, with the sample the driver keeps. */
    static final class ClusterRows implements DistributedRows {
        private final String name;
        private final int rows;
        private final int columns;
        private final JavaRDD<RowBlock> blocks;
        private final Dataset sample;
        private String digest;

        ClusterRows(String name, int rows, int columns, JavaRDD<RowBlock> blocks, Dataset sample) {
            this.name = name;
            this.rows = rows;
            this.columns = columns;
            this.blocks = blocks;
            this.sample = sample;
        }

        /** The rows as EM's passes read them. */
        JavaRDD<Block> blocks() {
            return Block.withoutPlaces(blocks);
        }

        /** The rows with their places, as data-parallel SGD reads them. */
        JavaRDD<RowBlock> rowBlocks() {
            return blocks;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int rows() {
            return rows;
        }

        @Override
        public int columns() {
            return columns;
        }

        @Override
        public synchronized String digest() {
            if (digest == null) {
                if (sample.rows() == rows) {
                    digest = sample.digest();
                } else {
                    int d = columns;
                    List<String> parts = blocks.map(b -> new Dataset("block", b.rows(), d, b.values(), null).digest())
                            .collect();
                    try {
                        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                        md.update(java.nio.ByteBuffer.allocate(8).putInt(rows).putInt(columns).array());
                        parts.forEach(p -> md.update(p.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                        digest = java.util.HexFormat.of().formatHex(md.digest());
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException("SHA-256 is part of every Java platform", e);
                    }
                }
            }
            return digest;
        }

        @Override
        public double[] sum(BlockSum f) {
            int d = columns;
            return OrderedTree.aggregate(blocks, (Iterator<RowBlock> it) -> {
                double[] s = null;
                while (it.hasNext()) {
                    RowBlock b = it.next();
                    double[] v = f.of(b.values(), b.rows(), d, b.first());
                    if (s == null) {
                        s = v.clone();
                    } else {
                        for (int i = 0; i < s.length; i++) {
                            s[i] += v[i];
                        }
                    }
                }
                return s == null ? new double[0] : s;
            }, (a, b) -> a.length == 0 ? b : b.length == 0 ? a : OrderedTree.add(a, b));
        }

        @Override
        public Optional<Found> first(BlockSearch f) {
            int d = columns;
            double[] found = OrderedTree.aggregate(blocks, (Iterator<RowBlock> it) -> {
                while (it.hasNext()) {
                    RowBlock b = it.next();
                    double[] hit = f.find(b.values(), b.rows(), d);
                    if (hit != null) {
                        return new double[] {b.first() + hit[0], hit[1], hit[2]};
                    }
                }
                return new double[0];
            }, (a, b) -> a.length > 0 ? a : b);
            return found.length == 0 ? Optional.empty()
                    : Optional.of(new Found((long) found[0], (int) found[1], found[2]));
        }
    }
}
