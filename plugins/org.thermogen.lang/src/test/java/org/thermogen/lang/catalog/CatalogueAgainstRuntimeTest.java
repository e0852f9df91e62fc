package org.thermogen.lang.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.train.LearningRate;
import org.thermogen.runtime.train.Schedule;

/**
 * The catalogue says what a .gen file may write; the runtime's builders say what runs. This
 * test holds the one against the other, so that neither is restated by hand: every setting
 * the catalogue lists is a public method of the runtime's builder (or a parameter of its
 * factory), and every default the catalogue shows (in hovers, completion and the language
 * reference) is the runtime's own: building with the default written out gives the object
 * built without it.
 */
class CatalogueAgainstRuntimeTest {

    private static Class<?> runtimeClass(Entry e) throws ClassNotFoundException {
        return Class.forName(e.javaClass(), true, CatalogueAgainstRuntimeTest.class.getClassLoader());
    }

    @Test
    void everySettingIsAMethodOfTheRuntimesBuilder() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Entry e : Catalog.all()) {
            Class<?> type = runtimeClass(e);
            if (e.isFactory()) {
                // A range (1e-4 .. 0.02) is two Java arguments, as the generated code passes it.
                int arguments = e.parameters().stream().mapToInt(p -> p.type() == Type.RANGE ? 2 : 1).sum();
                boolean found = Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(e.factoryMethod())
                        && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == arguments);
                if (!found) {
                    missing.add(e.name() + ": " + e.javaClass() + "." + e.factoryMethod() + " with " + arguments
                            + " arguments");
                }
                continue;
            }
            Class<?> builder = type.getMethod("builder").getReturnType();
            for (Parameter p : e.parameters()) {
                if (Arrays.stream(builder.getMethods()).noneMatch(m -> m.getName().equals(p.javaName()))) {
                    missing.add(e.name() + " setting " + p.key() + ": no " + builder.getName() + "." + p.javaName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "catalogue settings the runtime does not have: " + missing);
    }

    @Test
    void everyDefaultTheCatalogueShowsIsTheRuntimesOwn() throws Exception {
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (Entry e : Catalog.all()) {
            if (e.isFactory()) {
                continue;
            }
            Object plain = build(e, null, null);
            if (plain == null || describer(plain) == null) {
                continue;  // needs a setting without a default, or says nothing of itself
            }
            for (Parameter p : e.parameters()) {
                Object value = javaValue(p);
                if (value == null) {
                    continue;
                }
                Object explicit = build(e, p, value);
                String a = describe(plain);
                String b = explicit == null ? "(refused)" : describe(explicit);
                compared++;
                if (!a.equals(b)) {
                    wrong.add(e.name() + " " + p.key() + " " + p.defaultValue() + ": without it " + a + ", with it " + b);
                }
            }
        }
        assertTrue(compared > 60, "compared only " + compared + " defaults");
        assertEquals(List.of(), wrong, "catalogue defaults that are not the runtime's");
    }

    /** The default as the generated code passes it, for the types whose defaults are plain values; null otherwise. */
    private static Object javaValue(Parameter p) {
        String d = p.defaultValue();
        if (d == null || d.isEmpty()) {
            return null;
        }
        try {
            return switch (p.type()) {
                case INT -> (int) Math.round(Double.parseDouble(d));
                case LONG -> Math.round(Double.parseDouble(d));
                case NUMBER -> Double.parseDouble(d);
                case SCHEDULE -> Schedule.constant(Double.parseDouble(d));
                case LEARNING_RATE -> d.equals("auto") ? LearningRate.auto() : LearningRate.constant(Double.parseDouble(d));
                default -> null;
            };
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** The entry built through its builder, with {@code p} set to {@code value} when given; null if refused. */
    private static Object build(Entry e, Parameter p, Object value) throws ReflectiveOperationException {
        Class<?> type = runtimeClass(e);
        Object builder = type.getMethod("builder").invoke(null);
        try {
            for (FixedCall f : e.fixedCalls()) {
                Object arg = f.argument() == null ? null : RuntimeProbe.fixedArgument(f.argument());
                builder = call(builder, f.method(), arg == null ? new Object[0] : new Object[] {arg});
            }
            if (p != null) {
                builder = call(builder, p.javaName(), value);
            }
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException refused) {
            if (refused.getCause() instanceof IllegalArgumentException || refused.getCause() instanceof NullPointerException) {
                return null;
            }
            throw refused;
        }
    }

    private static Object call(Object target, String name, Object... args) throws ReflectiveOperationException {
        for (Method m : target.getClass().getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != args.length) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean fits = true;
            for (int i = 0; i < types.length; i++) {
                Class<?> t = types[i] == int.class ? Integer.class : types[i] == long.class ? Long.class
                        : types[i] == double.class ? Double.class : types[i] == boolean.class ? Boolean.class : types[i];
                fits &= t.isInstance(args[i]);
            }
            if (fits) {
                return m.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + Arrays.toString(args));
    }

    private static Method describer(Object o) {
        try {
            return o.getClass().getMethod("describe");
        } catch (NoSuchMethodException none) {
            return null;
        }
    }

    private static String describe(Object o) throws ReflectiveOperationException {
        return (String) describer(o).invoke(o);
    }
}
