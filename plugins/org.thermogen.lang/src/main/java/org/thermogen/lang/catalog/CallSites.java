package org.thermogen.lang.catalog;

import java.util.Optional;
import org.eclipse.emf.ecore.EObject;
import org.thermogen.lang.thermogen.Argument;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Metric;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Sample;
import org.thermogen.lang.thermogen.Setting;
import org.thermogen.lang.thermogen.Settings;
import org.thermogen.lang.thermogen.Train;

/**
 * Where a call stands, and so what it may name: {@code gibbs} after {@code sample with}
 * is a sampler, after {@code expectation} a moment estimator. Hovers and content assist
 * use this to find the catalogue entry under the cursor.
 */
public final class CallSites {
    private CallSites() {
    }

    /** What a call at this place names, or empty if it is a plain value. */
    public static Optional<Kind> kindOf(Call call) {
        EObject container = call.eContainer();
        if (container instanceof Train) {
            return Optional.of(Kind.TRAINER);
        }
        if (container instanceof Sample) {
            return Optional.of(Kind.SAMPLER);
        }
        if (container instanceof Metric) {
            return Optional.of(Kind.METRIC);
        }
        if (container instanceof Dataset) {
            return Optional.of(Kind.SOURCE);
        }
        if (container instanceof Param) {
            return Optional.of(Kind.INIT);
        }
        if (container instanceof org.thermogen.lang.thermogen.Show) {
            return Optional.of(Kind.PICTURE);
        }
        if (container instanceof org.thermogen.lang.thermogen.Schedule) {
            return Optional.of(Kind.NOISE_SCHEDULE);
        }
        Parameter p = null;
        if (container instanceof Argument a && a.eContainer() instanceof Call parent) {
            p = parameterOf(a, parent).orElse(null);
        } else if (container instanceof Setting s && s.eContainer() instanceof Settings block) {
            Call method = block.eContainer() instanceof Train t ? t.getMethod()
                    : block.eContainer() instanceof Sample sm && !sm.getMethods().isEmpty() ? sm.getMethods().get(0) : null;
            p = method == null ? null : entryOf(method).flatMap(e -> e.parameter(s.getKey())).orElse(null);
        }
        return p == null ? Optional.empty() : kindFor(p.type());
    }

    /** The catalogue entry a call names, if it names one here. */
    public static Optional<Entry> entryOf(Call call) {
        return kindOf(call).flatMap(k -> Catalog.find(k, call.getName()));
    }

    /** The parameter an argument of {@code parent} sets: by key, or by position. */
    public static Optional<Parameter> parameterOf(Argument a, Call parent) {
        Optional<Entry> entry = entryOf(parent);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (a.getKey() != null) {
            return entry.get().parameter(a.getKey());
        }
        int position = 0;
        for (Argument other : parent.getArguments()) {
            if (other == a) {
                break;
            }
            if (other.getKey() == null) {
                position++;
            }
        }
        int index = 0;
        for (Parameter p : entry.get().parameters()) {
            if (p.type() == Type.DATA) {
                continue;
            }
            if (index++ == position) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The kind of call a setting of this type takes, if it takes one. */
    public static Optional<Kind> kindFor(Type type) {
        return switch (type) {
            case DISTRIBUTION -> Optional.of(Kind.DISTRIBUTION);
            case EXPECTATION -> Optional.of(Kind.EXPECTATION);
            case OPTIMIZER -> Optional.of(Kind.OPTIMIZER);
            case ESTIMATOR -> Optional.of(Kind.ESTIMATOR);
            case LADDER -> Optional.of(Kind.LADDER);
            default -> Optional.empty();
        };
    }
}
