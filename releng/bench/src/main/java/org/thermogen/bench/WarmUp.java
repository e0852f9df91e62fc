package org.thermogen.bench;

/**
 * The untimed runs before the timed ones, by one rule for both sides of a comparison: the
 * same work repeated until some seconds have passed, so that the JIT has compiled what the
 * timed runs execute (in a fresh JVM the Vector API kernels run interpreted for the first
 * seconds). The Python scripts of the references follow the same rule with the same seconds.
 */
final class WarmUp {
    private WarmUp() {
    }

    /**
     * Runs {@code work} untimed at least {@code atLeast} times and until {@code seconds} have
     * passed since {@code begin} (a {@link System#nanoTime()}); returns how many times it ran.
     */
    static int until(long begin, double seconds, int atLeast, Runnable work) {
        int runs = 0;
        while (runs < atLeast || (System.nanoTime() - begin) / 1e9 < seconds) {
            work.run();
            runs++;
        }
        return runs;
    }
}
