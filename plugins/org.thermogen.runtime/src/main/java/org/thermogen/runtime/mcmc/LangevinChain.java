package org.thermogen.runtime.mcmc;

import java.util.Locale;
import java.util.SplittableRandom;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.EnergyFunction;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.VariableSpec;

/**
 * One Langevin chain on a real-valued energy, driven by the generated
 * {@link EnergyFunction#stateGradient}.
 *
 * <p>Unadjusted (ULA): {@code x' = x - eps grad E(x) + sqrt(2 eps) xi}, {@code xi ~ N(0, I)}.
 * This is the Euler discretization of the Langevin diffusion whose stationary law is
 * {@code exp(-E) / Z}; the discretization biases the chain's stationary law by
 * {@code O(eps)} (for {@code E = x^2 / (2 s^2)} the variance is {@code s^2 / (1 - eps / (2 s^2))}).
 *
 * <p>Adjusted (MALA): the same move is a proposal {@code y}, accepted with probability
 * {@code min(1, exp(E(x) - E(y)) q(x | y) / q(y | x))}, where
 * {@code q(y | x) ~ exp(-|y - x + eps grad E(x)|^2 / (4 eps))} is the proposal density; the
 * correction makes {@code exp(-E) / Z} exactly stationary. Proposals with a non-finite
 * energy or gradient are rejected, so an adjusted chain never leaves the finite states.
 *
 * <p>The chain reads the parameter array it was given at every step and does not copy it:
 * persistent chains in training follow the trainer's parameters, calling
 * {@link #parametersChanged()} after each update. Steps allocate nothing.
 */
public final class LangevinChain {
    private final EnergyFunction f;
    private final double[] theta;
    private final double step;
    private final double noise;
    private final boolean adjusted;
    private SplittableRandom random;
    private double[] x;
    private double[] g;
    private double[] y;
    private double[] gy;
    private double energy = Double.NaN;
    private long proposals;
    private long accepted;

    /**
     * A chain from {@code start} (copied), or from a draw of {@code N(0, I)} taken from
     * {@code random} when {@code start} is null.
     *
     * @param theta the parameters, read live (not copied)
     * @throws IllegalArgumentException if the model has binary or spin units, or the step is not positive
     */
    public LangevinChain(EnergyFunction f, double[] theta, double step, boolean adjusted, SplittableRandom random,
            double[] start) {
        requireReal(f.spec(), "langevin", "sample it with gibbs or exact");
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("langevin step must be a positive number, not " + step);
        }
        int n = f.spec().stateSize();
        this.f = f;
        this.theta = theta;
        this.step = step;
        this.noise = Math.sqrt(2 * step);
        this.adjusted = adjusted;
        this.random = random;
        this.x = new double[n];
        this.g = new double[n];
        this.y = new double[n];
        this.gy = new double[n];
        if (start != null) {
            if (start.length < n) {
                throw new IllegalArgumentException("a start state needs " + n + " values, got " + start.length);
            }
            System.arraycopy(start, 0, x, 0, n);
        } else {
            for (int i = 0; i < n; i++) {
                x[i] = random.nextGaussian();
            }
        }
        parametersChanged();
    }

    /**
     * Refuses models with binary or spin units: Langevin dynamics moves every unit along
     * the gradient, which only means something for real units.
     *
     * @param who     the sampler or trainer, for the message
     * @param instead what to use for such a model, for the message ({@code "sample it with gibbs or exact"})
     */
    public static void requireReal(ModelSpec spec, String who, String instead) {
        for (VariableSpec v : spec.variables()) {
            if (v.domain() != Domain.REAL) {
                throw new IllegalArgumentException(who + " needs real units, but " + v.name() + " of " + spec.name()
                        + " is " + v.domain().name().toLowerCase(Locale.ROOT) + ": " + instead);
            }
        }
    }

    /**
     * Recomputes the gradient (and, when adjusted, the energy) at the current state: call
     * it after the parameters changed, before the next {@link #advance}.
     */
    public void parametersChanged() {
        f.stateGradient(x, theta, g);
        energy = adjusted ? f.energy(x, theta) : Double.NaN;
    }

    /**
     * Takes {@code steps} Langevin steps.
     *
     * @return false if an unadjusted chain reached a non-finite state or gradient (the step
     *         is too large for the energy, or the energy does not confine the chain); the
     *         chain stops there. Adjusted chains always return true.
     */
    public boolean advance(int steps) {
        return adjusted ? adjustedSteps(steps) : unadjustedSteps(steps);
    }

    private boolean unadjustedSteps(int steps) {
        int n = x.length;
        for (int s = 0; s < steps; s++) {
            double[] xs = x;
            double[] gs = g;
            for (int i = 0; i < n; i++) {
                xs[i] = xs[i] - step * gs[i] + noise * random.nextGaussian();
            }
            f.stateGradient(xs, theta, gs);
            for (int i = 0; i < n; i++) {
                // A NaN or infinity anywhere in the state or gradient propagates into every later step.
                if (!Double.isFinite(xs[i]) || !Double.isFinite(gs[i])) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean adjustedSteps(int steps) {
        int n = x.length;
        double fourStep = 4 * step;
        for (int s = 0; s < steps; s++) {
            double[] xs = x;
            double[] gs = g;
            double[] ys = y;
            // |y - x + eps g(x)|^2 / (4 eps) = |sqrt(2 eps) xi|^2 / (4 eps) = |xi|^2 / 2.
            double forward = 0;
            for (int i = 0; i < n; i++) {
                double xi = random.nextGaussian();
                ys[i] = xs[i] - step * gs[i] + noise * xi;
                forward += 0.5 * xi * xi;
            }
            double u = random.nextDouble();
            proposals++;
            double ey = f.energy(ys, theta);
            if (!Double.isFinite(ey)) {
                continue;
            }
            f.stateGradient(ys, theta, gy);
            double backward = 0;
            boolean finite = true;
            for (int i = 0; i < n; i++) {
                double gyi = gy[i];
                finite &= Double.isFinite(gyi);
                double d = xs[i] - ys[i] + step * gyi;
                backward += d * d;
            }
            if (!finite) {
                continue;
            }
            double logAccept = energy - ey - backward / fourStep + forward;
            // u in [0, 1): log(0) is -infinity and always accepts, as min(1, a) > 0 should.
            if (Math.log(u) < logAccept) {
                x = ys;
                y = xs;
                g = gy;
                gy = gs;
                energy = ey;
                accepted++;
            }
        }
        return true;
    }

    /** The current state. Live: copy it to keep it. */
    public double[] state() {
        return x;
    }

    /** The energy at the current state when adjusted (kept by MALA); NaN for unadjusted chains. */
    public double energy() {
        return energy;
    }

    /** Proposals made so far by an adjusted chain (since the last {@link #resetCounts()}). */
    public long proposals() {
        return proposals;
    }

    /** Proposals accepted so far by an adjusted chain (since the last {@link #resetCounts()}). */
    public long accepted() {
        return accepted;
    }

    /**
     * Draws from {@code next} from now on: a trainer that draws each epoch's randomness from
     * its own stream (so that a stopped run continues as it would have) hands it over here.
     */
    public void random(SplittableRandom next) {
        this.random = java.util.Objects.requireNonNull(next);
    }

    /**
     * Puts the chain at {@code state} (copied) with the given acceptance counts, where a saved
     * run left it; call {@link #parametersChanged} before the next {@link #advance}.
     */
    public void restore(double[] state, long proposals, long accepted) {
        System.arraycopy(state, 0, x, 0, x.length);
        this.proposals = proposals;
        this.accepted = accepted;
    }

    /** Forgets the acceptance counts, after the burn-in. */
    public void resetCounts() {
        proposals = 0;
        accepted = 0;
    }
}
