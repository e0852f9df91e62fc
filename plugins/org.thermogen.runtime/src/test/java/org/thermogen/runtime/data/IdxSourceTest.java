package org.thermogen.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxSourceTest {
    @TempDir
    Path base;

    /** An IDX file: magic {@code 0 0 type rank}, the sizes, then the values big-endian. */
    private static byte[] idx(int type, int[] dims, double... values) {
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IllegalArgumentException("type " + type);
        };
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + width * values.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (double v : values) {
            switch (type) {
                case 0x08, 0x09 -> b.put((byte) v);
                case 0x0B -> b.putShort((short) v);
                case 0x0C -> b.putInt((int) v);
                case 0x0D -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        return b.array();
    }

    private void write(String name, byte[] bytes) throws IOException {
        Files.write(base.resolve(name), bytes);
    }

    private void writeGz(String name, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(base.resolve(name)))) {
            out.write(bytes);
        }
    }

    private static byte[] gz(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    private String error(IdxSource source) {
        DataException e = assertThrows(DataException.class, () -> source.read(base, "D"));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    private static IdxSource idxSource(String path) {
        return IdxSource.builder().path(path).build();
    }

    @Test
    void aHeaderAnnouncingMoreThanTheHeapHoldsIsRefusedBeforeAllocating() throws IOException {
        // 1.5e9 values (12 GB as numbers) in under 2^31: only the heap can refuse it, and must before allocating.
        long heap = Runtime.getRuntime().maxMemory();
        int items = (int) Math.min(1_500_000, Math.max(1, heap / 8 / 1000 + 1));
        write("huge.idx", idx(0x08, new int[] {items, 1000}));
        write("huge.idx.gz", gz(idx(0x08, new int[] {items, 1000})));
        for (String name : new String[] {"huge.idx", "huge.idx.gz"}) {
            String message = error(idxSource(name));
            assertTrue(message.contains(items + " items of 1000 values need") && message.contains("read fewer with n"),
                    message);
        }
    }

    /** Three 2x3 "images" of unsigned bytes, values up to 255 (the sign bit set). */
    private static final double[] PIXELS = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255, 7, 0, 128, 129, 9, 10};

    @Test
    void imagesAreRowsFlattenedRowMajorWithTheirLabels() throws IOException {
        write("images-idx3-ubyte", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        write("labels-idx1-ubyte", idx(0x08, new int[] {3}, 5, 0, 9));
        Dataset d = IdxSource.builder().path("images-idx3-ubyte").labels("labels-idx1-ubyte").build().read(base, "Mnist");
        assertEquals("Mnist", d.name());
        assertEquals(3, d.rows());
        assertEquals(6, d.columns());
        assertArrayEquals(PIXELS, d.values());
        assertArrayEquals(new int[] {5, 0, 9}, d.labels());
    }

    @Test
    void gzipFilesAreRecognizedByTheirContentAndNTakesTheFirstItems() throws IOException {
        writeGz("images.gz", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        writeGz("labels.gz", idx(0x08, new int[] {3}, 5, 0, 9));
        // A compressed file without the .gz ending, and an uncompressed one with it.
        writeGz("images-compressed", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        write("images-plain.gz", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        IdxSource two = IdxSource.builder().path("images.gz").labels("labels.gz").n(2).build();
        Dataset d = two.read(base, "D");
        assertEquals(2, d.rows());
        assertArrayEquals(Arrays.copyOf(PIXELS, 12), d.values());
        assertArrayEquals(new int[] {5, 0}, d.labels());
        assertArrayEquals(PIXELS, idxSource("images-compressed").read(base, "D").values());
        assertArrayEquals(PIXELS, idxSource("images-plain.gz").read(base, "D").values());
        assertEquals("idx(\"images.gz\", labels \"labels.gz\", n 2)", two.describe());
        assertEquals("idx(\"images.gz\")", idxSource("images.gz").describe());
    }

    @Test
    void everyIdxTypeIsReadAsWritten() throws IOException {
        double[] signed = {-128, -1, 0, 127};
        write("i8", idx(0x09, new int[] {4}, signed));
        assertArrayEquals(signed, idxSource("i8").read(base, "D").values());
        double[] shorts = {-32768, -2, 300, 32767};
        write("i16", idx(0x0B, new int[] {2, 2}, shorts));
        Dataset s = idxSource("i16").read(base, "D");
        assertEquals(2, s.columns());
        assertArrayEquals(shorts, s.values());
        double[] ints = {Integer.MIN_VALUE, -70000, 70000, Integer.MAX_VALUE};
        write("i32", idx(0x0C, new int[] {1, 4}, ints));
        assertArrayEquals(ints, idxSource("i32").read(base, "D").values());
        double[] floats = {-1.5, 0.25, 3e10, 1e-20};
        write("f32", idx(0x0D, new int[] {4, 1, 1}, floats));
        double[] asFloats = new double[4];
        for (int i = 0; i < 4; i++) {
            asFloats[i] = (float) floats[i];
        }
        assertArrayEquals(asFloats, idxSource("f32").read(base, "D").values());
        double[] doubles = {Math.PI, -Math.E, 1e-300, 0.1};
        write("f64", idx(0x0E, new int[] {2, 2}, doubles));
        assertArrayEquals(doubles, idxSource("f64").read(base, "D").values());
        // One-dimensional data: one value per row.
        assertEquals(1, idxSource("i8").read(base, "D").columns());
        assertNull(idxSource("i8").read(base, "D").labels());
    }

    @Test
    void integralFloatLabelsAreLabelsOthersAreNot() throws IOException {
        write("x", idx(0x08, new int[] {2, 1}, 1, 2));
        write("good", idx(0x0D, new int[] {2}, 3, 4));
        write("bad", idx(0x0E, new int[] {2}, 3, 4.5));
        assertArrayEquals(new int[] {3, 4}, IdxSource.builder().path("x").labels("good").build().read(base, "D").labels());
        assertEquals("bad: label 1 is 4.5, not an integer",
                error(IdxSource.builder().path("x").labels("bad").build()));
    }

    @Test
    void aLargeFileReadsAcrossBufferBoundaries() throws IOException {
        // 1000 items of 7x11 bytes: 77 000 values, more than one 64 KiB read.
        double[] v = new double[77_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 31) % 256;
        }
        writeGz("big", idx(0x08, new int[] {1000, 7, 11}, v));
        Dataset d = idxSource("big").read(base, "D");
        assertEquals(1000, d.rows());
        assertEquals(77, d.columns());
        assertArrayEquals(v, d.values());
        double[] w = new double[20_000];
        for (int i = 0; i < w.length; i++) {
            w[i] = i * 0.5 - 3;
        }
        write("bigdouble", idx(0x0E, new int[] {100, 200}, w));
        assertArrayEquals(w, idxSource("bigdouble").read(base, "D").values());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badMagicSaysItIsNotAnIdxFile() throws IOException {
        write("digits.csv", "1,2,3\n4,5,6\n".getBytes());
        assertEquals("digits.csv: is not an IDX file: its magic number 0x312c322c should begin with two zero bytes",
                error(idxSource("digits.csv")));
    }

    @Test
    void unknownDataTypeNamesTheKnownOnes() throws IOException {
        write("x", new byte[] {0, 0, 0x07, 1, 0, 0, 0, 1, 5});
        assertEquals("x: has the unknown IDX data type 0x07 (magic number 0x00000701); known are 0x08 unsigned byte,"
                + " 0x09 signed byte, 0x0b short, 0x0c int, 0x0d float, 0x0e double", error(idxSource("x")));
    }

    @Test
    void truncatedFilesSayWhereTheyEnd() throws IOException {
        write("empty", new byte[0]);
        assertEquals("empty: the file is empty", error(idxSource("empty")));
        write("short", new byte[] {0, 0, 8});
        assertEquals("short: is truncated: it ends inside the 4-byte IDX magic number", error(idxSource("short")));
        write("header", Arrays.copyOf(idx(0x08, new int[] {3, 2, 3}, PIXELS), 10));
        assertEquals("header: is truncated: its header declares 3 dimensions but the file ends after 1",
                error(idxSource("header")));
        byte[] full = idx(0x08, new int[] {3, 2, 3}, PIXELS);
        write("data", Arrays.copyOf(full, full.length - 5));
        assertEquals("data: is truncated: its header declares 3 items of 2x3 unsigned bytes, but the file ends after"
                + " 13 of the 18 values", error(idxSource("data")));
        byte[] doubles = idx(0x0E, new int[] {2}, 1, 2);
        write("doubles", Arrays.copyOf(doubles, doubles.length - 1));
        assertEquals("doubles: is truncated: its header declares 2 doubles, but the file ends after 1 of the 2 values",
                error(idxSource("doubles")));
        byte[] zipped = gz(full);
        write("cut.gz", Arrays.copyOf(zipped, zipped.length / 2));
        assertTrue(error(idxSource("cut.gz")).startsWith("cut.gz: is truncated: the gzip stream ends"));
    }

    @Test
    void extraBytesAfterTheDeclaredItemsAreRefused() throws IOException {
        byte[] full = idx(0x08, new int[] {3, 2, 3}, PIXELS);
        write("long", Arrays.copyOf(full, full.length + 1));
        assertEquals("long: is longer than its header declares (3 items of 2x3 unsigned bytes): it may be damaged,"
                + " or another file", error(idxSource("long")));
        // Reading only the first items does not look at the rest.
        assertEquals(1, IdxSource.builder().path("long").n(1).build().read(base, "D").rows());
    }

    @Test
    void labelCountMustMatchTheItemCount() throws IOException {
        write("images", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        write("labels", idx(0x08, new int[] {2}, 1, 2));
        assertEquals("labels: holds 2 labels, but images holds 3 items: give the label file that belongs to it",
                error(IdxSource.builder().path("images").labels("labels").build()));
        // Even when n asks for fewer items than either file holds.
        assertEquals("labels: holds 2 labels, but images holds 3 items: give the label file that belongs to it",
                error(IdxSource.builder().path("images").labels("labels").n(1).build()));
    }

    @Test
    void labelsMustBeOneValuePerItem() throws IOException {
        write("images", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        assertEquals("images: holds items of 2x3 values; a label file holds one integer per item",
                error(IdxSource.builder().path("images").labels("images").build()));
    }

    @Test
    void nBeyondTheItemCountIsRefused() throws IOException {
        write("images", idx(0x08, new int[] {3, 2, 3}, PIXELS));
        assertEquals("images: holds 3 items, fewer than n 4", error(IdxSource.builder().path("images").n(4).build()));
    }

    @Test
    void zeroDimensionsAndMissingFiles() throws IOException {
        write("rank0", new byte[] {0, 0, 8, 0});
        assertEquals("rank0: declares no dimensions (magic number 0x00000800)", error(idxSource("rank0")));
        write("zero", idx(0x08, new int[] {3, 0}));
        assertEquals("zero: declares dimension 1 as 0: it holds no values", error(idxSource("zero")));
        String missing = error(idxSource("data/none-idx3-ubyte"));
        assertTrue(missing.startsWith("data/none-idx3-ubyte: no such file (looked for "), missing);
        write("notgz", new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        assertTrue(error(idxSource("notgz")).startsWith("notgz: is not a valid gzip file"));
    }

    @Test
    void builderRefusesMissingPathAndNonPositiveN() {
        assertEquals("idx needs the path of the file: idx(\"data/train-images-idx3-ubyte.gz\")",
                assertThrows(IllegalArgumentException.class, () -> IdxSource.builder().build()).getMessage());
        assertEquals("idx n must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> IdxSource.builder().path("x").n(0).build())
                        .getMessage());
    }
}
