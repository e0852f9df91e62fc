package org.thermogen.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of the Thermogen runtime, for provenance and reports.
 *
 * <pre>{@code
 * String v = Version.runtime();   // "0.1.0-SNAPSHOT"
 * }</pre>
 */
public final class Version {
    private static final String RUNTIME = load();

    private Version() {
    }

    /**
     * The Maven version of the runtime jar; {@code "development"} when the classes run
     * straight from an unfiltered source folder (an IDE build without Maven).
     */
    public static String runtime() {
        return RUNTIME;
    }

    /** {@code java.version} of the running JVM. */
    public static String java() {
        return System.getProperty("java.version", "unknown");
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "development";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "").strip();
            return v.isEmpty() || v.startsWith("${") ? "development" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("the runtime jar's version.properties cannot be read", e);
        }
    }
}
