package org.thermogen.runtime.train;

/**
 * Nesterov's accelerated gradient ({@code nesterov(lr auto)}): the gradient is taken at
 * {@code y = theta + beta (theta - theta_prev)} with {@code beta_k = (t_k - 1) / t_(k+1)},
 * {@code t_(k+1) = (1 + sqrt(1 + 4 t_k^2)) / 2}, and the step is the same {@code 1/L} as for
 * plain descent. Momentum restarts whenever a step would increase the exact objective (or,
 * with sampled expectations, when the gradient opposes the last move), the adaptive restart
 * of O'Donoghue and Candes (2015), so training stays monotone under exact expectations.
 */
public final class Nesterov implements Optimizer {
    private final LearningRate lr;

    private Nesterov(LearningRate lr) {
        this.lr = lr;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "nesterov(lr " + lr.describe() + ")";
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

    @Override
    public boolean accelerated() {
        return true;
    }

    /** Settings of {@code nesterov(...)}. */
    public static final class Builder {
        private LearningRate lr = LearningRate.auto();

        public Builder lr(LearningRate v) {
            this.lr = v;
            return this;
        }

        public Nesterov build() {
            return new Nesterov(lr);
        }
    }
}
