package org.thermogen.runtime.eval;

import org.thermogen.runtime.data.DatasetDefinition;

/**
 * One side of {@code kl(A, B)}: this model, a dataset's true distribution (known for
 * {@code gaussian} and {@code boltzmann_samples} sources), or a dataset's data (the
 * empirical distribution for discrete units, the maximum-likelihood Gaussian for real ones).
 */
public final class Reference {
    enum Kind {
        MODEL, TRUTH, DATA
    }

    final Kind kind;
    final DatasetDefinition dataset;
    final String part;

    private Reference(Kind kind, DatasetDefinition dataset, String part) {
        this.kind = kind;
        this.dataset = dataset;
        this.part = part;
    }

    public static Reference model() {
        return new Reference(Kind.MODEL, null, null);
    }

    public static Reference truth(DatasetDefinition dataset) {
        return new Reference(Kind.TRUTH, dataset, null);
    }

    public static Reference data(DatasetDefinition dataset, String part) {
        return new Reference(Kind.DATA, dataset, part);
    }

    /** A short label for result names: the model's name, {@code Spins16}, {@code Spins16_train}. */
    String label(String modelName) {
        return switch (kind) {
            case MODEL -> modelName;
            case TRUTH -> dataset.name();
            case DATA -> dataset.name() + (part == null ? "" : "_" + part);
        };
    }

    /** The reference in .gen syntax. */
    String describe(String modelName) {
        return switch (kind) {
            case MODEL -> modelName;
            case TRUTH -> dataset.name();
            case DATA -> dataset.name() + (part == null ? "" : "." + part);
        };
    }
}
