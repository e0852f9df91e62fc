package org.thermogen.lang.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.semantics.Suggestions;
import org.thermogen.lang.thermogen.Argument;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.DataRef;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Interval;
import org.thermogen.lang.thermogen.ListValue;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Ramp;
import org.thermogen.lang.thermogen.Setting;
import org.thermogen.lang.thermogen.Split;
import org.thermogen.lang.thermogen.SplitPart;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Transform;
import org.thermogen.lang.thermogen.Value;

/**
 * A call such as {@code gibbs(chains 8, sweeps 1000)} matched to its catalogue entry:
 * which value each setting got, with every problem reported at the token that causes it.
 * Positional values fill the settings in order; a bare word naming a flag sets it.
 */
public final class Binding {

    /**
     * The two ends of {@code 1..8} (written with a leading whole number) or {@code a .. b} as
     * numbers; null when an end is not a number.
     */
    public static double[] bounds(Interval i) {
        Double from = i.getFrom() != null ? ConstantFolder.value(i.getFrom()) : Double.valueOf(i.getFirst());
        Double to = ConstantFolder.value(i.getTo());
        return from == null || to == null ? null : new double[] {from, to};
    }

    /** Receives problems found while binding. */
    public interface Problems {
        /** @param data what a quick fix needs (for a misspelt word: the word and the suggestion), or nothing */
        void error(EObject where, EStructuralFeature feature, String message, String code, String... data);
    }

    /** A dataset part reference: {@code Spins16.test} (part null for all rows). */
    public record DataPart(Dataset dataset, String part) {
    }

    private final Entry entry;
    private final Map<Parameter, Object> values = new LinkedHashMap<>();
    private final Map<Parameter, Binding> nested = new LinkedHashMap<>();

    private Binding(Entry entry) {
        this.entry = entry;
    }

    public Entry entry() {
        return entry;
    }

    /**
     * The values given: a {@link Value} from the .gen file, {@link Boolean#TRUE} for a
     * flag, or a {@link DataPart} for data given with {@code on}.
     */
    public Map<Parameter, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Bindings of nested calls ({@code expectation gibbs(...)}). */
    public Binding nested(Parameter p) {
        return nested.get(p);
    }

    /**
     * Binds {@code call} as a {@code kind}, with extra {@code settings} from a block and the
     * data of an {@code on} clause. Returns null when the name is unknown (reported).
     */
    public static Binding bind(Call call, Kind kind, List<Setting> settings, DataRef on, Problems problems) {
        return bind(call, kind, settings, on, false, problems);
    }

    /**
     * As {@link #bind(Call, Kind, List, DataRef, Problems)}, for a metric written with
     * {@code per temperature}.
     */
    public static Binding bind(Call call, Kind kind, List<Setting> settings, DataRef on, boolean perTemperature,
            Problems problems) {
        if (call == null || call.getName() == null) {
            return null;
        }
        Entry entry = Catalog.find(kind, call.getName()).orElse(null);
        if (entry == null) {
            problems.error(call, Literals.CALL__NAME, "unknown " + kind.noun() + " " + call.getName()
                    + Suggestions.didYouMean(call.getName(), Catalog.names(kind)) + " (" + plural(kind) + ": "
                    + String.join(", ", Catalog.names(kind)) + ")", "unknown-" + kind.name().toLowerCase(Locale.ROOT),
                    Suggestions.data(call.getName(), Catalog.names(kind)));
            return null;
        }
        Binding b = new Binding(entry);
        int position = 0;
        boolean keyedSeen = false;
        for (Argument a : call.getArguments()) {
            if (a.getKey() != null) {
                keyedSeen = true;
                Parameter p = entry.parameter(a.getKey()).orElse(null);
                if (p == null) {
                    problems.error(a, Literals.ARGUMENT__KEY, unknownSetting(entry, a.getKey()),
                            IssueCodes.UNKNOWN_SETTING,
                            Suggestions.data(a.getKey(), keys(entry)));
                    continue;
                }
                b.put(p, a.getValue(), a, problems);
                continue;
            }
            Parameter flag = flagNamed(entry, a.getValue());
            if (flag != null) {
                b.put(flag, Boolean.TRUE, a, problems);
                continue;
            }
            if (keyedSeen) {
                problems.error(a, null, "write positional values before `key value` settings",
                        IssueCodes.POSITIONAL_AFTER_KEYED);
                continue;
            }
            while (position < entry.parameters().size() && entry.parameters().get(position).type() == Type.DATA) {
                position++;
            }
            if (position >= entry.parameters().size()) {
                problems.error(a, null, entry.name() + " takes " + (entry.parameters().isEmpty() ? "no settings"
                        : "at most " + entry.parameters().size() + " values: " + entry.signature()),
                                IssueCodes.TOO_MANY_ARGUMENTS);
                continue;
            }
            b.put(entry.parameters().get(position++), a.getValue(), a, problems);
        }
        if (settings != null) {
            for (Setting s : settings) {
                Parameter p = entry.parameter(s.getKey()).orElse(null);
                if (p == null) {
                    problems.error(s, Literals.SETTING__KEY, unknownSetting(entry, s.getKey()),
                            IssueCodes.UNKNOWN_SETTING,
                            Suggestions.data(s.getKey(), keys(entry)));
                    continue;
                }
                b.put(p, s.getValue(), s, problems);
            }
        }
        for (Parameter p : entry.parameters()) {
            if (p.type() == Type.DATA && on != null) {
                b.values.put(p, dataPart(on));
            } else if (p.type() == Type.DATA && p.required() && !b.values.containsKey(p)) {
                problems.error(call, Literals.CALL__NAME, entry.name() + " needs data: " + entry.name()
                        + " on Dataset.part", IssueCodes.MISSING_DATA);
            } else if (p.required() && !b.values.containsKey(p)) {
                problems.error(call, Literals.CALL__NAME, entry.name() + " needs " + p.key() + " (" + p.type().description()
                        + "): " + entry.signature(), IssueCodes.MISSING_SETTING);
            }
        }
        if (perTemperature) {
            Parameter p = entry.parameter("per_temperature").orElse(null);
            if (p == null) {
                problems.error(call, Literals.CALL__NAME, entry.name() + " cannot be evaluated per temperature (energy,"
                        + " abs_magnetization and magnetization can)", IssueCodes.PER_TEMPERATURE);
            } else {
                b.values.put(p, Boolean.TRUE);
            }
        }
        if (on != null && entry.parameters().stream().noneMatch(p -> p.type() == Type.DATA)) {
            problems.error(on, null, entry.name() + " does not take data: remove `on ...`", IssueCodes.UNEXPECTED_DATA);
        }
        return b;
    }

    private static String plural(Kind kind) {
        return kind.noun() + "s";
    }

    private static List<String> keys(Entry entry) {
        List<String> keys = new ArrayList<>();
        entry.parameters().forEach(p -> keys.add(p.key()));
        return keys;
    }

    private static String unknownSetting(Entry entry, String key) {
        List<String> keys = new ArrayList<>();
        entry.parameters().forEach(p -> keys.add(p.key()));
        return entry.name() + " has no setting " + key + Suggestions.didYouMean(key, keys)
                + (keys.isEmpty() ? " (it takes none)" : " (settings: " + String.join(", ", keys) + ")");
    }

    private static Parameter flagNamed(Entry entry, Value v) {
        if (v instanceof Call c && !c.isHasArguments() && c.getName() != null) {
            Parameter p = entry.parameter(c.getName()).orElse(null);
            return p != null && p.type() == Type.FLAG ? p : null;
        }
        return null;
    }

    private void put(Parameter p, Object value, EObject where, Problems problems) {
        if (values.containsKey(p)) {
            problems.error(where, null, p.key() + " is given twice", IssueCodes.DUPLICATE_SETTING);
            return;
        }
        values.put(p, value);
        if (value instanceof Value v) {
            check(p, v, problems);
        }
    }

    /** Words of an {@code init} setting of {@code em}: kmeans_plus_plus is the sketch's name for kmeans. */
    public static final List<String> START_WORDS = List.of("kmeans", "kmeans_plus_plus", "parameters");

    /** The value as the file writes it ({@code 1e10}). */
    private static String written(Value v) {
        org.eclipse.xtext.nodemodel.ICompositeNode node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(v);
        return node == null ? "this" : org.eclipse.xtext.nodemodel.util.NodeModelUtils.getTokenText(node);
    }

    private void check(Parameter p, Value v, Problems problems) {
        String want = p.key() + " must be " + p.type().description();
        switch (p.type()) {
            case INT, LONG -> {
                Double d = ConstantFolder.value(v);
                double most = p.type() == Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE;
                if (d == null || d != Math.rint(d)) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                } else if (d < 0 && !p.key().equals("label")) {
                    problems.error(v, null, p.key() + " cannot be negative", IssueCodes.NEGATIVE);
                } else if (Math.abs(d) >= most) {
                    problems.error(v, null, p.key() + " must be below " + (p.type() == Type.INT ? "2^31 (2147483647)"
                            : "2^63") + ", not " + written(v), IssueCodes.TOO_LARGE);
                }
            }
            case NUMBER -> {
                if (ConstantFolder.value(v) == null) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case FLAG -> {
                if (!(v instanceof Call c && !c.isHasArguments() && ("true".equals(c.getName()) || "false".equals(c.getName())))) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case STRING -> {
                if (!(v instanceof StringValue)) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case COLUMNS -> {
                if (v instanceof Interval) {
                    return;
                }
                if (v instanceof ListValue l) {
                    for (Value item : l.getItems()) {
                        Double d = ConstantFolder.value(item);
                        if (d == null || d != Math.rint(d) || d < 0) {
                            problems.error(item, null, "a column is a whole number from 0", IssueCodes.TYPE);
                        }
                    }
                    return;
                }
                Double d = ConstantFolder.value(v);
                if (d == null || d != Math.rint(d) || d < 0) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case NUMBERS -> {
                List<Double> flat = new ArrayList<>();
                List<Integer> shape = new ArrayList<>();
                if (!(v instanceof ListValue) || !ModelAnalysis.flatten(v, flat, shape, 0) || shape.size() != 1) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case MATRIX -> {
                if (!isMatrix(v)) {
                    problems.error(v, null, want + " (every row the same length)", IssueCodes.TYPE);
                }
            }
            case DISTRIBUTION -> nestedCall(p, v, Kind.DISTRIBUTION, problems);
            case ESTIMATOR -> nestedCall(p, v, Kind.ESTIMATOR, problems);
            case SCHEDULE -> {
                boolean ok = v instanceof Ramp r ? ConstantFolder.value(r.getFrom()) != null && ConstantFolder.value(r.getTo()) != null
                        : ConstantFolder.value(v) != null;
                if (!ok) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case RANGE -> {
                Double from = v instanceof Interval i && i.getFrom() != null ? ConstantFolder.value(i.getFrom()) : null;
                Double to = v instanceof Interval i ? ConstantFolder.value(i.getTo()) : null;
                if (from == null || to == null) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                } else if (!(from > 0 && from <= to && to < 1)) {
                    problems.error(v, null, p.key() + " runs from " + from + " to " + to + ": a range of betas lies in (0, 1),"
                            + " the first no larger than the last", IssueCodes.RANGE);
                }
            }
            case COUNTS -> {
                double[] bounds = v instanceof Interval i ? bounds(i) : null;
                if (bounds == null || bounds[0] != Math.rint(bounds[0]) || bounds[1] != Math.rint(bounds[1])) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                } else if (!(bounds[0] >= 1 && bounds[0] <= bounds[1] && bounds[1] - bounds[0] < 64)) {
                    problems.error(v, null, p.key() + " runs from " + (long) bounds[0] + " to " + (long) bounds[1]
                            + ": whole numbers from 1, the first no larger than the last, at most 64 of them",
                            IssueCodes.RANGE);
                }
            }
            case VARIANCE -> {
                if (!(v instanceof Call c && !c.isHasArguments() && ("beta".equals(c.getName())
                        || "posterior".equals(c.getName())))) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case START -> {
                if (!(v instanceof Call c && !c.isHasArguments() && START_WORDS.contains(c.getName()))) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case LADDER -> {
                if (v instanceof ListValue) {
                    List<Double> flat = new ArrayList<>();
                    List<Integer> shape = new ArrayList<>();
                    if (!ModelAnalysis.flatten(v, flat, shape, 0) || shape.size() != 1 || flat.isEmpty()
                            || flat.stream().anyMatch(t -> !(t > 0))) {
                        problems.error(v, null, "temperatures are a list of positive numbers", IssueCodes.TYPE);
                    }
                } else {
                    nestedCall(p, v, Kind.LADDER, problems);
                }
            }
            case EXPECTATION -> nestedCall(p, v, Kind.EXPECTATION, problems);
            case OPTIMIZER -> nestedCall(p, v, Kind.OPTIMIZER, problems);
            case LEARNING_RATE -> {
                boolean auto = v instanceof Call c && "auto".equals(c.getName()) && !c.isHasArguments();
                Double d = ConstantFolder.value(v);
                if (!auto && (d == null || d <= 0)) {
                    problems.error(v, null, "lr must be auto or a positive number", IssueCodes.TYPE);
                }
            }
            case DOMAIN -> {
                if (!(v instanceof Call c && !c.isHasArguments() && ("spin".equals(c.getName()) || "binary".equals(c.getName())))) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case DATA -> problems.error(v, null, p.key() + " is given with `on Dataset.part`", IssueCodes.TYPE);
            case PART -> checkPart(v, want, problems);
            case KEEP -> {
                if (!(v instanceof Call c && !c.isHasArguments() && ("best".equals(c.getName())
                        || "last".equals(c.getName())))) {
                    problems.error(v, null, want, IssueCodes.TYPE);
                }
            }
            case DATASET -> {
                if (!(v instanceof Call c) || c.isHasArguments() || c.getName().contains(".")
                        || ModelLookup.find(v, c.getName(), Dataset.class) == null) {
                    problems.error(v, null, want + datasetHint(v), IssueCodes.UNKNOWN_DATASET);
                }
            }
            case REFERENCE -> checkReference(v, want, problems);
            default -> {
            }
        }
    }

    private void nestedCall(Parameter p, Value v, Kind kind, Problems problems) {
        if (!(v instanceof Call c)) {
            problems.error(v, null, p.key() + " must be " + p.type().description(), IssueCodes.TYPE);
            return;
        }
        Binding n = bind(c, kind, List.of(), null, problems);
        if (n != null) {
            nested.put(p, n);
        }
    }

    private static boolean isMatrix(Value v) {
        if (!(v instanceof ListValue rows) || rows.getItems().isEmpty()) {
            return false;
        }
        int width = -1;
        for (Value row : rows.getItems()) {
            if (!(row instanceof ListValue r)) {
                return false;
            }
            if (width >= 0 && r.getItems().size() != width) {
                return false;
            }
            width = r.getItems().size();
            for (Value x : r.getItems()) {
                if (ConstantFolder.value(x) == null) {
                    return false;
                }
            }
        }
        return width > 0;
    }

    private static void checkReference(Value v, String want, Problems problems) {
        if (!(v instanceof Call c) || c.isHasArguments()) {
            problems.error(v, null, want, IssueCodes.TYPE);
            return;
        }
        String[] parts = c.getName().split("\\.");
        Model model = ModelLookup.find(v, parts[0]);
        if (model != null && parts.length == 1) {
            return;
        }
        Dataset d = ModelLookup.find(v, parts[0], Dataset.class);
        if (d == null) {
            problems.error(v, null, "unknown model or dataset " + parts[0] + datasetHint(v),
                    IssueCodes.UNKNOWN_REFERENCE);
            return;
        }
        if (parts.length > 2 || parts.length == 2 && !partNames(d).contains(parts[1])) {
            problems.error(v, null, d.getName() + " has no part " + c.getName().substring(parts[0].length() + 1)
                    + partsHint(d), IssueCodes.UNKNOWN_PART);
        }
    }

    /** A dataset part named as a value ({@code validation Digits.test}), or a whole dataset. */
    private static void checkPart(Value v, String want, Problems problems) {
        if (!(v instanceof Call c) || c.isHasArguments()) {
            problems.error(v, null, want, IssueCodes.TYPE);
            return;
        }
        String[] parts = c.getName().split("\\.");
        Dataset d = ModelLookup.find(v, parts[0], Dataset.class);
        if (d == null) {
            problems.error(v, null, "unknown dataset " + parts[0] + datasetHint(v), IssueCodes.UNKNOWN_DATASET);
            return;
        }
        if (parts.length > 2 || parts.length == 2 && !partNames(d).contains(parts[1])) {
            problems.error(v, null, d.getName() + " has no part " + c.getName().substring(parts[0].length() + 1)
                    + partsHint(d), IssueCodes.UNKNOWN_PART);
        }
    }

    /** The dataset and part a value such as {@code Digits.test} names (part null for all rows). */
    public static DataPart dataPart(Call value) {
        String[] parts = value.getName().split("\\.");
        return new DataPart(ModelLookup.find(value, parts[0], Dataset.class), parts.length > 1 ? parts[1] : null);
    }

    /** The dataset and part a {@code on Spins16.test} clause names. */
    public static DataPart dataPart(DataRef ref) {
        return new DataPart(ref.getDataset(), ref.getPart());
    }

    /** The parts of a dataset's split, in order. */
    public static List<String> partNames(Dataset d) {
        List<String> names = new ArrayList<>();
        for (Transform t : d.getTransforms()) {
            if (t instanceof Split s) {
                for (SplitPart p : s.getParts()) {
                    names.add(p.getName());
                }
            }
        }
        return names;
    }

    /** ": its parts are train, test" or " (it is not split)". */
    public static String partsHint(Dataset d) {
        List<String> parts = partNames(d);
        return parts.isEmpty() ? " (it is not split)" : ": its parts are " + String.join(", ", parts);
    }

    private static String datasetHint(EObject context) {
        List<String> names = ModelLookup.visibleNames(context, Dataset.class);
        return names.isEmpty() ? "" : " (datasets: " + String.join(", ", names) + ")";
    }
}
