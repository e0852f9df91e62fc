package org.thermogen.runtime.data;

import java.util.SplittableRandom;

/**
 * A two-dimensional swiss roll, {@code swiss_roll(n 1000, noise 0.1, seed 0)}: the spiral
 * {@code (t cos t, t sin t) / 10} with {@code t = 1.5 pi (1 + 2 u)} and {@code u} uniform in
 * [0, 1] (the first and third coordinates of scikit-learn's {@code make_swiss_roll}, scaled by
 * 1/10), plus independent normal noise of deviation {@code noise} on both coordinates. The
 * label of a row is 0 on the inner half of the spiral ({@code u < 1/2}) and 1 on the outer.
 * The points lie in about {@code [-1.0, 1.3] x [-1.2, 1.5]}.
 *
 * <pre>{@code
 * Dataset roll = SwissRollSource.builder().n(2000).noise(0.02).seed(3L).build().read(Path.of(""), "Roll");
 * }</pre>
 *
 * Defaults: {@code n 1000, noise 0.1, seed 0}.
 */
public final class SwissRollSource extends PlaneCurveSource {

    private SwissRollSource(Builder b) {
        super("swiss_roll", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    int point(int i, SplittableRandom random, double[] xy) {
        double u = random.nextDouble();
        double t = 1.5 * Math.PI * (1 + 2 * u);
        xy[0] = t * Math.cos(t) / 10;
        xy[1] = t * Math.sin(t) / 10;
        return u < 0.5 ? 0 : 1;
    }

    /** Settings of a {@code swiss_roll(...)} source. */
    public static final class Builder extends CurveBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public SwissRollSource build() {
            check("swiss_roll");
            return new SwissRollSource(this);
        }
    }
}
