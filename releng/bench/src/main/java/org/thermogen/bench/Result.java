package org.thermogen.bench;

import java.util.Locale;

/**
 * One line a comparison prints for {@code releng/bench/run} to collect: tab-separated, the
 * word {@code RESULT}, the benchmark, Thermogen's configuration, Thermogen's figure, the
 * reference's best figure (its best configuration named), the ratio (above 1: Thermogen
 * faster) and the quality of both sides.
 *
 * <pre>
 * RESULT	VAE training	vector float32, 2 threads	112058 examples/s	PyTorch float32 1 thread: 69707 examples/s	1.61	ELBO -25.87 / -25.95
 * </pre>
 */
final class Result {
    private Result() {
    }

    static void print(String benchmark, String config, String figure, String reference, double ratio, String quality) {
        System.out.println(String.join("\t", "RESULT", benchmark, config, figure, reference,
                String.format(Locale.ROOT, "%.2f", ratio), quality));
    }

    /** Thermogen's kernels, the networks' precision and the thread count, for the configuration column. */
    static String compute(int threads) {
        return org.thermogen.runtime.compute.Backend.kernels().name() + " kernels, "
                + org.thermogen.runtime.compute.Precision.networkDefault().keyword() + ", " + threads
                + (threads == 1 ? " thread" : " threads");
    }
}
