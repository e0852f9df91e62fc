package org.thermogen.lang.catalog;

/**
 * A setting of a catalogue entry.
 *
 * @param key          the .gen key, also the builder method in camelCase
 * @param type         what its value must be
 * @param defaultValue the default in .gen syntax, or null if required
 * @param doc          one sentence
 */
public record Parameter(String key, Type type, String defaultValue, String doc) {

    public boolean required() {
        return defaultValue == null;
    }

    /** The Java builder method: {@code weight_decay} becomes {@code weightDecay}. */
    public String javaName() {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }
}
