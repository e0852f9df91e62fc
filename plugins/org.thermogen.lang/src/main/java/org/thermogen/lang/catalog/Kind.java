package org.thermogen.lang.catalog;

/** Where in a .gen file a catalogue entry may be named. */
public enum Kind {
    SOURCE("data source"),
    TRAINER("trainer"),
    EXPECTATION("expectation"),
    OPTIMIZER("optimizer"),
    SAMPLER("sampler"),
    METRIC("metric"),
    DISTRIBUTION("distribution"),
    INIT("initializer"),
    ESTIMATOR("estimator"),
    LADDER("temperature ladder"),
    PICTURE("picture"),
    NOISE_SCHEDULE("noise schedule");

    private final String noun;

    Kind(String noun) {
        this.noun = noun;
    }

    /** How messages call it: "unknown sampler gibs". */
    public String noun() {
        return noun;
    }
}
