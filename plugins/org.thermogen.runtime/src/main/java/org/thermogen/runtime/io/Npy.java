package org.thermogen.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files of doubles, for use from Python:
 * {@code numpy.load("params/J.npy")}.
 *
 * <p>Written files are format version 1.0: the magic {@code \x93NUMPY}, version bytes
 * {@code 1 0}, a little-endian 16-bit header length, then the header
 * {@code {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces
 * and ending in a newline so that the data starts at a multiple of 64 bytes, then the
 * values as little-endian doubles in C (row-major) order.
 *
 * <p>Reading accepts versions 1.0 to 3.0 and the dtypes {@code <f8 >f8 <f4 >f4 <i8 <i4 <i2
 * |i1 |u1 |b1} in C order, converted to doubles.
 *
 * <pre>{@code
 * Npy.write(Path.of("out/samples.npy"), values, 1000, 16);
 * Npy.Array back = Npy.read(Path.of("out/samples.npy"));   // back.shape() = {1000, 16}
 * }</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a file.
     *
     * @param shape  its dimensions (empty for a scalar)
     * @param values its elements in C order
     */
    public record Array(int[] shape, double[] values) {
    }

    /** Writes {@code values} with {@code shape} to {@code file}, atomically. */
    public static void write(Path file, double[] values, int... shape) throws IOException {
        AtomicFiles.write(file, toBytes(values, shape));
    }

    /** The complete .npy file for {@code values} with {@code shape}. */
    public static byte[] toBytes(double[] values, int... shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
            }
            size *= d;
        }
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + size
                    + " values, but " + values.length + " were given");
        }
        byte[] header = header(shape);
        ByteBuffer buf = ByteBuffer.allocate(header.length + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header);
        for (double v : values) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    /** The magic, version, length and padded header: everything before the data. */
    static byte[] header(int[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            dict.append(',');
        }
        dict.append("), }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("shape has too many dimensions for an .npy 1.0 header");
        }
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return buf.array();
    }

    /**
     * Reads an .npy file.
     *
     * @throws IOException naming the file when it is unreadable, not an .npy file, or of an
     *                     unsupported layout
     */
    public static Array read(Path file) throws IOException {
        return fromBytes(Files.readAllBytes(file), file.getFileName().toString());
    }

    /** Parses the bytes of an .npy file; {@code name} is used in messages. */
    public static Array fromBytes(byte[] bytes, String name) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10) {
            throw new IOException(name + " is not a NumPy .npy file (too short)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IOException(name + " is not a NumPy .npy file (no \\x93NUMPY magic)");
            }
        }
        int major = bytes[6];
        int headerLength;
        int start;
        if (major == 1) {
            headerLength = buf.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new IOException(name + " is a damaged .npy file (header cut short)");
            }
            long len = buf.getInt(8) & 0xFFFFFFFFL;
            if (len > bytes.length) {
                throw new IOException(name + " is a damaged .npy file (header longer than the file)");
            }
            headerLength = (int) len;
            start = 12;
        } else {
            throw new IOException(name + " has .npy format version " + major + ", which Thermogen cannot read");
        }
        if (start + headerLength > bytes.length) {
            throw new IOException(name + " is a damaged .npy file (header longer than the file)");
        }
        String header = new String(bytes, start, headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IOException(name + " has an .npy header without descr, fortran_order and shape: " + header.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(name + " is stored in Fortran order; save it with numpy.ascontiguousarray first");
        }
        int[] shape = parseShape(shapeText.group(1), name);
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        String dtype = descr.group(1);
        int itemSize = itemSize(dtype, name);
        int data = start + headerLength;
        if ((long) data + size * itemSize != bytes.length) {
            throw new IOException(name + " holds " + (bytes.length - data) + " data bytes, but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + size * itemSize);
        }
        ByteBuffer d = ByteBuffer.wrap(bytes, data, bytes.length - data)
                .order(dtype.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) size];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype.substring(1)) {
                case "f8" -> d.getDouble();
                case "f4" -> d.getFloat();
                case "i8" -> d.getLong();
                case "i4" -> d.getInt();
                case "i2" -> d.getShort();
                case "i1" -> d.get();
                case "u1" -> d.get() & 0xFF;
                case "b1" -> d.get() != 0 ? 1.0 : 0.0;
                default -> throw new IllegalStateException(dtype);
            };
        }
        return new Array(shape, values);
    }

    private static int itemSize(String dtype, String name) throws IOException {
        switch (dtype) {
            case "<f8", ">f8", "<i8", ">i8":
                return 8;
            case "<f4", ">f4", "<i4", ">i4":
                return 4;
            case "<i2", ">i2":
                return 2;
            case "|i1", "|u1", "|b1":
                return 1;
            default:
                throw new IOException(name + " holds dtype " + dtype + "; Thermogen reads float, int and bool arrays");
        }
    }

    private static int[] parseShape(String text, String name) throws IOException {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new IOException(name + " has an unreadable shape (" + text + ")", e);
            }
        }
        int[] shape = new int[dims.size()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i);
            if (shape[i] < 0) {
                throw new IOException(name + " has a negative dimension in its shape (" + text + ")");
            }
            size *= shape[i];
            if (size > Integer.MAX_VALUE - 8) {
                throw new IOException(name + " is too large to read into one array (" + text + ")");
            }
        }
        return shape;
    }
}
