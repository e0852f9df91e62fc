package org.thermogen.runtime.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs a fixed number of independent pieces of work on a pool. Callers split their work
 * into a count that does not depend on the number of threads and let each piece write
 * only its own slot of a result array, then combine the slots in index order: the result
 * is then bit-identical with one thread or many.
 *
 * <pre>{@code
 * double[] partial = new double[16];
 * Parallel.forEach(context.pool(), 16, i -> partial[i] = sumOfChunk(i));
 * double total = 0;
 * for (double p : partial) total += p;   // fixed order
 * }</pre>
 */
public final class Parallel {
    private Parallel() {
    }

    /** What {@link #forRanges} runs for each piece: items {@code from .. to - 1}. */
    @FunctionalInterface
    public interface RangeTask {
        void run(int piece, int from, int to);
    }

    /**
     * Where piece {@code p} of {@code count} items split into {@code pieces} ranges of
     * consecutive items, as even as can be, starts: {@code count * p / pieces} (piece {@code p}
     * ends where {@code p + 1} starts). The split every caller that deals out chains, runs or
     * rows uses, here or on a cluster's tasks.
     */
    public static int start(int count, int p, int pieces) {
        return (int) ((long) count * p / pieces);
    }

    /**
     * {@code task.run(p, from, to)} for the {@code pieces} ranges of {@link #start}, as
     * {@link #forEach} runs pieces.
     */
    public static void forRanges(ForkJoinPool pool, int count, int pieces, RangeTask task) {
        forEach(pool, pieces, p -> task.run(p, start(count, p, pieces), start(count, p + 1, pieces)));
    }

    /**
     * Calls {@code task.accept(i)} for {@code i = 0 .. count-1} and returns when all have
     * finished. Without a pool (or for a single piece) the calls run in order on the
     * calling thread. If pieces fail, the exception of the lowest-numbered failing piece is
     * rethrown as it was thrown (the pool would otherwise wrap it and change its message).
     */
    public static void forEach(ForkJoinPool pool, int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        Throwable[] failures = new Throwable[count];
        List<ForkJoinTask<?>> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int piece = i;
            tasks.add(ForkJoinTask.adapt(() -> {
                try {
                    task.accept(piece);
                } catch (RuntimeException | Error e) {
                    failures[piece] = e;
                }
            }));
        }
        if (ForkJoinTask.getPool() == pool) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            pool.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
        }
        for (Throwable t : failures) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }
}
