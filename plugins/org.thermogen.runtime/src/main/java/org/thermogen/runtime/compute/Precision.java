package org.thermogen.runtime.compute;

import java.util.Locale;

/**
 * The arithmetic a network computes in, and the mini-batch steps of contrastive divergence
 * on binary units. Parameters, gradients handed to optimizers and losses are float64 either
 * way; {@link #FLOAT32} runs the layers' products and activations (an RBM's fields, means and
 * weight gradients) in float32 on the {@link Backend}'s kernels, {@link #FLOAT64} in exact
 * float64 loops (for tests against finite differences and for users who want the last
 * digits).
 */
public enum Precision {
    FLOAT32,
    FLOAT64;

    /** The system property that overrides the networks' default: {@code float32} or {@code float64}. */
    public static final String PROPERTY = "thermogen.precision";

    /** The keyword in .gen files and on the command line. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision of a network that does not say: {@link #PROPERTY} if set, otherwise
     * float32.
     *
     * @throws IllegalArgumentException if the property names no precision
     */
    public static Precision networkDefault() {
        String p = System.getProperty(PROPERTY);
        return p == null || p.isBlank() ? FLOAT32 : of(p);
    }

    /** The precision of a keyword ({@code float32}, {@code float64}). */
    public static Precision of(String keyword) {
        for (Precision p : values()) {
            if (p.keyword().equals(keyword.strip().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("no precision " + keyword + "; use float32 or float64");
    }
}
