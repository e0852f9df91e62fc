package org.thermogen.runtime.eval;

import java.util.Arrays;
import java.util.List;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Sampler;
import org.thermogen.runtime.sample.Samples;

/**
 * The samples evaluations measure, drawn once per run: every metric of one model, parameters,
 * sampler and count reads the same sampling run ({@code energy}, {@code overlap} and
 * {@code mmd} of one Gibbs sampler sample once), through {@link RunContext#cached}.
 */
final class SampleRuns {
    private SampleRuns() {
    }

    /** {@code count} samples of {@code model} at {@code theta} from {@code sampler}, drawn on first request. */
    static Samples draw(Sampler sampler, Model model, double[] theta, int count, RunContext context) {
        Object key = List.of("samples", sampler.describe(), count, model, Arrays.stream(theta).boxed().toList());
        return context.cached(key, () -> sampler.sample(model, theta.clone(), count, context));
    }
}
