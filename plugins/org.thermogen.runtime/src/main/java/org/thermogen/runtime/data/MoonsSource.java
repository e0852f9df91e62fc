package org.thermogen.runtime.data;

import java.util.SplittableRandom;

/**
 * Two interleaving half circles in the plane, {@code moons(n 1000, noise 0.1, seed 0)}, the
 * shape of scikit-learn's {@code make_moons} with random rather than evenly spaced angles:
 * row {@code i} belongs to moon {@code i mod 2}; its angle {@code a} is uniform in
 * {@code [0, pi]}; moon 0 is the point {@code (cos a, sin a)}, moon 1 the point
 * {@code (1 - cos a, 1/2 - sin a)}; then independent normal noise of deviation
 * {@code noise} is added to both coordinates. The label of a row is its moon. The points
 * lie in about {@code [-1, 2] x [-1/2, 1]}, mean {@code (1/2, 1/4)}.
 *
 * <pre>{@code
 * Dataset moons = MoonsSource.builder().n(2000).noise(0.05).seed(3L).build().read(Path.of(""), "Moons");
 * }</pre>
 *
 * Defaults: {@code n 1000, noise 0.1, seed 0}.
 */
public final class MoonsSource extends PlaneCurveSource {

    private MoonsSource(Builder b) {
        super("moons", b);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    int point(int i, SplittableRandom random, double[] xy) {
        int moon = i % 2;
        double a = Math.PI * random.nextDouble();
        xy[0] = moon == 0 ? Math.cos(a) : 1 - Math.cos(a);
        xy[1] = moon == 0 ? Math.sin(a) : 0.5 - Math.sin(a);
        return moon;
    }

    /** Settings of a {@code moons(...)} source. */
    public static final class Builder extends CurveBuilder<Builder> {
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        public MoonsSource build() {
            check("moons");
            return new MoonsSource(this);
        }
    }
}
