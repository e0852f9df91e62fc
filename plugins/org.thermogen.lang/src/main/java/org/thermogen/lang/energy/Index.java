package org.thermogen.lang.energy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An affine index {@code c + sum a_l * l} over loops: {@code k}, {@code i + 1}, {@code 3}. */
public record Index(Map<Loop, Integer> coefficients, int constant) {

    public Index {
        coefficients = Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
    }

    public static Index of(Loop loop) {
        return new Index(Map.of(loop, 1), 0);
    }

    public static Index constant(int c) {
        return new Index(Map.of(), c);
    }

    public boolean isConstant() {
        return coefficients.isEmpty();
    }

    /** True if it is exactly one loop variable. */
    public boolean isLoop() {
        return constant == 0 && coefficients.size() == 1 && coefficients.values().iterator().next() == 1;
    }

    public boolean uses(Loop l) {
        return coefficients.containsKey(l);
    }
}
