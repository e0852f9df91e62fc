package org.thermogen.runtime.compute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the {@link DenseKernels}, once per value of the system property {@link #PROPERTY}
 * ({@code auto}, {@code vector} or {@code scalar}; the command line's {@code --backend})
 * or, by default, the fastest that works here. SIMD backends come as service providers
 * ({@code META-INF/services/org.thermogen.runtime.compute.KernelsProvider}), so the runtime
 * needs none of them to run: the Vector API one ({@code org.thermogen.runtime.vector}) needs
 * Java 21 or newer started with {@code --add-modules jdk.incubator.vector}.
 *
 * <p>When a SIMD backend is present but cannot start, {@code auto} falls back to
 * {@link ScalarKernels} and says why in one line on standard error; {@code vector} asked
 * for by name refuses instead.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -Dthermogen.backend=vector ...
 * Backend.kernels().name();   // "vector"
 * }</pre>
 */
public final class Backend {
    /** The system property naming the backend: {@code auto} (the default), {@code vector} or {@code scalar}. */
    public static final String PROPERTY = "thermogen.backend";

    private static volatile DenseKernels chosen;
    private static volatile String chosenFor;
    private static volatile String why = "";

    private Backend() {
    }

    /**
     * The kernels of this JVM, chosen on first use.
     *
     * @throws IllegalStateException if {@link #PROPERTY} names a backend that is not available
     *                               here (the message says what to install or pass)
     */
    public static DenseKernels kernels() {
        return kernels(true);
    }

    private static DenseKernels kernels(boolean notice) {
        String requested = System.getProperty(PROPERTY, "auto");
        DenseKernels k = chosen;
        if (k == null || !requested.equals(chosenFor)) {
            synchronized (Backend.class) {
                k = chosen;
                if (k == null || !requested.equals(chosenFor)) {
                    k = choose(requested, notice);
                    chosen = k;
                    chosenFor = requested;
                }
            }
        }
        return k;
    }

    /**
     * One line on the kernels in use and, for scalar ones, why no SIMD backend runs; chooses
     * them without the notice on standard error ({@code thermogen --version} says it here).
     */
    public static String describe() {
        DenseKernels k = kernels(false);
        return k.name() + (why.isEmpty() ? "" : " (" + why + ")");
    }

    private static DenseKernels choose(String requested, boolean notice) {
        String name = requested.strip().toLowerCase(Locale.ROOT);
        why = "";
        if (name.equals("scalar")) {
            why = "asked for";
            return ScalarKernels.INSTANCE;
        }
        if (!name.equals("auto") && !name.equals("vector")) {
            throw new IllegalStateException("no backend " + requested + "; use auto, vector or scalar");
        }
        List<String> failures = new ArrayList<>();
        for (DenseKernels k : providers(failures)) {
            if (name.equals("auto") || k.name().equals(name)) {
                return k;
            }
        }
        String reason = failures.isEmpty() ? "no SIMD backend on the class path" : String.join("; ", failures);
        if (name.equals("vector")) {
            throw new IllegalStateException("the vector backend is not available: " + reason);
        }
        why = reason;
        if (notice && !failures.isEmpty()) {
            System.err.println("thermogen: SIMD kernels unavailable (" + reason + "); computing with scalar Java code");
        }
        return ScalarKernels.INSTANCE;
    }

    /** The SIMD backends that start here; why the others do not goes to {@code failures}. */
    private static List<DenseKernels> providers(List<String> failures) {
        List<DenseKernels> out = new ArrayList<>();
        var it = ServiceLoader.load(KernelsProvider.class, Backend.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(it.next().kernels());
            } catch (ServiceConfigurationError | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                failures.add(cause.getMessage() != null ? cause.getMessage() : cause.toString());
            }
        }
        return out;
    }
}
