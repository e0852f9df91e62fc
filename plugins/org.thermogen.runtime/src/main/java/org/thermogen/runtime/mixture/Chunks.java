package org.thermogen.runtime.mixture;

/**
 * The fixed partition of data rows into pieces of {@value #ROWS} that parallel passes work
 * on: it depends on the number of rows only, and partial sums are combined in piece order,
 * so results are bit-identical whatever the number of threads.
 */
final class Chunks {
    static final int ROWS = 4096;

    private Chunks() {
    }

    static int count(int n) {
        return Math.max(1, (n + ROWS - 1) / ROWS);
    }

    static int start(int chunk) {
        return chunk * ROWS;
    }

    static int end(int chunk, int n) {
        return Math.min(n, (chunk + 1) * ROWS);
    }
}
