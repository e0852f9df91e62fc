package org.thermogen.runtime.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermogen.runtime.model.Constraints;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Provenance;

/**
 * Trained parameters on disk: {@code DIR/checkpoint.json}, plus every parameter as
 * {@code DIR/params/<name>.npy} for use from Python.
 *
 * <p>The JSON holds {@code format} ({@code "thermogen-checkpoint"}), {@code version} (1),
 * {@code sha256}, {@code model}, {@code signature} ({@link ModelSpec#signature()}),
 * {@code provenance} and {@code parameters} ({@code {"J": {"shape": [16, 16], "values":
 * [...]}}}, values row-major). The checksum is the SHA-256 of the file's UTF-8 bytes with
 * the checksum itself written as 64 zeros. There is no clock time inside, so the same
 * inputs give a byte-identical file. Every file is written atomically: a crash leaves the
 * previous checkpoint complete.
 *
 * <p>The exports are checked when a checkpoint is read: an export that is not the
 * parameter's float64 array of its shape and values (changed by hand, or by another run)
 * refuses the checkpoint. A write in progress marks the folder ({@code params/.writing},
 * removed once checkpoint.json is in place), so exports left newer than checkpoint.json by
 * a process killed between the two are known for what they are and do not refuse it.
 *
 * <p>The seed is written as a JSON number when a double holds it exactly (|seed| &lt;= 2^53),
 * otherwise as a string, so that it always reads back unchanged.
 *
 * <pre>{@code
 * Checkpoint.write(out, spec, theta, provenance);
 * Checkpoint c = Checkpoint.read(out, spec);
 * double[] theta = c.theta();
 * }</pre>
 */
public final class Checkpoint {
    /** The file name inside a checkpoint folder. */
    public static final String FILE_NAME = "checkpoint.json";
    /** The value of the {@code format} key. */
    public static final String FORMAT = "thermogen-checkpoint";
    /** The version of the layout this class writes and reads. */
    public static final int VERSION = 1;
    /** The folder of the .npy exports, beside checkpoint.json. */
    public static final String EXPORTS = "params";
    /** Present in the exports' folder while a write is under way (or was cut short). */
    static final String WRITING = ".writing";

    private static final String SUM_KEY = "\"sha256\": \"";
    private static final long EXACT_SEED = 1L << 53;

    private final String model;
    private final String signature;
    private final double[] theta;
    private final Provenance provenance;

    private Checkpoint(String model, String signature, double[] theta, Provenance provenance) {
        this.model = model;
        this.signature = signature;
        this.theta = theta;
        this.provenance = provenance;
    }

    /** The model name recorded in the file. */
    public String model() {
        return model;
    }

    /** The model signature recorded in the file. */
    public String signature() {
        return signature;
    }

    /** The parameter vector, laid out as the model's {@link ModelSpec#params()}; a copy. */
    public double[] theta() {
        return theta.clone();
    }

    public Provenance provenance() {
        return provenance;
    }

    /**
     * Writes {@code dir/checkpoint.json} and {@code dir/params/<name>.npy}, creating
     * {@code dir} if needed. The .npy exports are written first, so that once the new
     * checkpoint.json exists every export beside it belongs to it; if writing
     * checkpoint.json itself fails, the exports may be newer than it, and checkpoint.json
     * (the only file {@link #read} trusts) stays the previous complete one.
     *
     * @return the checkpoint.json written
     * @throws CheckpointException if a parameter holds NaN or an infinity (training diverged)
     * @throws IOException         if the files cannot be written; any earlier checkpoint stays
     */
    public static Path write(Path dir, ModelSpec spec, double[] theta, Provenance provenance) throws IOException {
        byte[] json = toBytes(spec, theta, provenance);
        Path marker = dir.resolve(EXPORTS).resolve(WRITING);
        Files.createDirectories(marker.getParent());
        Files.write(marker, new byte[0]);
        for (ParamSpec p : spec.params()) {
            double[] v = Arrays.copyOfRange(theta, p.offset(), p.offset() + p.size());
            Npy.write(dir.resolve(EXPORTS).resolve(p.name() + ".npy"), v, p.shape().dims());
        }
        Path file = dir.resolve(FILE_NAME);
        AtomicFiles.write(file, json);
        Files.deleteIfExists(marker);
        return file;
    }

    /**
     * The bytes of {@code checkpoint.json} for these inputs: what {@link #write} writes.
     *
     * @throws CheckpointException if a parameter holds NaN or an infinity
     */
    public static byte[] toBytes(ModelSpec spec, double[] theta, Provenance provenance) {
        if (theta.length != spec.paramSize()) {
            throw new IllegalArgumentException(spec.name() + " has " + spec.paramSize() + " parameter values, got "
                    + theta.length);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            double[] v = Arrays.copyOfRange(theta, p.offset(), p.offset() + p.size());
            for (double x : v) {
                if (!Double.isFinite(x)) {
                    throw new CheckpointException("training diverged: parameter " + p.name()
                            + " has non-finite values; lower the learning rate or check the data");
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("shape", p.shape().dims());
            entry.put("values", v);
            params.put(p.name(), entry);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("sha256", SealedJson.PLACEHOLDER);
        root.put("model", spec.name());
        root.put("signature", spec.signature());
        root.put("provenance", provenanceJson(provenance));
        root.put("parameters", params);
        // The checksum key comes before any user text in the file, so its first occurrence is it.
        return SealedJson.seal(Json.write(root)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a checkpoint and checks that it belongs to {@code expected}.
     *
     * @param dirOrFile a checkpoint folder or its checkpoint.json
     * @throws CheckpointException if the file is missing, damaged, not a checkpoint, or of
     *                             another model or shape (naming the first difference)
     * @throws IOException         if the file exists but cannot be read
     */
    public static Checkpoint read(Path dirOrFile, ModelSpec expected) throws IOException {
        Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
        String name = file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no checkpoint at " + dirOrFile + " (looked for "
                    + file.toAbsolutePath().normalize() + "): train first, or pass the folder `train` wrote", e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw damaged(name, "not UTF-8 text", e);
        }
        Map<String, Object> root;
        try {
            root = Json.parseObject(text);
        } catch (JsonException e) {
            throw damaged(name, "not valid JSON: " + e.getMessage(), e);
        }
        if (root.containsKey("sha256")) {
            Object stored = root.get("sha256");
            int at = text.indexOf(SUM_KEY);
            if (!(stored instanceof String s) || at < 0 || !text.startsWith(SUM_KEY + s, at) || s.length() != 64) {
                throw damaged(name, "checksum unreadable", null);
            }
            if (!SealedJson.verify(text)) {
                throw damaged(name, "checksum mismatch", null);
            }
        }
        if (!FORMAT.equals(root.get("format"))) {
            throw new CheckpointException(name + " is not a Thermogen checkpoint (no \"format\": \"" + FORMAT
                    + "\"): pass the folder that `train` wrote");
        }
        if (!(root.get("version") instanceof Double v) || v != VERSION) {
            throw new CheckpointException(name + " has checkpoint version " + root.get("version")
                    + ", but this Thermogen reads version " + VERSION + ": use the Thermogen that wrote it, or train again");
        }
        if (!root.containsKey("sha256")) {
            throw damaged(name, "no checksum", null);
        }
        String model = string(root, "model", name);
        String signature = string(root, "signature", name);
        if (!signature.equals(expected.signature())) {
            throw new CheckpointException(name + " " + firstDifference(signature, expected.signature()) + ": train again");
        }
        double[] theta = parameters(root, expected, name);
        String broken = Constraints.violation(expected, theta);
        if (broken != null) {
            // The checksum matched, so the file was rewritten by hand or by another program.
            throw new CheckpointException(name + " breaks its model's constraints (" + broken
                    + "): it was changed after training; restore it or train again");
        }
        Provenance provenance = provenance(root.get("provenance"), name);
        checkExports(file.toAbsolutePath().getParent().resolve(EXPORTS), expected, theta);
        return new Checkpoint(model, signature, theta, provenance);
    }

    /**
     * Refuses exports that do not hold the checkpoint's parameters: Python reads them, so a
     * changed one would be a second, silent truth. Missing exports are fine (they are only
     * copies); exports of a write that was cut short are newer than checkpoint.json, not wrong.
     */
    private static void checkExports(Path exports, ModelSpec spec, double[] theta) throws IOException {
        if (!Files.isDirectory(exports) || Files.exists(exports.resolve(WRITING))) {
            return;
        }
        for (ParamSpec p : spec.params()) {
            Path npy = exports.resolve(p.name() + ".npy");
            if (!Files.isRegularFile(npy)) {
                continue;
            }
            String name = EXPORTS + "/" + npy.getFileName();
            String fix = ": it was changed after training; delete it (the next train writes it again) or restore it";
            byte[] bytes = Files.readAllBytes(npy);
            Npy.Array a;
            try {
                a = Npy.fromBytes(bytes, name);
            } catch (IOException e) {
                throw new CheckpointException(e.getMessage() + fix, e);
            }
            if (!Arrays.equals(bytes, Npy.toBytes(Arrays.copyOfRange(theta, p.offset(), p.offset() + p.size()),
                    p.shape().dims()))) {
                String what = !Arrays.equals(a.shape(), p.shape().dims()) ? "has shape " + Arrays.toString(a.shape())
                        + ", not " + Arrays.toString(p.shape().dims())
                        : "does not hold the float64 values of " + FILE_NAME;
                throw new CheckpointException(name + " " + what + fix);
            }
        }
    }

    private static double[] parameters(Map<String, Object> root, ModelSpec spec, String name) {
        if (!(root.get("parameters") instanceof Map<?, ?> params)) {
            throw damaged(name, "no parameters", null);
        }
        double[] theta = new double[spec.paramSize()];
        for (ParamSpec p : spec.params()) {
            if (!(params.get(p.name()) instanceof Map<?, ?> entry)) {
                throw damaged(name, "parameter " + p.name() + " is missing", null);
            }
            if (!(entry.get("shape") instanceof List<?> shape) || !sameShape(shape, p.shape().dims())) {
                throw damaged(name, "parameter " + p.name() + " has a shape other than its signature says", null);
            }
            if (!(entry.get("values") instanceof List<?> values) || values.size() != p.size()) {
                throw damaged(name, "parameter " + p.name() + " does not hold " + p.size() + " values", null);
            }
            for (int i = 0; i < values.size(); i++) {
                if (!(values.get(i) instanceof Double d)) {
                    throw damaged(name, "parameter " + p.name() + " holds a value that is not a number", null);
                }
                theta[p.offset() + i] = d;
            }
        }
        if (params.size() != spec.params().size()) {
            throw damaged(name, "it holds parameters its signature does not declare", null);
        }
        return theta;
    }

    private static boolean sameShape(List<?> shape, int[] dims) {
        if (shape.size() != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (!(shape.get(i) instanceof Double d) || d != dims[i]) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> provenanceJson(Provenance p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_file", p.sourceFile());
        m.put("source_hash", p.sourceHash());
        m.put("model", p.model());
        m.put("trainer", p.trainer());
        boolean exact = p.seed() >= -EXACT_SEED && p.seed() <= EXACT_SEED;
        m.put("seed", exact ? (Object) p.seed() : Long.toString(p.seed()));
        m.put("dataset_digest", p.datasetDigest());
        m.put("runtime_version", p.runtimeVersion());
        m.put("java_version", p.javaVersion());
        return m;
    }

    private static Provenance provenance(Object o, String name) {
        if (!(o instanceof Map<?, ?> m)) {
            throw damaged(name, "no provenance", null);
        }
        long seed;
        Object s = m.get("seed");
        if (s instanceof Double d && d == Math.rint(d) && Math.abs(d) <= EXACT_SEED) {
            seed = d.longValue();
        } else if (s instanceof String text) {
            try {
                seed = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw damaged(name, "provenance seed is not a number", e);
            }
        } else {
            throw damaged(name, "provenance seed is not a whole number", null);
        }
        return new Provenance(text(m, "source_file"), text(m, "source_hash"), text(m, "model"), text(m, "trainer"),
                seed, text(m, "dataset_digest"), text(m, "runtime_version"), text(m, "java_version"));
    }

    private static String text(Map<?, ?> m, String key) {
        return m.get(key) instanceof String s ? s : "";
    }

    private static String string(Map<String, Object> root, String key, String name) {
        if (!(root.get(key) instanceof String s)) {
            throw damaged(name, "no " + key, null);
        }
        return s;
    }

    private static CheckpointException damaged(String name, String why, Throwable cause) {
        return new CheckpointException(name + " is damaged (" + why + "): restore it or train again", cause);
    }

    /**
     * {@code holds Ising16 with J[16,16], the model now declares J[20,20]}: the first place
     * where two signatures differ, in the words of the .gen file.
     */
    static String firstDifference(String stored, String expected) {
        Parsed a = Parsed.of(stored);
        Parsed b = Parsed.of(expected);
        if (a == null || b == null) {
            return "holds " + stored + ", the model now is " + expected;
        }
        if (!a.name.equals(b.name)) {
            return "holds " + a.name + ", not " + b.name;
        }
        String d = difference(a.name, a.variables, b.variables, "variable");
        if (d == null) {
            d = difference(a.name, a.params, b.params, "parameter");
        }
        return d != null ? d : "holds " + stored + ", the model now is " + expected;
    }

    private static String difference(String model, List<String> stored, List<String> expected, String kind) {
        int n = Math.max(stored.size(), expected.size());
        for (int i = 0; i < n; i++) {
            String s = i < stored.size() ? stored.get(i) : null;
            String e = i < expected.size() ? expected.get(i) : null;
            if (s != null && s.equals(e)) {
                continue;
            }
            if (s == null) {
                return "holds " + model + " without " + kind + " " + shortForm(e, null) + ", which the model now declares";
            }
            if (e == null) {
                return "holds " + model + " with " + kind + " " + shortForm(s, null)
                        + ", which the model no longer declares";
            }
            return "holds " + model + " with " + shortForm(s, e) + ", the model now declares " + shortForm(e, s);
        }
        return null;
    }

    /**
     * A signature item in the fewest words that show the difference: {@code J[16,16]} rather
     * than {@code J[16,16]:symmetric} when both sides are symmetric, {@code s[16]} rather
     * than {@code visible s[16]:spin} when role and domain agree. With no other side, the
     * name and shape alone.
     */
    private static String shortForm(String item, String other) {
        String role = item.contains(" ") ? item.substring(0, item.indexOf(' ')) : "";
        String rest = item.substring(role.isEmpty() ? 0 : role.length() + 1);
        String core = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        String tail = rest.substring(core.length());
        if (other == null) {
            return core;
        }
        String otherRole = other.contains(" ") ? other.substring(0, other.indexOf(' ')) : "";
        String otherRest = other.substring(otherRole.isEmpty() ? 0 : otherRole.length() + 1);
        String otherTail = otherRest.contains(":") ? otherRest.substring(otherRest.indexOf(':')) : "";
        return (role.equals(otherRole) || role.isEmpty() ? "" : role + " ") + core
                + (tail.equals(otherTail) ? "" : tail);
    }

    /** A signature split into name, variables ({@code visible s[16]:spin}) and parameters. */
    private record Parsed(String name, List<String> variables, List<String> params) {
        static Parsed of(String signature) {
            int open = signature.indexOf('(');
            int bar = signature.lastIndexOf(" |");
            if (open < 0 || bar < open || !signature.endsWith(")")) {
                return null;
            }
            List<String> vars = new ArrayList<>();
            String[] words = signature.substring(open + 1, bar).strip().split(" ");
            for (int i = 0; i + 1 < words.length; i += 2) {
                vars.add(words[i] + " " + words[i + 1]);
            }
            List<String> params = new ArrayList<>();
            for (String w : signature.substring(bar + 2, signature.length() - 1).strip().split(" ")) {
                if (!w.isEmpty()) {
                    params.add(w);
                }
            }
            return new Parsed(signature.substring(0, open), vars, params);
        }
    }
}
