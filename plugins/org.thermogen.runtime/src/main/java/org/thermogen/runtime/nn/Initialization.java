package org.thermogen.runtime.nn;

import org.thermogen.runtime.model.Init;

/**
 * How the weight matrices of a network start; biases always start at zero.
 * {@link #DEFAULT} picks He for relu and silu layers and Xavier otherwise.
 */
public enum Initialization {
    /** Uniform, variance {@code 2 / (fanIn + fanOut)}. */
    XAVIER_UNIFORM,
    /** Normal, variance {@code 2 / (fanIn + fanOut)}. */
    XAVIER_NORMAL,
    /** Uniform, variance {@code 2 / fanIn}. */
    HE_UNIFORM,
    /** Normal, variance {@code 2 / fanIn}. */
    HE_NORMAL,
    /** {@link #HE_NORMAL} before relu or silu, {@link #XAVIER_UNIFORM} before anything else. */
    DEFAULT;

    /** The initial values of a weight matrix followed by {@code activation}. */
    public Init weights(Activation activation) {
        return switch (this) {
            case XAVIER_UNIFORM -> Init.xavier(false);
            case XAVIER_NORMAL -> Init.xavier(true);
            case HE_UNIFORM -> Init.he(false);
            case HE_NORMAL -> Init.he(true);
            case DEFAULT -> activation == Activation.RELU || activation == Activation.SILU ? Init.he(true)
                    : Init.xavier(false);
        };
    }
}
