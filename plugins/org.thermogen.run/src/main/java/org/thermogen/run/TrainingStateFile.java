package org.thermogen.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermogen.runtime.io.AtomicFiles;
import org.thermogen.runtime.io.CheckpointException;
import org.thermogen.runtime.io.Json;
import org.thermogen.runtime.io.JsonException;
import org.thermogen.runtime.io.SealedJson;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.run.TrainingState;

/**
 * {@code training-state.json} beside the checkpoint: where a resumable training stood
 * ({@link TrainingState}: epoch, parameters, optimizer state), which trainer and seed it ran
 * with and the figures of its epochs so far, so that {@code thermogen train --resume DIR}
 * continues it bit-identically and writes the whole run's metrics. Written atomically and
 * checksummed as the checkpoint is ({@link SealedJson}).
 *
 * @param trainer the trainer in .gen syntax, epochs included
 * @param seed    the run's seed
 * @param state   where it stood
 * @param columns the history's columns ({@code epoch} first)
 * @param history one row per epoch done
 * @param heldOut what the run's held-out watch remembered, or null without {@code validation}
 */
record TrainingStateFile(String trainer, long seed, TrainingState state, List<String> columns, List<double[]> history,
        HeldOutRecord heldOut) {
    static final String FILE_NAME = "training-state.json";
    static final String FORMAT = "thermogen-training-state";

    void write(Path dir, ModelSpec spec) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("sha256", SealedJson.PLACEHOLDER);
        root.put("model", spec.name());
        root.put("signature", spec.signature());
        root.put("trainer", trainer);
        root.put("seed", Long.toString(seed));
        root.put("epoch", state.epoch());
        root.put("theta", nullable(state.theta()));
        root.put("optimizer", nullable(state.optimizer()));
        root.put("extra", nullable(state.extra()));
        root.put("columns", columns);
        List<List<Object>> rows = new ArrayList<>();
        for (double[] r : history) {
            rows.add(nullable(r));
        }
        root.put("history", rows);
        if (heldOut != null && heldOut.column() != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("column", heldOut.column());
            h.put("epochs", nullable(heldOut.epochs()));
            h.put("values", nullable(heldOut.values()));
            h.put("best_theta", nullable(heldOut.bestTheta()));
            root.put("held_out", h);
        }
        AtomicFiles.writeString(dir.resolve(FILE_NAME), SealedJson.seal(Json.write(root)));
    }

    /**
     * Reads the state a run left in {@code dir}.
     *
     * @throws CheckpointException if there is none, or it is damaged or of another model
     */
    static TrainingStateFile read(Path dir, ModelSpec spec) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file + ": no saved training to continue (a run of a trainer that can"
                    + " continue saves one beside its checkpoint); train without --resume", e);
        }
        Map<String, Object> root;
        try {
            root = Json.parseObject(text);
        } catch (JsonException e) {
            throw new CheckpointException(file + " is damaged (not valid JSON: " + e.getMessage() + "): train again", e);
        }
        if (!FORMAT.equals(root.get("format")) || !SealedJson.verify(text)) {
            throw new CheckpointException(file + " is damaged or not a saved training (checksum mismatch): train again");
        }
        if (!spec.signature().equals(root.get("signature"))) {
            throw new CheckpointException(file + " was saved for another model or shape than " + spec.name()
                    + " declares now: train again");
        }
        try {
            List<double[]> history = new ArrayList<>();
            for (Object row : (List<?>) root.get("history")) {
                history.add(doubles(row));
            }
            List<String> columns = new ArrayList<>();
            for (Object c : (List<?>) root.get("columns")) {
                columns.add((String) c);
            }
            TrainingState state = new TrainingState(((Double) root.get("epoch")).intValue(), doubles(root.get("theta")),
                    doubles(root.get("optimizer")), doubles(root.get("extra")), columns, history);
            HeldOutRecord heldOut = null;
            if (root.get("held_out") instanceof Map<?, ?> h) {
                heldOut = new HeldOutRecord((String) h.get("column"), doubles(h.get("epochs")), doubles(h.get("values")),
                        doubles(h.get("best_theta")));
            }
            return new TrainingStateFile((String) root.get("trainer"), Long.parseLong((String) root.get("seed")), state,
                    columns, history, heldOut);
        } catch (ClassCastException | NullPointerException | NumberFormatException e) {
            throw new CheckpointException(file + " is damaged (a field is missing or of the wrong kind): train again", e);
        }
    }

    /** JSON has no NaN: a value not measured (a figure, an estimate not made yet), or not finite, is written null. */
    private static List<Object> nullable(double[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isFinite(v) ? (Object) v : null);
        }
        return out;
    }

    private static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] v = new double[l.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = l.get(i) == null ? Double.NaN : (Double) l.get(i);
        }
        return v;
    }
}
