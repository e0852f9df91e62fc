package org.thermogen.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
    @TempDir
    Path dir;

    @Test
    void headerHasTheExactVersion1Layout() {
        byte[] b = Npy.toBytes(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        // 6 magic + 2 version + 2 length + 59 dict + 1 newline = 70, padded to 128.
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        assertEquals(128 + 6 * 8, b.length);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}, Arrays.copyOf(b, 8));
        assertEquals(118, (b[8] & 0xFF) | (b[9] & 0xFF) << 8, "header length, little-endian");
        assertEquals(header, new String(b, 10, 118, StandardCharsets.US_ASCII));
        ByteBuffer data = ByteBuffer.wrap(b, 128, 48).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i <= 6; i++) {
            assertEquals(i, data.getDouble());
        }
    }

    @Test
    void oneDimensionalAndScalarShapesUsePythonTupleSyntax() {
        assertTrue(new String(Npy.toBytes(new double[5], 5), StandardCharsets.US_ASCII).contains("'shape': (5,), }"));
        byte[] scalar = Npy.toBytes(new double[] {2.5});
        assertTrue(new String(scalar, StandardCharsets.US_ASCII).contains("'shape': (), }"));
        assertEquals(0, (scalar.length - 8) % 64);
    }

    @Test
    void everyHeaderEndsOnA64ByteBoundaryWithANewline() {
        for (int rank = 0; rank < 6; rank++) {
            int[] shape = new int[rank];
            Arrays.fill(shape, 3);
            int size = (int) Math.pow(3, rank);
            byte[] b = Npy.toBytes(new double[size], shape);
            int len = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            assertEquals(0, (10 + len) % 64, "rank " + rank);
            assertEquals('\n', b[10 + len - 1]);
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        double[] v = {0.1, -0.0, Double.MIN_VALUE, Double.NaN, Double.NEGATIVE_INFINITY, 1e300};
        Path f = dir.resolve("a.npy");
        Npy.write(f, v, 3, 2);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {3, 2}, a.shape());
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(a.values()[i]));
        }
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "not numpy at all");
        assertEquals("x.npy is not a NumPy .npy file (no \\x93NUMPY magic)",
                assertThrows(IOException.class, () -> Npy.read(f)).getMessage());
        byte[] b = Npy.toBytes(new double[4], 4);
        Files.write(f, Arrays.copyOf(b, b.length - 1));
        assertTrue(assertThrows(IOException.class, () -> Npy.read(f)).getMessage().contains("holds 31 data bytes"));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes(new double[3], 2, 2));
    }

    @Test
    void numpyLoadsWhatWeWrite() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy").redirectErrorStream(true).start();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0, "numpy is not installed");
        Path f = dir.resolve("m.npy");
        Npy.write(f, new double[] {1.5, -2, 0.25, 1e-300, 7, 8}, 2, 3);
        Process p = new ProcessBuilder(python.toString(), "-c",
                "import numpy; a = numpy.load('" + f + "'); print(a.dtype, a.shape, repr(a.tolist()))")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals("float64 (2, 3) [[1.5, -2.0, 0.25], [1e-300, 7.0, 8.0]]", out);

        // And the other way: what NumPy writes (with its own header padding) reads back here.
        Path ints = dir.resolve("i.npy");
        Path scalar = dir.resolve("s.npy");
        Path floats = dir.resolve("f.npy");
        Process w = new ProcessBuilder(python.toString(), "-c", "import numpy\n"
                + "numpy.save('" + ints + "', numpy.arange(6, dtype='<i8').reshape(3, 2) - 2)\n"
                + "numpy.save('" + scalar + "', numpy.float64(0.1))\n"
                + "numpy.save('" + floats + "', numpy.array([[0.5, -1.25]], dtype='<f4'))\n")
                .redirectErrorStream(true).start();
        String log = new String(w.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(w.waitFor(60, TimeUnit.SECONDS) && w.exitValue() == 0, log);
        Npy.Array i = Npy.read(ints);
        assertArrayEquals(new int[] {3, 2}, i.shape());
        assertArrayEquals(new double[] {-2, -1, 0, 1, 2, 3}, i.values());
        Npy.Array sc = Npy.read(scalar);
        assertArrayEquals(new int[0], sc.shape());
        assertArrayEquals(new double[] {0.1}, sc.values());
        Npy.Array fl = Npy.read(floats);
        assertArrayEquals(new int[] {1, 2}, fl.shape());
        assertArrayEquals(new double[] {0.5, -1.25}, fl.values());
    }
}
