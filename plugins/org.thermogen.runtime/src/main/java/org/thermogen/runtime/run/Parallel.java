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
