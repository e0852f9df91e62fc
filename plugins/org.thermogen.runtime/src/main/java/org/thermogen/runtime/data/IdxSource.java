package org.thermogen.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Rows of an IDX file, the format of MNIST and its relatives:
 * {@code idx("data/train-images-idx3-ubyte.gz", labels "data/train-labels-idx1-ubyte.gz", n 10000)}.
 *
 * <pre>{@code
 * DataSource mnist = IdxSource.builder()
 *         .path("data/train-images-idx3-ubyte.gz")   // relative to the .gen file's folder
 *         .labels("data/train-labels-idx1-ubyte.gz")
 *         .n(10000)
 *         .build();
 * Dataset d = mnist.read(Path.of("examples"), "Mnist");   // 10000 rows of 784 values in 0..255
 * }</pre>
 *
 * <p>An IDX file is a big-endian header, a magic number {@code 0x0000TTDD} (two zero bytes,
 * the data type {@code TT}, the number of dimensions {@code DD}) followed by {@code DD}
 * 32-bit sizes, then the values, big-endian, last index fastest. The first dimension counts
 * the items; each item (an image of {@code 28 x 28}) becomes one row, flattened row-major.
 * Data types: {@code 0x08} unsigned byte, {@code 0x09} signed byte, {@code 0x0B} 16-bit,
 * {@code 0x0C} 32-bit integers, {@code 0x0D} float, {@code 0x0E} double. Values are kept as
 * read (MNIST pixels are 0..255: add {@code scale 1/255} to the dataset for [0, 1]). Gzip
 * files are recognized by their content, whatever their name.
 *
 * <p>A label file is an IDX file of one integer per item; its item count must equal the
 * data file's. Defaults: no labels, all items ({@code n} reads the first {@code n}).
 * Problems are reported as a {@link DataException} naming the file and what is wrong: not
 * an IDX file (bad magic), an unknown data type, a truncated file, counts that differ.
 */
public final class IdxSource implements DataSource {
    private static final int CHUNK = 1 << 16;
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    private final String path;
    private final String labels;
    private final int n;

    private IdxSource(Builder b) {
        this.path = b.path;
        this.labels = b.labels;
        this.n = b.n;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The data file as written in the .gen file. */
    public String path() {
        return path;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("idx(").append(GenNumbers.quote(path));
        if (labels != null) {
            b.append(", labels ").append(GenNumbers.quote(labels));
        }
        if (n > 0) {
            b.append(", n ").append(n);
        }
        return b.append(')').toString();
    }

    @Override
    public Dataset read(Path baseDirectory, String name) {
        Read data = readFile(baseDirectory, path, false);
        int[] labelValues = null;
        if (labels != null) {
            Read l = readFile(baseDirectory, labels, true);
            if (l.count != data.count) {
                throw new DataException(labels, 0, "holds " + l.count + " labels, but " + path + " holds " + data.count
                        + " items: give the label file that belongs to it");
            }
            labelValues = new int[l.rows];
            for (int i = 0; i < l.rows; i++) {
                double v = l.values[i];
                if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
                    throw new DataException(labels, 0, "label " + i + " is " + v + ", not an integer");
                }
                labelValues[i] = (int) v;
            }
        }
        return new Dataset(name, data.rows, data.columns, data.values, labelValues);
    }

    /** What was read from one file: the first {@code rows} of its {@code count} items. */
    private record Read(long count, int rows, int columns, double[] values) {
    }

    /** The IDX data types: code, bytes per value, name for messages. */
    private enum Type {
        UNSIGNED_BYTE(0x08, 1, "unsigned bytes"),
        SIGNED_BYTE(0x09, 1, "signed bytes"),
        SHORT(0x0B, 2, "16-bit integers"),
        INT(0x0C, 4, "32-bit integers"),
        FLOAT(0x0D, 4, "floats"),
        DOUBLE(0x0E, 8, "doubles");

        final int code;
        final int width;
        final String label;

        Type(int code, int width, String label) {
            this.code = code;
            this.width = width;
            this.label = label;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    private Read readFile(Path baseDirectory, String file, boolean isLabels) {
        Path resolved = baseDirectory.resolve(file);
        if (Files.isDirectory(resolved)) {
            throw new DataException(file, 0, "is a folder, not a file (looked at " + resolved.toAbsolutePath() + ")");
        }
        if (!Files.exists(resolved)) {
            throw new DataException(file, 0, "no such file (looked for " + resolved.toAbsolutePath().normalize() + ")");
        }
        try (InputStream raw = Files.newInputStream(resolved);
                InputStream in = decompressed(new BufferedInputStream(raw, CHUNK))) {
            return readIdx(in, file, isLabels);
        } catch (ZipException e) {
            throw new DataException(file, 0, "is not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            // GZIPInputStream's way of saying the compressed stream stops early (in the header or trailer).
            throw new DataException(file, 0, "is truncated: the gzip stream ends early", e);
        } catch (AccessDeniedException e) {
            throw new DataException(file, 0, "cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new DataException(file, 0, "cannot be read: " + e, e);
        }
    }

    /** The stream itself, or its decompression when it starts with the gzip magic bytes 1f 8b. */
    private static InputStream decompressed(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, CHUNK), CHUNK);
        }
        return in;
    }

    private Read readIdx(InputStream in, String file, boolean isLabels) throws IOException {
        byte[] magic = new byte[4];
        int got = readUpTo(in, magic, 4);
        if (got == 0) {
            throw new DataException(file, 0, "the file is empty");
        }
        if (got < 4) {
            throw new DataException(file, 0, "is truncated: it ends inside the 4-byte IDX magic number");
        }
        int magicNumber = ByteBuffer.wrap(magic).getInt();
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataException(file, 0, String.format(Locale.ROOT, "is not an IDX file: its magic number 0x%08x should begin with"
                    + " two zero bytes", magicNumber));
        }
        Type type = Type.of(magic[2] & 0xFF);
        if (type == null) {
            throw new DataException(file, 0, String.format(Locale.ROOT, "has the unknown IDX data type 0x%02x (magic number 0x%08x);"
                    + " known are 0x08 unsigned byte, 0x09 signed byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double",
                    magic[2] & 0xFF, magicNumber));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new DataException(file, 0, String.format(Locale.ROOT, "declares no dimensions (magic number 0x%08x)", magicNumber));
        }
        byte[] header = new byte[4 * rank];
        got = readUpTo(in, header, header.length);
        if (got < header.length) {
            throw new DataException(file, 0, "is truncated: its header declares " + rank + " dimensions but the file ends"
                    + " after " + got / 4);
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        long[] dims = new long[rank];
        long columns = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = h.getInt() & 0xFFFFFFFFL;
            if (dims[d] == 0) {
                throw new DataException(file, 0, "declares dimension " + d + " as 0: it holds no values");
            }
            if (d > 0) {
                columns *= dims[d];
                if (columns > MAX_VALUES) {
                    throw new DataException(file, 0, "declares items of " + itemShape(dims, d + 1)
                            + " values, more than a dataset row can hold");
                }
            }
        }
        long count = dims[0];
        if (isLabels && columns != 1) {
            throw new DataException(file, 0, "holds items of " + itemShape(dims, rank)
                    + " values; a label file holds one integer per item");
        }
        long rows = n > 0 ? n : count;
        if (rows > count) {
            throw new DataException(file, 0, "holds " + count + " items, fewer than n " + n);
        }
        if (rows * columns > MAX_VALUES) {
            throw new DataException(file, 0, rows + " items of " + columns + " values are more than a dataset can hold"
                    + " (2^31); read fewer with n");
        }
        long bytes = rows * columns * Double.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            // Refused before allocating: a header (or a damaged one) may announce more than this Java holds.
            throw new DataException(file, 0, rows + " items of " + columns + " values need " + gigabytes(bytes)
                    + " as numbers, more than half of the " + gigabytes(heap) + " this Java may use: read fewer"
                    + " with n, or give Java more memory (-Xmx)");
        }
        double[] values = new double[(int) (rows * columns)];
        readValues(in, file, type, values, count, dims, rank);
        if (rows == count && in.read() >= 0) {
            throw new DataException(file, 0, "is longer than its header declares (" + describeItems(count, dims, rank, type)
                    + "): it may be damaged, or another file");
        }
        return new Read(count, (int) rows, (int) columns, values);
    }

    private static String gigabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static void readValues(InputStream in, String file, Type type, double[] out, long count, long[] dims,
            int rank) throws IOException {
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long needed = (long) out.length * type.width;
        long done = 0;
        int k = 0;
        while (done < needed) {
            int len = (int) Math.min(CHUNK, needed - done);
            int got;
            try {
                got = readUpTo(in, buf, len);
            } catch (EOFException e) {
                // GZIPInputStream's way of saying the compressed stream stops early.
                throw new DataException(file, 0, "is truncated: the gzip stream ends before the "
                        + describeItems(count, dims, rank, type) + " its header declares", e);
            }
            if (got < len) {
                throw new DataException(file, 0, "is truncated: its header declares " + describeItems(count, dims, rank, type)
                        + ", but the file ends after " + (done + got) / type.width + " of the " + count * columns(dims)
                        + " values");
            }
            int values = len / type.width;
            switch (type) {
                case UNSIGNED_BYTE -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = buf[i] & 0xFF;
                    }
                }
                case SIGNED_BYTE -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = buf[i];
                    }
                }
                case SHORT -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = bb.getShort(2 * i);
                    }
                }
                case INT -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = bb.getInt(4 * i);
                    }
                }
                case FLOAT -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = bb.getFloat(4 * i);
                    }
                }
                case DOUBLE -> {
                    for (int i = 0; i < values; i++) {
                        out[k + i] = bb.getDouble(8 * i);
                    }
                }
            }
            k += values;
            done += len;
        }
    }

    /** Reads up to {@code len} bytes; fewer only at the end of the stream. */
    private static int readUpTo(InputStream in, byte[] buf, int len) throws IOException {
        return in.readNBytes(buf, 0, len);
    }

    /** {@code 60000 items of 28x28 unsigned bytes}, or {@code 60000 unsigned bytes} for one dimension. */
    private static String describeItems(long count, long[] dims, int rank, Type type) {
        return count + (rank > 1 ? " items of " + itemShape(dims, rank) : "") + " " + type.label;
    }

    /** Values per item: the product of the dimensions after the first (checked to fit an int). */
    private static long columns(long[] dims) {
        long c = 1;
        for (int d = 1; d < dims.length; d++) {
            c *= dims[d];
        }
        return c;
    }

    /** {@code 28x28}: the dimensions after the first, up to {@code end}. */
    private static String itemShape(long[] dims, int end) {
        StringBuilder b = new StringBuilder();
        for (int d = 1; d < end; d++) {
            b.append(d == 1 ? "" : "x").append(dims[d]);
        }
        return b.toString();
    }

    /** Settings of an {@code idx(...)} source. */
    public static final class Builder {
        private String path;
        private String labels;
        private int n;
        private boolean nGiven;

        private Builder() {
        }

        /** The data file, relative to the base directory given to {@link IdxSource#read}. Required. */
        public Builder path(String v) {
            this.path = v;
            return this;
        }

        /** An IDX file of one integer label per item, kept beside the data. Default: none. */
        public Builder labels(String v) {
            this.labels = v;
            return this;
        }

        /** Read only the first {@code n} items. Default: all of them. */
        public Builder n(int v) {
            this.n = v;
            this.nGiven = true;
            return this;
        }

        public IdxSource build() {
            if (path == null || path.isBlank()) {
                throw new IllegalArgumentException("idx needs the path of the file: idx(\"data/train-images-idx3-ubyte.gz\")");
            }
            if (nGiven && n < 1) {
                throw new IllegalArgumentException("idx n must be at least 1, not " + n);
            }
            if (labels != null && labels.isBlank()) {
                throw new IllegalArgumentException("idx labels needs the path of a label file");
            }
            return new IdxSource(this);
        }
    }
}
