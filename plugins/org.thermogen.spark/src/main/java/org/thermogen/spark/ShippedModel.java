package org.thermogen.spark;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.function.Function0;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.runtime.model.Model;

/**
 * A model's generated class, made again inside a task: the executors of a cluster do not share
 * the driver's memory, where {@code thermogen run model.gen} compiled the .gen file's Java, so
 * the task carries the compiled classes' bytecode and defines them there once per executor JVM
 * (a loader per shipment, kept while the JVM lives). A model class from a jar (a compiled model
 * given to spark-submit with {@code --jars}) travels by name only and loads from the task's
 * class path.
 *
 * <pre>{@code
 * Function0<Model> make = ShippedModel.of(model);   // on the driver
 * Model same = make.call();                         // in a task: the model's DEFINITION
 * }</pre>
 */
final class ShippedModel implements Function0<Model> {
    private static final long serialVersionUID = 1L;

    /** The loaders this JVM defined shipped classes in, by shipment. */
    private static final Map<String, ClassLoader> LOADERS = new ConcurrentHashMap<>();
    /** How many shipments this JVM defined classes for (tests: the executors did define them). */
    static final AtomicInteger DEFINED = new AtomicInteger();

    private final String id;
    private final String className;
    /** Bytecode by binary name; empty when the class is on the executors' class path. */
    private final Map<String, byte[]> classes;

    private ShippedModel(String className, Map<String, byte[]> classes) {
        this.id = UUID.randomUUID().toString();
        this.className = className;
        this.classes = classes;
    }

    /** How tasks make {@code model} (a generated model's {@code DEFINITION}). */
    static ShippedModel of(Model model) {
        Class<?> c = model.getClass();
        Map<String, byte[]> classes = c.getClassLoader() instanceof InMemoryCompiler.Loader l
                ? new java.util.HashMap<>(l.classes()) : Map.of();
        return new ShippedModel(c.getName(), classes);
    }

    @Override
    public Model call() throws Exception {
        ClassLoader loader = classes.isEmpty() ? context() : LOADERS.computeIfAbsent(id, k -> {
            DEFINED.incrementAndGet();
            // The shipped classes defined here, everything else (the runtime) from the task's class path.
            return new InMemoryCompiler.Loader(classes, context());
        });
        Object definition = Class.forName(className, true, loader).getField("DEFINITION").get(null);
        if (!(definition instanceof Model m)) {
            throw new IllegalStateException(className + ".DEFINITION is not a model");
        }
        return m;
    }

    private static ClassLoader context() {
        ClassLoader c = Thread.currentThread().getContextClassLoader();
        return c != null ? c : ShippedModel.class.getClassLoader();
    }
}
