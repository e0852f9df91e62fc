package org.thermogen.runtime.train;

import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;

/**
 * Stochastic gradient descent with momentum and weight decay
 * ({@code sgd(lr 0.05, momentum 0.5 -> 0.9, weight_decay 1e-4)}):
 * {@code velocity = momentum * velocity - lr * (grad + weight_decay * theta)},
 * {@code theta += velocity}. Weight decay applies to matrix parameters (weights), not to
 * vectors and scalars (biases), as is usual for Boltzmann machines. Learning rate and
 * momentum may be schedules.
 */
public final class Sgd implements Optimizer {
    private final Schedule lr;
    private final Schedule momentum;
    private final double weightDecay;

    private Sgd(Builder b) {
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String describe() {
        return "sgd(lr " + lr.describe() + ", momentum " + momentum.describe() + ", weight_decay " + weightDecay + ")";
    }

    @Override
    public LearningRate learningRate() {
        return LearningRate.constant(lr.first());
    }

    @Override
    public Updater start(ModelSpec spec) {
        boolean[] decayed = weightMask(spec);
        double[] velocity = new double[spec.paramSize()];
        return new Updater() {
            @Override
            public void step(double[] theta, double[] grad, double progress) {
                double rate = lr.at(progress);
                double mu = momentum.at(progress);
                if (weightDecay == 0) {
                    // Without branches, which the JIT vectorises (the same arithmetic: g + 0.0 is g).
                    for (int i = 0; i < theta.length; i++) {
                        velocity[i] = mu * velocity[i] - rate * grad[i];
                        theta[i] += velocity[i];
                    }
                    return;
                }
                for (int i = 0; i < theta.length; i++) {
                    double g = grad[i] + (decayed[i] ? weightDecay * theta[i] : 0.0);
                    velocity[i] = mu * velocity[i] - rate * g;
                    theta[i] += velocity[i];
                }
            }

            @Override
            public double[] state() {
                return velocity.clone();
            }

            @Override
            public void restore(double[] s) {
                Updater.requireLength(s, velocity.length);
                System.arraycopy(s, 0, velocity, 0, velocity.length);
            }
        };
    }

    /** True for the elements of matrix (rank 2 or more) parameters that training may change. */
    static boolean[] weightMask(ModelSpec spec) {
        boolean[] mask = new boolean[spec.paramSize()];
        for (ParamSpec p : spec.params()) {
            if (p.shape().rank() >= 2 && !p.fixed()) {
                java.util.Arrays.fill(mask, p.offset(), p.offset() + p.size(), true);
            }
        }
        return mask;
    }

    /** Settings of {@code sgd(...)}. */
    public static final class Builder {
        private Schedule lr = Schedule.constant(0.01);
        private Schedule momentum = Schedule.constant(0.0);
        private double weightDecay;

        public Builder lr(Schedule v) {
            this.lr = v;
            return this;
        }

        public Builder momentum(Schedule v) {
            this.momentum = v;
            return this;
        }

        public Builder weightDecay(double v) {
            this.weightDecay = v;
            return this;
        }

        public Sgd build() {
            if (!(lr.first() > 0) || lr.last() < 0) {
                throw new IllegalArgumentException("sgd needs a positive lr");
            }
            if (momentum.first() < 0 || momentum.first() >= 1 || momentum.last() < 0 || momentum.last() >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1)");
            }
            if (weightDecay < 0) {
                throw new IllegalArgumentException("weight_decay cannot be negative");
            }
            return new Sgd(this);
        }
    }
}
