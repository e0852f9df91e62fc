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
        return updater(spec.paramSize(), lr.value());
    }

    /**
     * The accelerated step for trainers that compute the gradient themselves: {@code theta}
     * is the point {@code y_k} whose gradient is given; the updater takes the gradient step
     * {@code x_k = y_k - lr grad}, then moves to {@code y_(k+1) = x_k + beta_k (x_k - x_(k-1))}.
     * Momentum restarts when the gradient opposes the last move ({@code grad . (x_k - x_(k-1))
     * > 0}), the gradient restart of O'Donoghue and Candes (2015). Allocates nothing per step.
     */
    static Updater updater(int size, double lr) {
        double[] previous = new double[size];
        double[] x = new double[size];
        double[] t = {1};
        boolean[] first = {true};
        return new Updater() {
            @Override
            public void step(double[] theta, double[] grad, double progress) {
                double opposing = 0;
                for (int i = 0; i < size; i++) {
                    x[i] = theta[i] - lr * grad[i];
                    opposing += grad[i] * (x[i] - previous[i]);
                }
                if (first[0] || opposing > 0) {
                    t[0] = 1;
                }
                double next = (1 + Math.sqrt(1 + 4 * t[0] * t[0])) / 2;
                double beta = first[0] ? 0 : (t[0] - 1) / next;
                for (int i = 0; i < size; i++) {
                    theta[i] = x[i] + beta * (x[i] - previous[i]);
                    previous[i] = x[i];
                }
                t[0] = next;
                first[0] = false;
            }

            @Override
            public double[] state() {
                double[] s = new double[2 + size];
                s[0] = t[0];
                s[1] = first[0] ? 1 : 0;
                System.arraycopy(previous, 0, s, 2, size);
                return s;
            }

            @Override
            public void restore(double[] s) {
                Updater.requireLength(s, 2 + size);
                t[0] = s[0];
                first[0] = s[1] != 0;
                System.arraycopy(s, 2, previous, 0, size);
            }
        };
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
