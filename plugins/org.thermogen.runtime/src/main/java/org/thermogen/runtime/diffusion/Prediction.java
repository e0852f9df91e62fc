package org.thermogen.runtime.diffusion;

/**
 * What a denoiser's network outputs, given {@code x_t = a x_0 + s eps} with
 * {@code a = sqrt(abar_t)} and {@code s = sqrt(1 - abar_t)}:
 * <ul>
 * <li>{@link #EPSILON}: the noise {@code eps} (Ho et al. 2020);</li>
 * <li>{@link #X0}: the clean sample {@code x_0};</li>
 * <li>{@link #V}: the velocity {@code v = a eps - s x_0} (Salimans and Ho 2022).</li>
 * </ul>
 * Since {@code a^2 + s^2 = 1}, each determines the others given {@code x_t}:
 * {@code x_0 = (x_t - s eps) / a = a x_t - s v}, {@code eps = (x_t - a x_0) / s = s x_t + a v}.
 * The conversions work one element at a time and allocate nothing.
 */
public enum Prediction {
    /** The network predicts the noise; {@code .gen}: {@code predicts noise}. */
    EPSILON("noise"),
    /** The network predicts the clean sample; {@code .gen}: {@code predicts sample}. */
    X0("sample"),
    /** The network predicts {@code v = a eps - s x_0}; {@code .gen}: {@code predicts velocity}. */
    V("velocity");

    private final String genName;

    Prediction(String genName) {
        this.genName = genName;
    }

    /** The word after {@code predicts} in a .gen file. */
    public String genName() {
        return genName;
    }

    /** The prediction type named {@code noise}, {@code sample} or {@code velocity} (also {@code epsilon}, {@code x0}, {@code v}). */
    public static Prediction ofGenName(String name) {
        switch (name) {
            case "noise", "epsilon", "eps":
                return EPSILON;
            case "sample", "x0":
                return X0;
            case "velocity", "v":
                return V;
            default:
                throw new IllegalArgumentException("unknown prediction type '" + name
                        + "'; write noise (epsilon), sample (x0) or velocity (v)");
        }
    }

    /**
     * The noise implied by the network output {@code prediction} at {@code xt}.
     *
     * @param a {@code sqrt(abar_t)}
     * @param s {@code sqrt(1 - abar_t)}
     */
    public double toEpsilon(double prediction, double xt, double a, double s) {
        switch (this) {
            case EPSILON:
                return prediction;
            case X0:
                return (xt - a * prediction) / s;
            default:
                return s * xt + a * prediction;
        }
    }

    /** The clean sample implied by the network output {@code prediction} at {@code xt}. */
    public double toX0(double prediction, double xt, double a, double s) {
        switch (this) {
            case EPSILON:
                return (xt - s * prediction) / a;
            case X0:
                return prediction;
            default:
                return a * xt - s * prediction;
        }
    }

    /**
     * What this prediction type should output for a sample {@code x0} noised with {@code eps}:
     * the regression target of the simplified loss.
     */
    public double target(double x0, double eps, double a, double s) {
        switch (this) {
            case EPSILON:
                return eps;
            case X0:
                return x0;
            default:
                return a * eps - s * x0;
        }
    }

    /**
     * Converts {@code n} outputs of type {@code this} at {@code xt} into the same quantity
     * predicted as {@code to}, into {@code out} (which may be {@code prediction}).
     */
    public void convert(Prediction to, double[] prediction, double[] xt, int n, double a, double s, double[] out) {
        for (int i = 0; i < n; i++) {
            double eps = toEpsilon(prediction[i], xt[i], a, s);
            double x0 = toX0(prediction[i], xt[i], a, s);
            out[i] = to.target(x0, eps, a, s);
        }
    }
}
