package org.thermogen.runtime.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The shape of a model: its variables and parameters, and the .gen source it came from.
 * Generated model classes build one with {@link #builder(String)}.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.builder("Ising16")
 *         .source("ising.gen", 8, "3f2a...")
 *         .variable("s", Role.VISIBLE, Domain.SPIN, Shape.of(16), false)
 *         .param("J", Shape.of(16, 16), Init.zeros(), false, Constraint.SYMMETRIC, Constraint.ZERO_DIAGONAL)
 *         .param("h", Shape.of(16), Init.zeros(), false)
 *         .build();
 * }</pre>
 */
public final class ModelSpec {
    private final String name;
    private final String sourceFile;
    private final int sourceLine;
    private final String sourceHash;
    private final List<VariableSpec> variables;
    private final List<ParamSpec> params;
    private final int stateSize;
    private final int observedSize;
    private final int paramSize;

    private ModelSpec(Builder b) {
        this.name = b.name;
        this.sourceFile = b.sourceFile;
        this.sourceLine = b.sourceLine;
        this.sourceHash = b.sourceHash;
        List<VariableSpec> ordered = new ArrayList<>();
        int offset = 0;
        for (VariableSpec v : b.variables) {
            if (v.role() != Role.HIDDEN) {
                ordered.add(new VariableSpec(v.name(), v.role(), v.domain(), v.shape(), offset, v.periodic()));
                offset += v.size();
            }
        }
        this.observedSize = offset;
        for (VariableSpec v : b.variables) {
            if (v.role() == Role.HIDDEN) {
                ordered.add(new VariableSpec(v.name(), v.role(), v.domain(), v.shape(), offset, v.periodic()));
                offset += v.size();
            }
        }
        this.variables = Collections.unmodifiableList(ordered);
        this.stateSize = offset;
        this.params = List.copyOf(b.params);
        this.paramSize = b.paramOffset;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The .gen file name (no directories), for messages and provenance. */
    public String sourceFile() {
        return sourceFile;
    }

    /** The line of the {@code model} declaration. */
    public int sourceLine() {
        return sourceLine;
    }

    /** SHA-256 of the .gen file's text. */
    public String sourceHash() {
        return sourceHash;
    }

    /** Observed variables first, then hidden ones; offsets index the state vector. */
    public List<VariableSpec> variables() {
        return variables;
    }

    public List<ParamSpec> params() {
        return params;
    }

    public Optional<ParamSpec> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    public Optional<VariableSpec> variable(String variableName) {
        return variables.stream().filter(v -> v.name().equals(variableName)).findFirst();
    }

    /** Units in the state vector (observed and hidden). */
    public int stateSize() {
        return stateSize;
    }

    /** Units a data row supplies: the leading part of the state vector. */
    public int observedSize() {
        return observedSize;
    }

    /** Elements in the flat parameter vector. */
    public int paramSize() {
        return paramSize;
    }

    /** True if every unit of the model is binary or spin. */
    public boolean isDiscrete() {
        return variables.stream().allMatch(v -> v.domain() != Domain.REAL);
    }

    /**
     * Each unit's lower value, in state order: -1 for a spin, 0 for a binary (and a real) unit;
     * the other value of a discrete unit is 1. What enumeration and heat-bath updates set a unit
     * to when it is off.
     */
    public double[] lowValues() {
        double[] low = new double[stateSize()];
        for (VariableSpec v : variables) {
            java.util.Arrays.fill(low, v.offset(), v.offset() + v.size(), v.domain() == Domain.SPIN ? -1.0 : 0.0);
        }
        return low;
    }

    /** The single domain of all units, or empty if they differ. */
    public Optional<Domain> uniformDomain() {
        EnumSet<Domain> ds = EnumSet.noneOf(Domain.class);
        variables.forEach(v -> ds.add(v.domain()));
        return ds.size() == 1 ? Optional.of(ds.iterator().next()) : Optional.empty();
    }

    /**
     * A parameter vector with every parameter at its {@code init}. Constraints are
     * imposed afterwards (a random symmetric matrix is symmetrized, a zero diagonal
     * zeroed), so the result always satisfies them.
     */
    public double[] initialParameters(SplittableRandom random) {
        double[] theta = new double[paramSize];
        for (ParamSpec p : params) {
            p.init().fill(p.shape(), theta, p.offset(), random);
        }
        Constraints.impose(this, theta);
        return theta;
    }

    /**
     * Identifies the structure a checkpoint must match: variable and parameter names,
     * shapes, domains and constraints. {@code Ising16(s[16]:spin | J[16,16]:symmetric,zero_diagonal h[16])}
     */
    public String signature() {
        StringBuilder b = new StringBuilder(name).append('(');
        for (int i = 0; i < variables.size(); i++) {
            VariableSpec v = variables.get(i);
            b.append(i == 0 ? "" : " ").append(v.role().name().toLowerCase(Locale.ROOT)).append(' ').append(v.name())
                    .append(v.shape()).append(':').append(v.domain().name().toLowerCase(Locale.ROOT));
        }
        b.append(" |");
        for (ParamSpec p : params) {
            b.append(' ').append(p.name()).append(p.shape());
            List<String> cs = new ArrayList<>();
            for (Constraint c : Constraint.values()) {
                if (p.has(c)) {
                    cs.add(c.keyword());
                }
            }
            if (p.fixed()) {
                cs.add("fixed");
            }
            if (!cs.isEmpty()) {
                b.append(':').append(String.join(",", cs));
            }
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return signature();
    }

    /** Collects variables and parameters in declaration order. */
    public static final class Builder {
        private final String name;
        private String sourceFile = "";
        private int sourceLine;
        private String sourceHash = "";
        private final List<VariableSpec> variables = new ArrayList<>();
        private final List<ParamSpec> params = new ArrayList<>();
        private int paramOffset;

        private Builder(String name) {
            this.name = name;
        }

        public Builder source(String file, int line, String sha256) {
            this.sourceFile = file;
            this.sourceLine = line;
            this.sourceHash = sha256;
            return this;
        }

        public Builder variable(String varName, Role role, Domain domain, Shape shape, boolean periodic) {
            variables.add(new VariableSpec(varName, role, domain, shape, -1, periodic));
            return this;
        }

        public Builder param(String paramName, Shape shape, Init init, boolean fixed, Constraint... constraints) {
            EnumSet<Constraint> cs = EnumSet.noneOf(Constraint.class);
            cs.addAll(List.of(constraints));
            params.add(new ParamSpec(paramName, shape, paramOffset, cs, init, fixed));
            paramOffset += shape.size();
            return this;
        }

        public ModelSpec build() {
            return new ModelSpec(this);
        }
    }
}
