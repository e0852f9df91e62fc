package org.thermogen.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermogen.runtime.model.Constraint;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.model.Role;
import org.thermogen.runtime.model.Shape;

class CheckpointTest {
    @TempDir
    Path dir;

    static ModelSpec ising(int n) {
        return ModelSpec.builder("Ising16").source("ising.gen", 8, "ab".repeat(32))
                .variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(n), false)
                .param("J", Shape.of(n, n), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
                .param("h", Shape.of(n), Init.zeros(), false)
                .build();
    }

    static Provenance provenance(long seed) {
        return new Provenance("ising.gen", "ab".repeat(32), "Ising16", "moment_matching(expectation exact)", seed,
                "cd".repeat(32), "0.1.0", "17.0.9");
    }

    /** Values of every magnitude, inside the constraints (J symmetric with a zero diagonal), -0.0 and MIN_VALUE in h. */
    static double[] theta(ModelSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] t = new double[spec.paramSize()];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
        }
        org.thermogen.runtime.model.Constraints.impose(spec, t);
        int h = spec.params().get(1).offset();
        t[h] = -0.0;
        t[h + 1] = Double.MIN_VALUE;
        return t;
    }

    /** Rewrites a checkpoint's text and its checksum, as a program that knows the format would. */
    static void rewrite(Path file, java.util.function.UnaryOperator<String> change) throws Exception {
        String text = change.apply(Files.readString(file));
        Map<String, Object> root = Json.parseObject(text);
        String old = (String) root.get("sha256");
        String zeroed = text.replace(old, "0".repeat(64));
        String sum = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(zeroed.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(file, zeroed.replace("0".repeat(64), sum));
    }

    @Test
    void aRechecksummedCheckpointThatBreaksTheConstraintsIsRefused() throws Exception {
        ModelSpec spec = ising(3);
        double[] theta = new double[spec.paramSize()];
        theta[1] = 0.5;  // J[0,1]
        theta[3] = 0.5;  // J[1,0]
        Path file = Checkpoint.write(dir, spec, theta, provenance(1));
        Checkpoint.read(dir, spec);
        // J[1,0] changed alone, the checksum made to match: the file is consistent, the model is not.
        rewrite(file, text -> text.replaceFirst("\\[0\\.0, 0\\.5, 0\\.0, 0\\.5,", "[0.0, 0.5, 0.0, 0.75,"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec));
        assertEquals("checkpoint.json breaks its model's constraints (J is not symmetric (0.5 and 0.75)): it was changed"
                + " after training; restore it or train again", e.getMessage());
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        ModelSpec spec = ising(16);
        double[] theta = theta(spec, 1);
        Checkpoint.write(dir, spec, theta, provenance(42));
        Checkpoint c = Checkpoint.read(dir, spec);
        assertEquals(theta.length, c.theta().length);
        for (int i = 0; i < theta.length; i++) {
            assertEquals(Double.doubleToRawLongBits(theta[i]), Double.doubleToRawLongBits(c.theta()[i]), "element " + i);
        }
        assertEquals(provenance(42), c.provenance());
        assertEquals("Ising16", c.model());
        assertEquals(spec.signature(), c.signature());
        assertEquals(c.provenance(), Checkpoint.read(dir.resolve("checkpoint.json"), spec).provenance());
    }

    @Test
    void layoutHasTheContractKeysAndTheChecksumCoversTheZeroedFile() throws Exception {
        ModelSpec spec = ising(3);
        Path file = Checkpoint.write(dir, spec, new double[spec.paramSize()], provenance(1));
        String text = Files.readString(file);
        Map<String, Object> root = Json.parseObject(text);
        assertEquals(List.of("format", "version", "sha256", "model", "signature", "provenance", "parameters"),
                List.copyOf(root.keySet()));
        assertEquals("thermogen-checkpoint", root.get("format"));
        assertEquals(1.0, root.get("version"));
        assertEquals(List.of(3.0, 3.0), ((Map<?, ?>) ((Map<?, ?>) root.get("parameters")).get("J")).get("shape"));
        String sum = (String) root.get("sha256");
        String zeroed = text.replace(sum, "0".repeat(64));
        assertEquals(sum, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(zeroed.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void flippedByteIsRefusedAsDamaged() throws IOException {
        ModelSpec spec = ising(16);
        Path file = Checkpoint.write(dir, spec, theta(spec, 2), provenance(1));
        byte[] good = Files.readAllBytes(file);
        // A byte in the middle of the values, one in the checksum itself, and one that breaks the JSON.
        int[] positions = {good.length / 2, new String(good, StandardCharsets.UTF_8).indexOf("\"sha256\"") + 15, 0};
        for (int pos : positions) {
            byte[] bad = good.clone();
            bad[pos] ^= 0x01;
            Files.write(file, bad);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec));
            assertTrue(e.getMessage().startsWith("checkpoint.json is damaged ("), e.getMessage());
            assertTrue(e.getMessage().endsWith("): restore it or train again"), e.getMessage());
        }
        byte[] bad = good.clone();
        bad[good.length / 2] ^= 0x01;
        Files.write(file, bad);
        assertEquals("checkpoint.json is damaged (checksum mismatch): restore it or train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec)).getMessage());
    }

    @Test
    void otherSignatureIsRefusedNamingTheFirstDifference() throws IOException {
        Checkpoint.write(dir, ising(16), new double[ising(16).paramSize()], provenance(1));
        assertEquals("checkpoint.json holds Ising16 with J[16,16], the model now declares J[20,20]: train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, withVariable(16, 20))).getMessage());
        assertEquals("checkpoint.json holds Ising16 with s[16], the model now declares s[20]: train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, ising(20))).getMessage());
        ModelSpec binary = ModelSpec.builder("Ising16").variable("s", Role.VISIBLE, Domain.BINARY, Shape.of(16), false)
                .param("J", Shape.of(16, 16), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
                .param("h", Shape.of(16), Init.zeros(), false).build();
        assertEquals("checkpoint.json holds Ising16 with s[16]:spin, the model now declares s[16]:binary: train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, binary)).getMessage());
        ModelSpec noField = ModelSpec.builder("Ising16").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(16), false)
                .param("J", Shape.of(16, 16), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
                .build();
        assertEquals("checkpoint.json holds Ising16 with parameter h[16], which the model no longer declares: train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, noField)).getMessage());
        ModelSpec other = ModelSpec.builder("Lattice").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(16), false).build();
        assertEquals("checkpoint.json holds Ising16, not Lattice: train again",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, other)).getMessage());
    }

    /** Ising16 with {@code units} spins but couplings declared for {@code couplings} units. */
    private static ModelSpec withVariable(int units, int couplings) {
        return ModelSpec.builder("Ising16").variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(units), false)
                .param("J", Shape.of(couplings, couplings), Init.zeros(), false, Constraint.SYMMETRIC,
                        Constraint.ZERO_DIAGONAL)
                .param("h", Shape.of(units), Init.zeros(), false).build();
    }

    @Test
    void interruptedWriteLeavesThePreviousCheckpointAndNoTemporaryFile() throws IOException {
        ModelSpec spec = ising(4);
        double[] first = theta(spec, 3);
        Checkpoint.write(dir, spec, first, provenance(1));
        byte[] second = Checkpoint.toBytes(spec, theta(spec, 4), provenance(1));
        // The write of the next checkpoint fails after half of its bytes reached the disk.
        assertThrows(IOException.class, () -> AtomicFiles.write(dir.resolve(Checkpoint.FILE_NAME), out -> {
            out.write(second, 0, second.length / 2);
            out.flush();
            throw new IOException("No space left on device");
        }));
        assertArrayEquals(first, Checkpoint.read(dir, spec).theta());
        assertEquals(List.of(dir.resolve("checkpoint.json"), dir.resolve("params")), AtomicFilesTest.listing(dir));
        assertEquals(List.of(dir.resolve("params/J.npy"), dir.resolve("params/h.npy")),
                AtomicFilesTest.listing(dir.resolve("params")));
    }

    @Test
    void checkpointWriteFailingPartWayKeepsThePreviousCheckpointJson() throws IOException {
        ModelSpec spec = ising(4);
        double[] first = theta(spec, 3);
        Checkpoint.write(dir, spec, first, provenance(1));
        // The export of h fails (its name is taken by a non-empty folder) after J.npy was replaced.
        Files.delete(dir.resolve("params/h.npy"));
        Files.createDirectories(dir.resolve("params/h.npy/occupied"));
        assertThrows(IOException.class, () -> Checkpoint.write(dir, spec, theta(spec, 4), provenance(1)));
        assertArrayEquals(first, Checkpoint.read(dir, spec).theta());
        assertEquals(List.of(dir.resolve("checkpoint.json"), dir.resolve("params")), AtomicFilesTest.listing(dir));
        // J.npy is the failed write's; the marker says so, and no temporary file is left.
        assertEquals(List.of(dir.resolve("params/.writing"), dir.resolve("params/J.npy"), dir.resolve("params/h.npy")),
                AtomicFilesTest.listing(dir.resolve("params")));
    }

    @Test
    void exportsThatAreNotTheCheckpointsParametersRefuseIt() throws Exception {
        ModelSpec spec = ising(3);
        double[] theta = theta(spec, 6);
        Checkpoint.write(dir, spec, theta, provenance(1));
        Path j = dir.resolve("params/J.npy");
        byte[] good = Files.readAllBytes(j);
        String fix = ": it was changed after training; delete it (the next train writes it again) or restore it";
        List<Map.Entry<String, byte[]>> cases = new java.util.ArrayList<>();
        cases.add(Map.entry("params/J.npy does not hold the float64 values of checkpoint.json",
                Npy.toBytes(Arrays.stream(Arrays.copyOfRange(theta, 0, 9)).map(v -> v * 2).toArray(), 3, 3)));
        cases.add(Map.entry("params/J.npy has shape [9], not [3, 3]", Npy.toBytes(Arrays.copyOfRange(theta, 0, 9), 9)));
        cases.add(Map.entry("params/J.npy is not a NumPy .npy file (no \\x93NUMPY magic)",
                "J,0,1\n".repeat(20).getBytes(StandardCharsets.US_ASCII)));
        byte[] f4 = new String(Npy.toBytes(new double[9], 3, 3), StandardCharsets.ISO_8859_1).replace("<f8", "<f4")
                .substring(0, 128 + 36).getBytes(StandardCharsets.ISO_8859_1);
        // float32 values: a float64 array saved as float32 by hand
        cases.add(Map.entry("params/J.npy does not hold the float64 values of checkpoint.json", f4));
        for (Map.Entry<String, byte[]> c : cases) {
            Files.write(j, c.getValue());
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec), c.getKey());
            assertEquals(c.getKey() + fix, e.getMessage());
        }
        Files.delete(j);
        assertArrayEquals(theta, Checkpoint.read(dir, spec).theta(), "an export deleted is only a copy gone");
        Files.write(j, good);
        assertArrayEquals(theta, Checkpoint.read(dir, spec).theta());
    }

    @Test
    void exportsOfAWriteKilledBeforeItsCheckpointJsonDoNotRefuseTheCheckpoint() throws IOException {
        ModelSpec spec = ising(3);
        double[] first = theta(spec, 6);
        Checkpoint.write(dir, spec, first, provenance(1));
        // What a process killed after the exports and before checkpoint.json leaves behind.
        Files.write(dir.resolve("params/.writing"), new byte[0]);
        Npy.write(dir.resolve("params/J.npy"), Arrays.copyOfRange(theta(spec, 7), 0, 9), 3, 3);
        assertArrayEquals(first, Checkpoint.read(dir, spec).theta());
        // The next complete write makes the set whole again and removes the marker.
        Checkpoint.write(dir, spec, first, provenance(1));
        assertTrue(!Files.exists(dir.resolve("params/.writing")));
        assertArrayEquals(first, Checkpoint.read(dir, spec).theta());
    }

    @Test
    void sameInputsGiveByteIdenticalFiles() throws IOException {
        ModelSpec spec = ising(16);
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Checkpoint.write(a, spec, theta(spec, 5), provenance(9));
        Checkpoint.write(b, spec, theta(spec, 5), provenance(9));
        for (String f : new String[] {"checkpoint.json", "params/J.npy", "params/h.npy"}) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f);
        }
    }

    @Test
    void parametersAreExportedAsNpy() throws IOException {
        ModelSpec spec = ising(3);
        double[] theta = theta(spec, 6);
        Checkpoint.write(dir, spec, theta, provenance(1));
        Npy.Array j = Npy.read(dir.resolve("params/J.npy"));
        assertArrayEquals(new int[] {3, 3}, j.shape());
        assertArrayEquals(Arrays.copyOfRange(theta, 0, 9), j.values());
        Npy.Array h = Npy.read(dir.resolve("params/h.npy"));
        assertArrayEquals(new int[] {3}, h.shape());
        assertArrayEquals(Arrays.copyOfRange(theta, 9, 12), h.values());
    }

    @Test
    void nonFiniteParametersAreRefusedAndNothingIsWritten() throws IOException {
        ModelSpec spec = ising(3);
        double[] theta = new double[spec.paramSize()];
        theta[4] = Double.NaN;
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoint.write(dir, spec, theta, provenance(1)));
        assertEquals("training diverged: parameter J has non-finite values; lower the learning rate or check the data",
                e.getMessage());
        assertEquals(List.of(), AtomicFilesTest.listing(dir));
    }

    @Test
    void missingFileAndForeignFile() throws IOException {
        ModelSpec spec = ising(3);
        CheckpointException missing = assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec));
        assertEquals("no checkpoint at " + dir + " (looked for " + dir.resolve("checkpoint.json").toAbsolutePath()
                + "): train first, or pass the folder `train` wrote", missing.getMessage());
        Files.writeString(dir.resolve("checkpoint.json"), "{\"hello\": 1}");
        assertEquals("checkpoint.json is not a Thermogen checkpoint (no \"format\": \"thermogen-checkpoint\"):"
                + " pass the folder that `train` wrote",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(dir, spec)).getMessage());
    }

    @Test
    void seedsBeyondTheDoublesExactRangeSurvive() throws IOException {
        ModelSpec spec = ising(2);
        for (long seed : new long[] {0, -1, 1L << 53, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE}) {
            Checkpoint.write(dir, spec, new double[spec.paramSize()], provenance(seed));
            assertEquals(seed, Checkpoint.read(dir, spec).provenance().seed());
        }
    }
}
