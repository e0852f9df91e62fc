package org.thermogen.runtime.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ForkJoinPool;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.DatasetLoader;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.LoadedDataset;

/**
 * What a training, sampling or evaluation run needs from its surroundings: the seed,
 * the folder relative data paths start from, a listener, and the worker threads.
 *
 * <p>Random streams are derived from the seed and a purpose name, never from the order
 * in which parts of a run ask for them: {@code thermogen sample} alone and the sampling
 * step of {@code thermogen run} draw the same numbers for the same seed. Parallel work is
 * split into a fixed number of pieces whatever the number of threads, and combined in
 * a fixed order, so results are bit-identical on any machine.
 */
public final class RunContext implements AutoCloseable {
    private final long seed;
    private final Path baseDirectory;
    private final ProgressListener listener;
    private final ForkJoinPool pool;
    private final Map<DatasetDefinition, LoadedDataset> loaded;
    private final Map<Object, Object> cached;
    /** Loaders that replace a declaration's own source ({@code --data FILE}), kept with the loaded datasets' lock. */
    private final Map<DatasetDefinition, DatasetLoader> sources;

    public RunContext(long seed, Path baseDirectory, ProgressListener listener, int threads) {
        this(seed, baseDirectory, listener, threads <= 1 ? null : new ForkJoinPool(threads), new HashMap<>(),
                new HashMap<>(), new HashMap<>());
    }

    private RunContext(long seed, Path baseDirectory, ProgressListener listener, ForkJoinPool pool,
            Map<DatasetDefinition, LoadedDataset> loaded, Map<Object, Object> cached,
            Map<DatasetDefinition, DatasetLoader> sources) {
        this.seed = seed;
        this.baseDirectory = Objects.requireNonNull(baseDirectory);
        this.listener = Objects.requireNonNull(listener);
        this.pool = pool;
        this.loaded = loaded;
        this.cached = cached;
        this.sources = sources;
    }

    /**
     * The same context heard by another listener: same seed, base directory, worker pool
     * and loaded datasets (so nothing is loaded twice). The job runner wraps the caller's
     * listener this way to take periodic checkpoints. Close only the original context.
     */
    public RunContext withListener(ProgressListener other) {
        return new RunContext(seed, baseDirectory, other, pool, loaded, cached, sources);
    }

    /** A context with the given seed, data relative to the working directory, no listener, all cores. */
    public static RunContext withSeed(long seed) {
        return new RunContext(seed, Path.of(""), ProgressListener.NONE, Runtime.getRuntime().availableProcessors());
    }

    public long seed() {
        return seed;
    }

    public Path baseDirectory() {
        return baseDirectory;
    }

    public ProgressListener listener() {
        return listener;
    }

    /** The worker pool, or null to run everything on the calling thread. */
    public ForkJoinPool pool() {
        return pool;
    }

    /** Number of worker threads (1 if there is no pool). */
    public int threads() {
        return pool == null ? 1 : pool.getParallelism();
    }

    /**
     * An independent random stream for one purpose ({@code "train"}, {@code "sample"},
     * {@code "init"}, ...), a pure function of the seed and the name.
     */
    public SplittableRandom random(String purpose) {
        return random(seed, purpose);
    }

    /**
     * {@link #random(String)} of a context with seed {@code seed}: for work done elsewhere (a
     * cluster's executor) that must draw what this machine would.
     */
    public static SplittableRandom random(long seed, String purpose) {
        long h = seed;
        for (int i = 0; i < purpose.length(); i++) {
            h = mix(h + purpose.charAt(i));
        }
        return new SplittableRandom(mix(h ^ 0x9E3779B97F4A7C15L));
    }

    /**
     * Loads a dataset once per context; relative paths start at {@link #baseDirectory()}. A
     * declaration given another source by {@link #readFrom} reads that one.
     */
    public LoadedDataset data(DatasetDefinition definition) {
        // Contexts made by withListener share the cache, so they lock the cache, not themselves.
        synchronized (loaded) {
            return loaded.computeIfAbsent(definition, d -> {
                DatasetLoader other = sources.get(d);
                if (other == null) {
                    return d.load(baseDirectory);
                }
                // Said once: where the rows came from instead of the declared file, and how many.
                long start = System.nanoTime();
                LoadedDataset data = other.load(d, baseDirectory);
                listener.note(String.format(java.util.Locale.ROOT, "%s: %d rows of %d columns from %s (%.1f s)",
                        d.name(), data.rows(null), data.all().columns(), other.describe(),
                        (System.nanoTime() - start) / 1e9));
                if (data.rows(null) != data.all().rows()) {
                    listener.note(d.name() + ": the rows stay where they were read; this JVM holds samples ("
                            + sampleSizes(data) + ") for what reads rows one by one: k-means starts, the pictures,"
                            + " distances to samples");
                }
                return data;
            });
        }
    }

    /** {@code 300 of 2000 rows; train 291 of 1500, test 300 of 500}: the samples held here. */
    private static String sampleSizes(LoadedDataset data) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        data.parts().forEach((name, rows) -> parts.add(name + " " + rows.rows() + " of " + data.rows(name)));
        return data.all().rows() + " of " + data.rows(null) + " rows" + (parts.isEmpty() ? ""
                : "; " + String.join(", ", parts));
    }

    /**
     * Makes {@link #data} read {@code definition}'s rows from {@code source} instead of its
     * declared source, with its transforms and split ({@code thermogen run --data FILE}).
     *
     * @throws IllegalStateException if the declaration was already loaded
     */
    public void readFrom(DatasetDefinition definition, DataSource source) {
        readFrom(definition, DatasetLoader.reading(source));
    }

    /**
     * Makes {@link #data} load {@code definition} with {@code loader} instead of from its declared
     * source (onto a cluster that keeps the rows, {@code thermogen run --data PATH --spark ...}).
     *
     * @throws IllegalStateException if the declaration was already loaded
     */
    public void readFrom(DatasetDefinition definition, DatasetLoader source) {
        synchronized (loaded) {
            if (loaded.containsKey(definition)) {
                throw new IllegalStateException(definition.name() + " is already loaded from "
                        + definition.source().describe());
            }
            sources.put(definition, Objects.requireNonNull(source));
        }
    }

    /**
     * A result computed once per context for equal keys, such as a sampling run that several
     * evaluations of one model read (two observables of one parallel tempering run). Keys
     * need {@code equals} and {@code hashCode} and should name everything the result depends
     * on besides the seed; values live as long as the context, and contexts made by
     * {@link #withListener} share them. A computation that throws stores nothing.
     */
    @SuppressWarnings("unchecked")
    public <T> T cached(Object key, Supplier<T> compute) {
        // Held while computing, so that a second caller waits for the first result.
        synchronized (cached) {
            Object value = cached.get(key);
            if (value == null) {
                value = Objects.requireNonNull(compute.get());
                cached.put(key, value);
            }
            return (T) value;
        }
    }

    /** Throws {@link CancellationException} if the running thread was interrupted. */
    public void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted");
        }
    }

    /** Stops the worker threads; use the context in a try-with-resources block. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
