package org.thermogen.lang.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.log4j.Logger;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.AbstractDeclarativeValidator;
import org.eclipse.xtext.validation.EValidatorRegistrar;
import org.thermogen.lang.analysis.ModelFacts;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.RuntimeProbe;
import org.thermogen.lang.semantics.Issue;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.thermogen.ThermogenPackage;

/**
 * What every group of checks shares: a check that throws becomes an error at the construct
 * (a Thermogen bug, logged with its trace), never an internal error; helpers to report the
 * issues an analysis found and the problems a binding found; and the runtime's refusal of a
 * call's settings, asked of the runtime ({@link RuntimeProbe}). The groups are composed into
 * {@link ThermogenValidator}, which alone registers with Xtext.
 */
abstract class ThermogenChecks extends AbstractDeclarativeValidator {
    private static final Logger LOG = Logger.getLogger(ThermogenValidator.class);

    @Override
    protected List<EPackage> getEPackages() {
        return List.of(ThermogenPackage.eINSTANCE);
    }

    /** Composed into {@link ThermogenValidator}: registering on their own would run every check twice. */
    @Override
    public void register(EValidatorRegistrar registrar) {
    }

    /**
     * A check that throws is a bug of Thermogen's, not of the file: it becomes an error at
     * the construct being checked, saying so, and its trace goes to the log, so neither the
     * editor nor the command line shows an internal error. Xtext's own control flow (guards,
     * cancellation) and the null pointers of files with syntax errors keep their default
     * handling (ignored); in a file that parsed, a null pointer is a failed check like any other.
     */
    @Override
    protected void handleExceptionDuringValidation(Throwable e) {
        if (e instanceof Error && !(e instanceof StackOverflowError)) {
            super.handleExceptionDuringValidation(e);  // cancellation, out of memory: not ours to hide
            return;
        }
        EObject where = getCurrentObject();
        boolean halfTyped = where == null || where.eResource() == null || !where.eResource().getErrors().isEmpty();
        if (!(e instanceof NullPointerException) || halfTyped) {
            try {
                super.handleExceptionDuringValidation(e);
                return;  // Xtext's guards, and the null pointers of half-typed files: ignored, as Xtext does
            } catch (Throwable rethrown) {
                // anything else is a failed check: reported below
            }
        }
        LOG.error("check " + (getCurrentMethod() == null ? "?" : getCurrentMethod().getName()) + " failed on "
                + (where == null ? "?" : where.eClass().getName()), e);
        if (where == null) {
            return;
        }
        String what = where.eClass().getName().toLowerCase(Locale.ROOT);
        String why = e instanceof StackOverflowError ? "it is nested too deeply; split it into smaller parts"
                : "Thermogen failed (" + e.getClass().getSimpleName() + "), a bug: please report it with this file";
        error("could not check this " + what + ": " + why, where, null, ThermogenValidator.CHECK_FAILED);
    }

    /** Reports what an analysis found, at the element and feature each issue names. */
    protected void report(List<Issue> issues) {
        for (Issue i : issues) {
            if (i.index() >= 0) {
                error(i.message(), i.element(), i.feature(), i.index(), i.code(), i.data());
            } else {
                error(i.message(), i.element(), i.feature(), i.code(), i.data());
            }
        }
    }

    protected void report(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        error(message, where, feature, code, data);
    }

    /** Reports a binding's problems and counts them: a call with errors is not also built by the probe. */
    protected final class Counted implements Binding.Problems {
        int errors;

        @Override
        public void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
            errors++;
            report(where, feature, message, code, data);
        }
    }

    /**
     * Builds {@code b}'s runtime object as the generated code will, reporting the runtime's
     * refusal of its settings at {@code call}: the object, or null if refused or not buildable
     * at check time (a setting that is not a constant).
     */
    protected Object build(Binding b, EObject call) {
        Optional<RuntimeProbe.Result> result = RuntimeProbe.build(b);
        if (result.isEmpty()) {
            return null;
        }
        if (result.get() instanceof RuntimeProbe.Refused refused) {
            error(refused.message(), call, null, IssueCodes.RUNTIME_REFUSED);
            return null;
        }
        return ((RuntimeProbe.Built) result.get()).object();
    }

    protected static List<String> names(Kind kind) {
        List<String> out = new ArrayList<>();
        for (Entry e : org.thermogen.lang.catalog.Catalog.of(kind)) {
            out.add(e.name());
        }
        return out;
    }

    static String gigabytes(long bytes) {
        return ModelFacts.gigabytes(bytes);
    }

    static String fileName(EObject o) {
        return o.eResource() == null ? "model.gen" : o.eResource().getURI().lastSegment();
    }
}
