package org.thermogen.lang.generator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns text from a .gen file into Java that always compiles: string literals, comments,
 * identifiers and numbers. Whatever a user writes, the generated source stays valid.
 */
public final class JavaText {
    private JavaText() {
    }

    /** Java's reserved words and literals, which cannot be identifiers. */
    public static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits",
            "non-sealed", "_");

    /**
     * Simple names a generated class may not take: the public types of {@code java.lang},
     * which generated code names without importing them ({@code Math}, {@code Override},
     * {@code System}, ...); the first segments of the qualified names it writes
     * ({@code java.util.List}, {@code org.thermogen.runtime...}); and its own members and
     * nested classes ({@code DEFINITION}, {@code Couplings}, ...), which would obscure a class
     * of the same name.
     */
    public static final Set<String> TAKEN_TYPE_NAMES;

    /** What generated classes declare as members or nested classes, which user names must not shadow. */
    public static final Set<String> GENERATED_MEMBERS = Set.of("DEFINITION", "SPEC", "STRUCTURE", "WORKSPACE", "HIDDEN",
            "FORM", "DIFFUSION", "VAE", "SCHEDULE", "SOURCE_LINES", "Couplings", "Workspace");

    /** First segments of qualified names in generated code: a class or local of that name would hide the package. */
    public static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "org", "com", "sun");

    static {
        Set<String> taken = new HashSet<>(javaLangTypes());
        taken.addAll(GENERATED_MEMBERS);
        taken.addAll(PACKAGE_ROOTS);
        TAKEN_TYPE_NAMES = Set.copyOf(taken);
    }

    /**
     * The public top-level types of {@code java.lang} of the running JDK, read from its
     * module image; a fixed list of the common ones where the image cannot be read.
     */
    static Set<String> javaLangTypes() {
        Set<String> names = new HashSet<>(Set.of("Boolean", "Byte", "Character", "Class", "Double", "Enum", "Error",
                "Exception", "Float", "Integer", "Iterable", "Long", "Math", "Module", "Number", "Object", "Override",
                "Process", "Record", "Runnable", "Runtime", "RuntimeException", "Short", "StrictMath", "String",
                "StringBuilder", "System", "Thread", "ThreadLocal", "Throwable", "Void", "Deprecated",
                "FunctionalInterface", "SafeVarargs", "SuppressWarnings", "IllegalArgumentException",
                "IllegalStateException", "UnsupportedOperationException", "ArithmeticException", "Comparable",
                "CharSequence", "AutoCloseable", "Cloneable", "AssertionError"));
        try {
            Path lang = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("modules", "java.base", "java", "lang");
            try (DirectoryStream<Path> files = Files.newDirectoryStream(lang, "*.class")) {
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    n = n.substring(0, n.length() - ".class".length());
                    if (!n.contains("$") && !n.equals("package-info") && !n.equals("module-info")) {
                        names.add(n);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // No module image (a JDK 8-style runtime): the fixed list above stands.
        }
        return names;
    }

    /**
     * The Java name of the class generated for a model, dataset or noise schedule: the .gen
     * name, with a trailing underscore when it is a Java keyword or one of
     * {@link #TAKEN_TYPE_NAMES} ({@code Math} becomes {@code Math_}).
     */
    public static String className(String name) {
        return RESERVED.contains(name) || TAKEN_TYPE_NAMES.contains(name) ? name + "_" : name;
    }

    /**
     * Why generated classes cannot live in package {@code name}, or null when they can:
     * the JVM refuses classes in {@code java.*}, javac refuses a package that a module of
     * the JDK holds ({@code javax.swing}), and Thermogen's own packages would mix with the
     * generated ones.
     */
    public static String reservedPackage(String name) {
        if (name.equals("java") || name.startsWith("java.")) {
            return "packages under java are the JDK's own: the JVM refuses classes in them";
        }
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getPackages().contains(name)) {
                return "package " + name + " belongs to the JDK's module " + m.getName();
            }
        }
        for (String own : new String[] {"org.thermogen.runtime", "org.thermogen.run", "org.thermogen.lang",
                "org.thermogen.cli", "org.thermogen.launch"}) {
            if (name.equals(own) || name.startsWith(own + ".")) {
                return "package " + own + " is Thermogen's own";
            }
        }
        return null;
    }

    /** A double-quoted Java string literal with the same characters as {@code s}. */
    public static String literal(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                // Doubling every backslash also keeps javac from reading \\u as a Unicode escape.
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format(Locale.ROOT, "\\%03o", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Text safe inside a line or block comment: one line, no comment terminator, and no
     * backslash that javac would read as the start of a Unicode escape.
     */
    public static String comment(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t' || c < 0x20) {
                b.append(' ');
            } else if (c == '\\') {
                b.append("\\\\");
            } else {
                b.append(c);
            }
        }
        return b.toString().replace("*/", "*\\/").replaceAll(" {2,}", " ").trim();
    }

    /** A Java identifier for a .gen name: reserved words get a trailing underscore. */
    public static String identifier(String name) {
        return RESERVED.contains(name) ? name + "_" : name;
    }

    /** A Java double literal. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "Double.NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        String s = Double.toString(v);
        return v < 0 ? "(" + s + ")" : s;
    }

    /** A Java long literal. */
    public static String longLiteral(long v) {
        return v + "L";
    }
}
