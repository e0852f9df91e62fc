package org.thermogen.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.Function0;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.run.ModelClass;
import org.thermogen.runtime.model.Model;

/**
 * A model's generated class, made again inside a task: the executors of a cluster do not share
 * the driver's memory, where {@code thermogen run model.gen} compiled the .gen file's Java, so
 * the task carries the compiled classes' bytecode and defines them there, once per executor JVM
 * and content (the loaders are kept by a digest of the bytecode, so a model shipped again, by
 * another evaluation or another run of the same file, reuses them). A model class from a jar (a
 * compiled model given to spark-submit with {@code --jars}) travels by name only and loads from
 * the task's class path. On the driver, the model it was made from is returned as it is.
 *
 * <pre>{@code
 * Function0<Model> make = ShippedModel.of(model);   // on the driver
 * Model same = make.call();                         // in a task: the model's DEFINITION
 * }</pre>
 */
final class ShippedModel implements Function0<Model> {
    private static final long serialVersionUID = 1L;

    /** The loaders this JVM defined shipped classes in, by the digest of their bytecode. */
    private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();
    /** How many sets of shipped classes this JVM defined (tests: the executors did define them). */
    static final AtomicInteger DEFINED = new AtomicInteger();

    /** The driver's model; not sent with a task. */
    private final transient Model local;
    private final String className;
    /** Bytecode by binary name; empty when the class is on the executors' class path. */
    private final Map<String, byte[]> classes;
    /** SHA-256 of the classes, names and bytes in name order. */
    private final String digest;

    private ShippedModel(Model local, String className, Map<String, byte[]> classes) {
        this.local = local;
        this.className = className;
        this.classes = classes;
        this.digest = digest(classes);
    }

    /** How tasks make {@code model} (a generated model's {@code DEFINITION}). */
    static ShippedModel of(Model model) {
        Class<?> c = model.getClass();
        Map<String, byte[]> classes = c.getClassLoader() instanceof InMemoryCompiler.Loader l
                ? new java.util.TreeMap<>(l.classes()) : Map.of();
        return new ShippedModel(model, c.getName(), classes);
    }

    @Override
    public Model call() throws Exception {
        if (local != null) {
            return local;
        }
        ClassLoader loader = classes.isEmpty() ? context() : LOADERS.computeIfAbsent(digest, k -> {
            DEFINED.incrementAndGet();
            // The shipped classes defined here, everything else (the runtime) from the task's class path.
            return new InMemoryCompiler.Loader(classes, context());
        });
        Class<?> type = ModelClass.find(className, loader)
                .orElseThrow(() -> new ClassNotFoundException(className + " (not shipped, not on the task's class path)"));
        return ModelClass.definition(type).orElseThrow(() -> new IllegalStateException(className + " is not a model"));
    }

    private static String digest(Map<String, byte[]> classes) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(classes).entrySet()) {
                sha.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(e.getValue());
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static ClassLoader context() {
        ClassLoader c = Thread.currentThread().getContextClassLoader();
        return c != null ? c : ShippedModel.class.getClassLoader();
    }
}
