package org.thermogen.runtime.train;

/**
 * Clipping by global norm (Pascanu et al. 2013): when the Euclidean norm of the whole
 * gradient exceeds {@code maxNorm}, the gradient is scaled to norm {@code maxNorm}; its
 * direction is kept. Guards stochastic training of networks against the rare huge
 * gradient that would throw Adam's moment estimates off for many steps.
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Scales {@code grad} in place to norm at most {@code maxNorm}.
     *
     * @return the norm before clipping
     * @throws IllegalArgumentException unless {@code maxNorm > 0}
     */
    public static double clip(double[] grad, double maxNorm) {
        checkMaxNorm(maxNorm);
        double norm = norm(grad);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= scale;
            }
        }
        return norm;
    }

    /** The Euclidean norm, scaled so that it neither overflows nor underflows. */
    public static double norm(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Math.max(max, Math.abs(x));
        }
        if (max == 0 || !Double.isFinite(max)) {
            return max;
        }
        double s = 0;
        for (double x : v) {
            double y = x / max;
            s += y * y;
        }
        return max * Math.sqrt(s);
    }

    /** An updater that clips each gradient to {@code maxNorm} (in place) before {@code inner} steps. */
    public static Updater clipped(Updater inner, double maxNorm) {
        checkMaxNorm(maxNorm);
        return new Updater() {
            @Override
            public void step(double[] theta, double[] grad, double progress) {
                clip(grad, maxNorm);
                inner.step(theta, grad, progress);
            }

            @Override
            public double[] state() {
                return inner.state();
            }

            @Override
            public void restore(double[] state) {
                inner.restore(state);
            }
        };
    }

    private static void checkMaxNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("gradient clipping needs a finite max norm > 0, got " + maxNorm);
        }
    }
}
