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

    @Override
    public Updater start(org.thermogen.runtime.model.ModelSpec spec) {
        if (lr.isAuto()) {
            throw new IllegalArgumentException("lr auto needs exact expectations; with sampled gradients give a step:"
                    + " optimizer sgd(lr 0.05)");
        }
        return Sgd.builder().lr(Schedule.constant(lr.value())).build().start(spec);
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
