package org.thermogen.run;

import java.util.ArrayList;
import java.util.List;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.VariableSpec;

/** Names of the observed units as the .gen file indexes them: {@code s[0]}, {@code v[2,5]}, {@code x}. */
final class Units {
    private Units() {
    }

    /** One name per observed unit, in state-vector order. */
    static List<String> observedNames(ModelSpec spec) {
        List<String> names = new ArrayList<>(spec.observedSize());
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved()) {
                for (int i = 0; i < v.size(); i++) {
                    names.add(name(v, i));
                }
            }
        }
        return names;
    }

    /** The name of element {@code i} (row-major) of variable {@code v}. */
    static String name(VariableSpec v, int i) {
        return element(v.name(), v.shape(), i);
    }

    /** {@code Sigma[0,1]}: element {@code i} (row-major) of an array {@code name} of that shape; the name for a scalar. */
    static String element(String name, Shape shape, int i) {
        if (shape.rank() == 0) {
            return name;
        }
        int[] index = new int[shape.rank()];
        int rest = i;
        for (int a = shape.rank() - 1; a >= 0; a--) {
            index[a] = rest % shape.dim(a);
            rest /= shape.dim(a);
        }
        StringBuilder b = new StringBuilder(name).append('[');
        for (int a = 0; a < index.length; a++) {
            b.append(a == 0 ? "" : ",").append(index[a]);
        }
        return b.append(']').toString();
    }

    /** The variable holding state-vector index {@code unit}. */
    static VariableSpec variableOf(ModelSpec spec, int unit) {
        for (VariableSpec v : spec.variables()) {
            if (unit >= v.offset() && unit < v.offset() + v.size()) {
                return v;
            }
        }
        throw new IllegalArgumentException("no unit " + unit + " in " + spec.name());
    }

    /** {@code s[16]} or {@code x[2], y}: the observed variables with their shapes. */
    static String observedList(ModelSpec spec) {
        List<String> parts = new ArrayList<>();
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved()) {
                parts.add(v.name() + v.shape());
            }
        }
        return String.join(", ", parts);
    }
}
