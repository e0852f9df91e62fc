package org.thermogen.run;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.thermogen.runtime.definition.ModelDefinition;

/**
 * A generated model class found by its name: what the Eclipse launcher ({@link JobMain}
 * {@code --model}), the command line given a compiled class and a cluster's tasks load. Each
 * caller says in its own words what is missing; the lookup and the checks are these.
 *
 * <pre>{@code
 * Class<?> type = ModelClass.find("examples.ising.Ising16", loader).orElseThrow();
 * ModelDefinition ising = ModelClass.definition(type).orElseThrow();   // its line table registered
 * }</pre>
 */
public final class ModelClass {
    private ModelClass() {
    }

    /**
     * The class called {@code className} from the first of {@code loaders} that has it (null
     * loaders are skipped), not yet initialized; empty if none has it.
     */
    public static Optional<Class<?>> find(String className, ClassLoader... loaders) {
        for (ClassLoader loader : loaders) {
            if (loader == null) {
                continue;
            }
            try {
                return Optional.of(Class.forName(className, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // the next loader, or none
            }
        }
        return Optional.empty();
    }

    /**
     * The class's {@code public static ModelDefinition DEFINITION}, the class initialized on the
     * way (an error of its initializer propagates: the model's own, not a lookup's), and its line
     * table registered with {@link SourceLines}, so that a failure inside it names the .gen line;
     * empty if the class has no such field.
     */
    public static Optional<ModelDefinition> definition(Class<?> type) {
        Object value;
        try {
            Field f = type.getField("DEFINITION");
            if (!Modifier.isStatic(f.getModifiers())) {
                return Optional.empty();
            }
            value = f.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return Optional.empty();
        }
        if (!(value instanceof ModelDefinition d)) {
            return Optional.empty();
        }
        SourceLines.register(type);
        return Optional.of(d);
    }
}
