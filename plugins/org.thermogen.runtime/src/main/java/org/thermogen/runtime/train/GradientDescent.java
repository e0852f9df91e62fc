package org.thermogen.runtime.train;

/** Plain gradient descent, {@code gd(lr auto)} or {@code gd(lr 0.05)}. */
public final class GradientDescent implements Optimizer {
    private final LearningRate lr;

    private GradientDescent(LearningRate lr) {
        this.lr = lr;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "gd(lr " + lr.describe() + ")";
    }

    @Override
    public LearningRate learningRate() {
        return lr;
    }

    /** Settings of {@code gd(...)}. */
    public static final class Builder {
        private LearningRate lr = LearningRate.auto();

        public Builder lr(LearningRate v) {
            this.lr = v;
            return this;
        }

        public GradientDescent build() {
            return new GradientDescent(lr);
        }
    }
}
