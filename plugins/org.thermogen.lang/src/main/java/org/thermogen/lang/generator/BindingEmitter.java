package org.thermogen.lang.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.FixedCall;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Interval;
import org.thermogen.lang.thermogen.ListValue;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Ramp;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.Value;

/**
 * Writes the runtime object a catalogue binding describes: {@code GibbsSampler.builder()
 * .chains(8).sweeps(1000).build()}, or a factory call such as {@code Distribution.normal(0.0, 0.3)}.
 * Settings left out keep the runtime's defaults, which match the catalogue's.
 */
final class BindingEmitter {
    static final String RUNTIME = "org.thermogen.runtime.";

    private final Imports imports;

    BindingEmitter(Imports imports) {
        this.imports = imports;
    }

    String emit(Binding b) {
        Entry e = b.entry();
        String cls = imports.use(e.javaClass());
        if (e.isFactory()) {
            List<String> args = new ArrayList<>();
            for (Parameter p : e.parameters()) {
                Object v = b.values().get(p);
                args.add(v != null ? value(b, p, v) : defaultArgument(p));
            }
            return cls + "." + e.factoryMethod() + "(" + String.join(", ", args) + ")";
        }
        StringBuilder s = new StringBuilder(cls).append(".builder()");
        for (FixedCall f : e.fixedCalls()) {
            s.append('.').append(f.method()).append('(').append(fixedArgument(f.argument())).append(')');
        }
        for (Map.Entry<Parameter, Object> v : b.values().entrySet()) {
            s.append('.').append(v.getKey().javaName()).append('(').append(value(b, v.getKey(), v.getValue())).append(')');
        }
        return s.append(".build()").toString();
    }

    /** A fixed call's argument as Java: {@code 20}, {@code "energy"}, {@code InformationCriterion.Kind.BIC}. */
    private String fixedArgument(Object argument) {
        if (argument == null) {
            return "";
        }
        if (argument instanceof FixedCall.EnumConstant c) {
            return imports.use(c.ownerClass()) + "." + c.enumName() + "." + c.constant();
        }
        return argument instanceof String text ? JavaText.literal(text) : argument.toString();
    }

    /** A factory's argument left out: its catalogue default, a number. */
    private static String defaultArgument(Parameter p) {
        if (p.defaultValue() == null) {
            throw new IllegalStateException(p.key() + " is required");
        }
        double d = Double.parseDouble(p.defaultValue());
        return p.type() == org.thermogen.lang.catalog.Type.INT ? Long.toString(Math.round(d)) : JavaText.number(d);
    }

    private String value(Binding b, Parameter p, Object v) {
        if (v instanceof Boolean flag) {
            return flag.toString();
        }
        if (v instanceof Binding.DataPart d) {
            return datasetClass(d.dataset()) + ".DEFINITION, " + (d.part() == null ? "null" : JavaText.literal(d.part()));
        }
        Value value = (Value) v;
        switch (p.type()) {
            case INT:
                return Long.toString(Math.round(ConstantFolder.value(value)));
            case LONG:
                return Math.round(ConstantFolder.value(value)) + "L";
            case NUMBER:
                return JavaText.number(ConstantFolder.value(value));
            case FLAG:
                return Boolean.toString("true".equals(((Call) value).getName()));
            case STRING:
                return JavaText.literal(((StringValue) value).getValue());
            case COLUMNS:
                if (value instanceof Interval i) {
                    return imports.use(RUNTIME + "data.Interval") + ".of(" + intervalFrom(i) + ", "
                            + Math.round(ConstantFolder.value(i.getTo())) + ")";
                }
                return String.join(", ", numbers(value, true));
            case NUMBERS:
                return "new double[] {" + String.join(", ", numbers(value, false)) + "}";
            case MATRIX: {
                List<String> rows = new ArrayList<>();
                for (Value row : ((ListValue) value).getItems()) {
                    rows.add("{" + String.join(", ", numbers(row, false)) + "}");
                }
                return "new double[][] {" + String.join(", ", rows) + "}";
            }
            case DISTRIBUTION:
            case EXPECTATION:
            case OPTIMIZER:
            case ESTIMATOR:
                return emit(b.nested(p));
            case SCHEDULE: {
                String schedule = imports.use(RUNTIME + "train.Schedule");
                if (value instanceof Ramp r) {
                    return schedule + ".ramp(" + JavaText.number(ConstantFolder.value(r.getFrom())) + ", "
                            + JavaText.number(ConstantFolder.value(r.getTo())) + ")";
                }
                return schedule + ".constant(" + JavaText.number(ConstantFolder.value(value)) + ")";
            }
            case COUNTS: {
                double[] ends = Binding.bounds((Interval) value);
                return (long) ends[0] + ", " + (long) ends[1];
            }
            case RANGE: {
                Interval i = (Interval) value;
                return JavaText.number(ConstantFolder.value(i.getFrom())) + ", " + JavaText.number(ConstantFolder.value(i.getTo()));
            }
            case VARIANCE:
                return imports.use(RUNTIME + "diffusion.Ddpm") + ".Variance."
                        + (((Call) value).getName().equals("beta") ? "BETA" : "POSTERIOR");
            case START:
                return imports.use(RUNTIME + "mixture.ExpectationMaximization") + ".Start."
                        + (((Call) value).getName().equals("parameters") ? "PARAMETERS" : "KMEANS");
            case LADDER:
                if (value instanceof ListValue) {
                    return imports.use(RUNTIME + "mcmc.Ladder") + ".list(new double[] {"
                            + String.join(", ", numbers(value, false)) + "})";
                }
                return emit(b.nested(p));
            case LEARNING_RATE: {
                String lr = imports.use(RUNTIME + "train.LearningRate");
                Double d = ConstantFolder.value(value);
                return d == null ? lr + ".auto()" : lr + ".constant(" + JavaText.number(d) + ")";
            }
            case DOMAIN:
                return imports.use(RUNTIME + "model.Domain") + "." + ((Call) value).getName().toUpperCase(Locale.ROOT);
            case DATASET:
                return datasetClass(ModelLookup.find(value, ((Call) value).getName(), Dataset.class)) + ".DEFINITION";
            case REFERENCE:
                return reference((Call) value);
            case PART: {
                Binding.DataPart d = Binding.dataPart((Call) value);
                return datasetClass(d.dataset()) + ".DEFINITION, " + (d.part() == null ? "null" : JavaText.literal(d.part()));
            }
            case KEEP:
                return imports.use(RUNTIME + "train.Validation") + ".Keep."
                        + (((Call) value).getName().equals("best") ? "BEST" : "LAST");
            default:
                throw new IllegalStateException("no emission for " + p.type());
        }
    }

    private static int intervalFrom(Interval i) {
        return i.getFrom() != null ? (int) Math.round(ConstantFolder.value(i.getFrom())) : i.getFirst();
    }

    private String reference(Call c) {
        String ref = imports.use(RUNTIME + "eval.Reference");
        String[] parts = c.getName().split("\\.");
        Model m = ModelLookup.find(c, parts[0]);
        if (m != null && parts.length == 1) {
            // This model, or another one read at its declared parameters.
            return m == org.eclipse.xtext.EcoreUtil2.getContainerOfType(c, Model.class) ? ref + ".model()"
                    : ref + ".model(" + imports.use(qualifiedClassName(m)) + ".DEFINITION)";
        }
        Dataset d = ModelLookup.find(c, parts[0], Dataset.class);
        if (parts.length == 1) {
            return ref + ".truth(" + datasetClass(d) + ".DEFINITION)";
        }
        return ref + ".data(" + datasetClass(d) + ".DEFINITION, " + JavaText.literal(parts[1]) + ")";
    }

    /** The Java name of a dataset's generated class. */
    String datasetClass(Dataset d) {
        return imports.use(qualifiedClassName(d));
    }

    /** {@code examples.ising.Spins16} for dataset or model {@code Spins16} in package examples.ising. */
    static String qualifiedClassName(EObject element) {
        GenFile f = (GenFile) org.eclipse.xtext.EcoreUtil2.getRootContainer(element);
        String name = element instanceof Dataset d ? d.getName() : ((Model) element).getName();
        String simple = JavaText.className(name);
        return f.getName() == null ? simple : f.getName() + "." + simple;
    }

    private static List<String> numbers(Value v, boolean integers) {
        List<Double> flat = new ArrayList<>();
        ModelAnalysis.flatten(v, flat, new ArrayList<>(), 0);
        List<String> out = new ArrayList<>();
        for (double d : flat) {
            out.add(integers ? Long.toString(Math.round(d)) : JavaText.number(d));
        }
        return out;
    }
}
