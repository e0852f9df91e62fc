package org.thermogen.runtime.eval;

import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Model;

/**
 * One side of {@code kl(A, B)}: this model, another model at its declared parameters, a
 * dataset's true distribution (known for {@code gaussian} and {@code boltzmann_samples}
 * sources), or a dataset's data (the empirical distribution for discrete units, the
 * maximum-likelihood Gaussian for real ones).
 */
public final class Reference {
    enum Kind {
        MODEL, OTHER, TRUTH, DATA
    }

    final Kind kind;
    final DatasetDefinition dataset;
    final String part;
    final Model other;

    private Reference(Kind kind, DatasetDefinition dataset, String part, Model other) {
        this.kind = kind;
        this.dataset = dataset;
        this.part = part;
        this.other = other;
    }

    private Reference(Kind kind, DatasetDefinition dataset, String part) {
        this(kind, dataset, part, null);
    }

    /**
     * Another model of the same units at its declared parameters (values, constants and
     * seeded initializations: the same in every run): {@code kl(Truth, Ising16)} against a
     * model whose couplings are written out.
     */
    public static Reference model(Model other) {
        return new Reference(Kind.OTHER, null, null, java.util.Objects.requireNonNull(other));
    }

    /** The other model's declared parameters. */
    double[] otherParameters() {
        return other.spec().initialParameters(new java.util.SplittableRandom(0));
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
            case OTHER -> other.spec().name();
            case TRUTH -> dataset.name();
            case DATA -> dataset.name() + (part == null ? "" : "_" + part);
        };
    }

    /** The reference in .gen syntax. */
    String describe(String modelName) {
        return switch (kind) {
            case MODEL -> modelName;
            case OTHER -> other.spec().name();
            case TRUTH -> dataset.name();
            case DATA -> dataset.name() + (part == null ? "" : "." + part);
        };
    }
}
