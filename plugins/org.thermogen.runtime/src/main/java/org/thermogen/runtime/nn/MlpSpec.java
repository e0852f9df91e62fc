package org.thermogen.runtime.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The architecture of a multi-layer perceptron, immutable: an input size, hidden layers
 * (width and activation) and an output layer. The output layer is either a single output
 * with one activation or a list of named heads, the columns of the last layer split into
 * consecutive slices each with its own activation ({@code [mu 16, logvar 16]}).
 *
 * <pre>{@code
 * MlpSpec enc = MlpSpec.input(64)
 *         .hidden(128, Activation.RELU)
 *         .head("mu", 16, Activation.IDENTITY)
 *         .head("logvar", 16, Activation.IDENTITY)
 *         .build();   // mlp(64 -> 128 relu -> [mu 16, logvar 16])
 * }</pre>
 */
public final class MlpSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The name of the head of a single-output network. */
    public static final String OUTPUT = "out";

    /** A hidden layer. */
    public record Layer(int width, Activation activation) implements java.io.Serializable {
        public Layer {
            if (width <= 0) {
                throw new IllegalArgumentException("a layer needs a positive width, got " + width);
            }
            Objects.requireNonNull(activation, "activation");
        }
    }

    /**
     * A named slice of the output layer.
     *
     * @param start the first output column of the slice
     */
    public record Head(String name, int size, Activation activation, int start) implements java.io.Serializable {
        public Head {
            if (size <= 0) {
                throw new IllegalArgumentException("head '" + name + "' needs a positive size, got " + size);
            }
            Objects.requireNonNull(activation, "activation");
        }
    }

    private final int inputSize;
    private final List<Layer> hidden;
    private final List<Head> heads;
    private final boolean single;
    private final int outputSize;

    private MlpSpec(Builder b) {
        this.inputSize = b.inputSize;
        this.hidden = List.copyOf(b.hidden);
        this.heads = List.copyOf(b.heads);
        this.single = b.single;
        int n = 0;
        for (Head h : heads) {
            n += h.size();
        }
        this.outputSize = n;
    }

    /** Starts a spec for inputs of {@code size} columns. */
    public static Builder input(int size) {
        return new Builder(size);
    }

    public int inputSize() {
        return inputSize;
    }

    public List<Layer> hidden() {
        return hidden;
    }

    /** The output heads in column order; a single output is one head named {@value #OUTPUT}. */
    public List<Head> heads() {
        return heads;
    }

    /**
     * The head called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Head head(String name) {
        for (Head h : heads) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no output head '" + name + "' in " + describe());
    }

    /** Columns of the output layer (all heads). */
    public int outputSize() {
        return outputSize;
    }

    /** Number of affine layers: the hidden ones and the output layer. */
    public int layers() {
        return hidden.size() + 1;
    }

    /** Inputs of affine layer {@code l}. */
    public int fanIn(int l) {
        return l == 0 ? inputSize : hidden.get(l - 1).width();
    }

    /** Outputs of affine layer {@code l}. */
    public int fanOut(int l) {
        return l == hidden.size() ? outputSize : hidden.get(l).width();
    }

    /** Weights and biases of all layers. */
    public int paramCount() {
        int n = 0;
        for (int l = 0; l < layers(); l++) {
            n += (fanIn(l) + 1) * fanOut(l);
        }
        return n;
    }

    /** {@code mlp(64 -> 128 relu -> [mu 16, logvar 16])} or {@code mlp(16 -> 64 sigmoid)}. */
    public String describe() {
        StringBuilder b = new StringBuilder("mlp(").append(inputSize);
        for (Layer l : hidden) {
            b.append(" -> ").append(l.width()).append(' ').append(l.activation().keyword());
        }
        b.append(" -> ");
        if (single) {
            b.append(outputSize).append(' ').append(heads.get(0).activation().keyword());
        } else {
            b.append('[');
            for (int i = 0; i < heads.size(); i++) {
                Head h = heads.get(i);
                b.append(i == 0 ? "" : ", ").append(h.name()).append(' ').append(h.size());
                if (h.activation() != Activation.IDENTITY) {
                    b.append(' ').append(h.activation().keyword());
                }
            }
            b.append(']');
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec s && s.inputSize == inputSize && s.single == single && s.hidden.equals(hidden)
                && s.heads.equals(heads);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputSize, hidden, heads, single);
    }

    /** Collects layers in order; call {@link #output} once or {@link #head} at least once. */
    public static final class Builder {
        private final int inputSize;
        private final List<Layer> hidden = new ArrayList<>();
        private final List<Head> heads = new ArrayList<>();
        private boolean single;
        private int next;

        private Builder(int inputSize) {
            if (inputSize <= 0) {
                throw new IllegalArgumentException("an mlp needs a positive input size, got " + inputSize);
            }
            this.inputSize = inputSize;
        }

        public Builder hidden(int width, Activation activation) {
            if (!heads.isEmpty()) {
                throw new IllegalArgumentException("hidden layers come before the output layer");
            }
            hidden.add(new Layer(width, activation));
            return this;
        }

        /** A single output of {@code size} columns, the head {@value MlpSpec#OUTPUT}. */
        public Builder output(int size, Activation activation) {
            if (!heads.isEmpty()) {
                throw new IllegalArgumentException("an mlp has either one output or named heads, not both");
            }
            single = true;
            heads.add(new Head(OUTPUT, size, activation, 0));
            next = size;
            return this;
        }

        /** A named head: the next {@code size} columns of the output layer. */
        public Builder head(String name, int size, Activation activation) {
            if (single) {
                throw new IllegalArgumentException("an mlp has either one output or named heads, not both");
            }
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a head needs a name");
            }
            for (Head h : heads) {
                if (h.name().equals(name)) {
                    throw new IllegalArgumentException("two output heads named '" + name + "'");
                }
            }
            heads.add(new Head(name, size, activation, next));
            next += size;
            return this;
        }

        /** A named head without activation. */
        public Builder head(String name, int size) {
            return head(name, size, Activation.IDENTITY);
        }

        public MlpSpec build() {
            if (heads.isEmpty()) {
                throw new IllegalArgumentException("an mlp needs an output layer: call output(size, activation) or head(...)");
            }
            return new MlpSpec(this);
        }
    }
}
