package org.thermogen.lang.catalog;

import java.util.List;

/**
 * A builder call that every use of a catalogue entry makes before the user's settings:
 * {@code .ddpm()}, {@code .sweeps(20)}, {@code .observable("energy")}, or
 * {@code .kind(InformationCriterion.Kind.BIC)}. Kept as data, not Java text, so the generator
 * can write it and the {@link RuntimeProbe} can make it.
 *
 * @param method   the builder method
 * @param argument none (null), an {@link Integer}, a {@link String}, or an {@link EnumConstant}
 */
public record FixedCall(String method, Object argument) {

    /** A constant of an enum nested in a runtime class: {@code InformationCriterion.Kind.BIC}. */
    public record EnumConstant(String ownerClass, String enumName, String constant) {
        /** The enum's binary name, for {@code Class.forName}. */
        public String binaryName() {
            return ownerClass + "$" + enumName;
        }
    }

    public static List<FixedCall> of(String method) {
        return List.of(new FixedCall(method, null));
    }

    public static List<FixedCall> of(String method, Object argument) {
        return List.of(new FixedCall(method, argument));
    }
}
