package org.thermogen.lang.catalog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.ListValue;
import org.thermogen.lang.thermogen.Ramp;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.Value;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.train.LearningRate;
import org.thermogen.runtime.train.Schedule;
import org.thermogen.runtime.train.Validation;

/**
 * Asks the runtime what it makes of a call, at check time: builds the object a catalogue
 * entry names through its builder, with the settings the file gives, exactly as the
 * generated code will. What the runtime's {@code build()} refuses ({@code thin 0},
 * {@code chains 0}, ...) is then refused at the token by the validator, in the runtime's own
 * words, instead of after training has finished; what the object says of itself (a
 * sampler's number of samples) can be checked against limits. The runtime stays the one
 * place where those rules are written.
 *
 * <p>Data parts, datasets and references are given as placeholders (a dataset of that name
 * with no rows): enough for the object's settings and its {@code refusal}, which read no
 * data. Settings that are not constants make the probe stand aside: {@link #build} returns
 * empty, and the check happens when the job runs.
 */
public final class RuntimeProbe {
    /** What building the runtime's object gave: the object, or the runtime's refusal. */
    public sealed interface Result {
    }

    /** The object the generated code will make. */
    public record Built(Object object) implements Result {
    }

    /** The runtime refused the settings: its message. */
    public record Refused(String message) implements Result {
    }

    private RuntimeProbe() {
    }

    /**
     * Builds {@code b}'s runtime object as the generated code will, with placeholders for the
     * settings that need the data (data parts, datasets, references): the object, the
     * runtime's refusal of the settings, or empty when the probe cannot build it (a setting
     * that is not a constant, a runtime without the class).
     */
    public static Optional<Result> build(Binding b) {
        try {
            return Optional.of(new Built(make(b)));
        } catch (CannotProbe e) {
            return Optional.empty();
        } catch (InvocationTargetException e) {
            return refusal(e);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();  // a runtime without the class (an older bundle, say): nothing to ask
        }
    }

    /** The runtime's refusal in an exception its builder threw, or empty if it is not a refusal. */
    private static Optional<Result> refusal(InvocationTargetException e) {
        Throwable t = e.getCause();
        if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof ArithmeticException) {
            return Optional.of(new Refused(t.getMessage() == null ? t.toString() : t.getMessage()));
        }
        return Optional.empty();  // anything else is the runtime's business at run time
    }

    /**
     * A dataset that stands for a declared one when only the object's refusal is asked: it
     * has a name and no rows, and reading it is a bug.
     */
    private static DatasetDefinition placeholder(String name) {
        return DatasetDefinition.builder(name == null ? "data" : name, "", 0).source(new DataSource() {
            @Override
            public String describe() {
                return String.valueOf(name);
            }

            @Override
            public Dataset read(Path baseDirectory, String datasetName) {
                throw new IllegalStateException("a placeholder of the checker has no rows");
            }
        }).build();
    }

    /** Thrown when a setting cannot be built without running the job. */
    private static final class CannotProbe extends Exception {
        private static final long serialVersionUID = 1L;

        CannotProbe() {
            super(null, null, false, false);
        }
    }

    private static Object make(Binding b) throws ReflectiveOperationException, CannotProbe {
        Entry e = b.entry();
        Class<?> type = Class.forName(e.javaClass(), true, RuntimeProbe.class.getClassLoader());
        if (e.isFactory()) {
            List<Object> args = new ArrayList<>();
            for (Parameter p : e.parameters()) {
                Object v = b.values().get(p);
                if (v == null) {
                    if (p.defaultValue() == null || p.defaultValue().isEmpty()) {
                        throw new CannotProbe();
                    }
                    double d = Double.parseDouble(p.defaultValue());
                    args.add(p.type() == Type.INT ? (Object) (int) Math.round(d) : (Object) d);
                } else {
                    args.add(value(b, p, v));
                }
            }
            return call(null, type, e.factoryMethod(), args);
        }
        Object builder = call(null, type, "builder", List.of());
        for (FixedCall f : e.fixedCalls()) {
            builder = call(builder, builder.getClass(), f.method(), f.argument() == null ? List.of()
                    : List.of(fixedArgument(f.argument())));
        }
        for (Map.Entry<Parameter, Object> v : b.values().entrySet()) {
            Type setting = v.getKey().type();
            List<Object> arguments;
            if (v.getValue() instanceof Binding.DataPart d) {
                arguments = List.of(placeholder(d.dataset().getName()), d.part() == null ? "" : d.part());
            } else if (setting == Type.DATASET && v.getValue() instanceof Call c) {
                arguments = List.of(placeholder(c.getName()));
            } else if (setting == Type.PART && v.getValue() instanceof Call c) {
                Binding.DataPart d = Binding.dataPart(c);
                if (d.dataset() == null) {
                    throw new CannotProbe();
                }
                arguments = List.of(placeholder(d.dataset().getName()), d.part() == null ? "" : d.part());
            } else if (setting == Type.COUNTS && v.getValue() instanceof org.thermogen.lang.thermogen.Interval i) {
                double[] ends = Binding.bounds(i);
                if (ends == null) {
                    throw new CannotProbe();
                }
                arguments = List.of((int) ends[0], (int) ends[1]);
            } else if (setting == Type.REFERENCE && v.getValue() instanceof Call c) {
                arguments = List.of(org.thermogen.runtime.eval.Reference.data(placeholder(c.getName()), "part"));
            } else {
                arguments = List.of(value(b, v.getKey(), v.getValue()));
            }
            builder = call(builder, builder.getClass(), v.getKey().javaName(), arguments);
        }
        return call(builder, builder.getClass(), "build", List.of());
    }

    /** The Java value the generated code passes for a setting, as BindingEmitter writes it. */
    private static Object value(Binding b, Parameter p, Object v)
            throws ReflectiveOperationException, CannotProbe {
        if (v instanceof Boolean flag) {
            return flag;
        }
        if (!(v instanceof Value value)) {
            throw new CannotProbe();  // a data part
        }
        switch (p.type()) {
            case INT:
            case LONG:
            case NUMBER: {
                Double d = ConstantFolder.value(value);
                if (d == null) {
                    throw new CannotProbe();
                }
                return p.type() == Type.INT ? (Object) (int) Math.round(d)
                        : p.type() == Type.LONG ? (Object) Math.round(d) : (Object) d;
            }
            case FLAG:
                return "true".equals(((Call) value).getName());
            case STRING:
                return ((StringValue) value).getValue();
            case DISTRIBUTION:
            case EXPECTATION:
            case OPTIMIZER:
            case ESTIMATOR: {
                Binding nested = b.nested(p);
                if (nested == null) {
                    throw new CannotProbe();
                }
                return make(nested);
            }
            case SCHEDULE: {
                if (value instanceof Ramp r) {
                    Double from = ConstantFolder.value(r.getFrom());
                    Double to = ConstantFolder.value(r.getTo());
                    if (from == null || to == null) {
                        throw new CannotProbe();
                    }
                    return Schedule.ramp(from, to);
                }
                Double d = ConstantFolder.value(value);
                if (d == null) {
                    throw new CannotProbe();
                }
                return Schedule.constant(d);
            }
            case NUMBERS:
                return numbers(value);
            case MATRIX: {
                if (!(value instanceof ListValue rows)) {
                    throw new CannotProbe();
                }
                double[][] m = new double[rows.getItems().size()][];
                for (int i = 0; i < m.length; i++) {
                    m[i] = numbers(rows.getItems().get(i));
                }
                return m;
            }
            case LEARNING_RATE: {
                Double d = ConstantFolder.value(value);
                return d == null ? LearningRate.auto() : LearningRate.constant(d);
            }
            case DOMAIN:
                return Domain.valueOf(((Call) value).getName().toUpperCase(Locale.ROOT));
            case KEEP:
                return "best".equals(((Call) value).getName()) ? Validation.Keep.BEST : Validation.Keep.LAST;
            case LADDER: {
                if (value instanceof ListValue) {
                    Class<?> ladder = Class.forName("org.thermogen.runtime.mcmc.Ladder", true,
                            RuntimeProbe.class.getClassLoader());
                    return call(null, ladder, "list", List.of((Object) numbers(value)));
                }
                Binding nested = b.nested(p);
                if (nested == null) {
                    throw new CannotProbe();
                }
                return make(nested);
            }
            default:
                throw new CannotProbe();
        }
    }

    /** A list of numbers as a {@code double[]}. */
    private static double[] numbers(Value v) throws CannotProbe {
        if (!(v instanceof ListValue l)) {
            throw new CannotProbe();
        }
        double[] out = new double[l.getItems().size()];
        for (int i = 0; i < out.length; i++) {
            Double d = ConstantFolder.value(l.getItems().get(i));
            if (d == null) {
                throw new CannotProbe();
            }
            out[i] = d;
        }
        return out;
    }

    /** A fixed call's argument as the runtime takes it: enum constants looked up by name. */
    static Object fixedArgument(Object argument) throws ClassNotFoundException {
        if (argument instanceof FixedCall.EnumConstant c) {
            Class<?> type = Class.forName(c.binaryName(), true, RuntimeProbe.class.getClassLoader());
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(c.constant())) {
                    return constant;
                }
            }
            throw new ClassNotFoundException(c.binaryName() + "." + c.constant());
        }
        return argument;
    }

    /** Calls the public method {@code name} of {@code type} that takes {@code args}. */
    private static Object call(Object target, Class<?> type, String name, List<Object> args)
            throws ReflectiveOperationException, CannotProbe {
        for (Method m : type.getMethods()) {
            if (!m.getName().equals(name) || m.getParameterCount() != args.size()
                    || (target == null) != Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Class<?>[] params = m.getParameterTypes();
            boolean fits = true;
            for (int i = 0; i < params.length && fits; i++) {
                fits = accepts(params[i], args.get(i));
            }
            if (fits) {
                return m.invoke(target, args.toArray());
            }
        }
        throw new CannotProbe();
    }

    private static boolean accepts(Class<?> param, Object arg) {
        if (param == int.class) {
            return arg instanceof Integer;
        }
        if (param == long.class) {
            return arg instanceof Long || arg instanceof Integer;
        }
        if (param == double.class) {
            return arg instanceof Double;
        }
        if (param == boolean.class) {
            return arg instanceof Boolean;
        }
        return arg != null && param.isInstance(arg);
    }
}
