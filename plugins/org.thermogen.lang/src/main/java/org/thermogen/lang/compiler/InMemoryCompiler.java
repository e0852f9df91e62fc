package org.thermogen.lang.compiler;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java sources in memory with {@code javax.tools} and loads them, so
 * the command line runs exactly the code that the IDE and Maven builds generate.
 *
 * <pre>{@code
 * ClassLoader loader = InMemoryCompiler.compile(JavaGenerator.generate(file), getClass().getClassLoader());
 * Class<?> ising = loader.loadClass("examples.ising.Ising16");
 * }</pre>
 */
public final class InMemoryCompiler {
    private InMemoryCompiler() {
    }

    /** The generated sources did not compile: a bug in the generator, never in the user's model. */
    public static final class CompilationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CompilationException(String message) {
            super(message);
        }
    }

    /**
     * Compiles {@code sources} (relative path to source text) against the classes visible on
     * the class path of this JVM, and returns a loader whose parent is {@code parent}.
     *
     * @throws IllegalStateException if this Java has no compiler (a JRE, not a JDK)
     * @throws CompilationException  with javac's messages if the sources do not compile
     */
    public static ClassLoader compile(Map<String, String> sources, ClassLoader parent) {
        if (sources.isEmpty()) {
            return parent;  // a file of constants only: nothing to compile (javac would say "no source files")
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("this Java (" + System.getProperty("java.home")
                    + ") has no compiler: run Thermogen on a JDK 17 or newer, not a JRE");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8);
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        classes.put(className, out);
                        return out;
                    }
                };
            }
        };
        List<JavaFileObject> units = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            units.add(new SimpleJavaFileObject(URI.create("mem:///" + e.getKey()), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return e.getValue();
                }
            });
        }
        List<String> options = List.of("-classpath", classPath(), "--release", "17", "-proc:none", "-encoding", "UTF-8",
                "-g");
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
        if (!ok) {
            StringBuilder b = new StringBuilder("the generated Java does not compile (a Thermogen bug; please report it):");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    b.append("\n  ").append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                            .append(d.getMessage(Locale.ROOT));
                }
            }
            throw new CompilationException(b.toString());
        }
        Map<String, byte[]> bytes = new HashMap<>();
        classes.forEach((name, out) -> bytes.put(name, out.toByteArray()));
        return new Loader(bytes, parent);
    }

    /**
     * The loader of compiled classes, which also hands out their bytecode: a cluster's
     * executors, which cannot see this JVM's memory, define the same classes from it.
     */
    public static final class Loader extends ClassLoader {
        private final Map<String, byte[]> bytes;

        /** Defines {@code bytes} (compiled elsewhere, say on a cluster's driver) over {@code parent}. */
        public Loader(Map<String, byte[]> bytes, ClassLoader parent) {
            super(parent);
            this.bytes = Map.copyOf(bytes);
        }

        /** Every class compiled, by binary name ({@code examples.ising.Ising16$Couplings}), to its bytecode. */
        public Map<String, byte[]> classes() {
            return bytes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = bytes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    /**
     * The class path to compile against: this JVM's, with the entries of manifest-only jars
     * (as test runners use) spelled out.
     */
    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(e);
            if (e.endsWith(".jar")) {
                entries.addAll(manifestClassPath(new File(e)));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> manifestClassPath(File jar) {
        List<String> out = new ArrayList<>();
        try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar)) {
            java.util.jar.Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return out;
            }
            for (String u : cp.trim().split("\\s+")) {
                URI uri = jar.toURI().resolve(u);
                if ("file".equals(uri.getScheme())) {
                    out.add(new File(uri).getPath());
                }
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            // An unreadable jar adds nothing; javac reports any class that is then missing.
        }
        return out;
    }
}
