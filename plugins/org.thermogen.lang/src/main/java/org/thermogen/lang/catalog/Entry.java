package org.thermogen.lang.catalog;

import java.util.List;
import java.util.Optional;

/**
 * Something a .gen file can name, such as {@code gibbs} as a sampler, with its settings
 * and the Java that builds it: {@code GibbsSampler.builder().chains(8).build()} for a
 * builder, or {@code Distribution.normal(0.0, 0.3)} for a factory method taking the
 * settings in order.
 *
 * @param kind          where it may appear
 * @param name          the .gen name
 * @param javaClass     the runtime class, fully qualified
 * @param factoryMethod the static method for factories, or null for builders
 * @param parameters    settings; positional arguments fill them in this order
 * @param doc           what it does, for hovers and content assist
 * @param fixedCalls    builder calls every use makes first ({@code .observable("energy")}), in order
 */
public record Entry(Kind kind, String name, String javaClass, String factoryMethod, List<Parameter> parameters,
        String doc, List<FixedCall> fixedCalls) {

    public Entry(Kind kind, String name, String javaClass, String factoryMethod, List<Parameter> parameters, String doc) {
        this(kind, name, javaClass, factoryMethod, parameters, doc, List.of());
    }

    public boolean isFactory() {
        return factoryMethod != null;
    }

    public Optional<Parameter> parameter(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).findFirst();
    }

    /** The simple name of {@link #javaClass()}. */
    public String simpleClassName() {
        return javaClass.substring(javaClass.lastIndexOf('.') + 1);
    }

    /** The entry with its settings and defaults, as .gen text: {@code gibbs(chains 8, ...)}. */
    public String signature() {
        if (parameters.isEmpty()) {
            return name;
        }
        StringBuilder b = new StringBuilder(name).append('(');
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p.type() == Type.FLAG) {
                // A switch, off unless written: shown as optional.
                b.append(i == 0 ? "" : ", ").append('[').append(p.key()).append(']');
                continue;
            }
            b.append(i == 0 ? "" : ", ").append(p.key());
            if (p.defaultValue() != null && !p.defaultValue().isEmpty()) {
                b.append(' ').append(p.defaultValue());
            }
        }
        return b.append(')').toString();
    }
}
