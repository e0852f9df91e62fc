package org.thermogen.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a stack trace through generated code back to the {@code .gen} file: each generated
 * model class carries its line table in {@code SOURCE_LINES} ("ising.gen\n40:12 52:13 ...":
 * the file, a line break, then each first line of the Java class with the .gen line it and the lines after
 * it come from). The command line and the Eclipse launcher register the classes they load
 * and name the model's line when a job fails inside its code.
 *
 * <pre>{@code
 * SourceLines.register(Ising16.class);
 * try {
 *     job.run(OptionalInt.empty());
 * } catch (RuntimeException e) {
 *     System.err.println(SourceLines.of(e).orElse("?") + ": " + e);   // ising.gen:12: ...
 * }
 * }</pre>
 */
public final class SourceLines {
    private static final Map<String, String> TABLES = new ConcurrentHashMap<>();

    private SourceLines() {
    }

    /** Remembers the line table of a generated class; classes without one are ignored. */
    public static void register(Class<?> generated) {
        try {
            Object table = generated.getField("SOURCE_LINES").get(null);
            if (table instanceof String s) {
                TABLES.put(generated.getName(), s);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // Not a generated model class, or one from before line tables: nothing to map.
        }
    }

    /**
     * The {@code .gen} position ({@code "ising.gen:12"}) of the innermost frame of
     * {@code thrown}, or of its causes, that lies in a registered generated class.
     */
    public static Optional<String> of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String table = table(frame.getClassName());
                if (table != null && frame.getLineNumber() > 0) {
                    Optional<String> at = position(table, frame.getLineNumber());
                    if (at.isPresent()) {
                        return at;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The table of {@code className}, or of the class it is nested in ({@code Ising16$Couplings}). */
    private static String table(String className) {
        for (String name = className; ; ) {
            String table = TABLES.get(name);
            int nested = name.lastIndexOf('$');
            if (table != null || nested < 0) {
                return table;
            }
            name = name.substring(0, nested);
        }
    }

    /** The .gen position of Java line {@code javaLine} by {@code table}; empty if the line comes from no .gen line. */
    static Optional<String> position(String table, int javaLine) {
        int newline = table.indexOf('\n');
        if (newline < 0) {
            return Optional.empty();
        }
        String file = table.substring(0, newline);
        String[] parts = table.substring(newline + 1).split(" ");
        int genLine = 0;
        for (int i = 0; i < parts.length; i++) {
            int colon = parts[i].indexOf(':');
            if (colon < 0) {
                continue;
            }
            int first = Integer.parseInt(parts[i].substring(0, colon));
            if (first > javaLine) {
                break;
            }
            genLine = Integer.parseInt(parts[i].substring(colon + 1));
        }
        return genLine > 0 ? Optional.of(file + ":" + genLine) : Optional.empty();
    }
}
