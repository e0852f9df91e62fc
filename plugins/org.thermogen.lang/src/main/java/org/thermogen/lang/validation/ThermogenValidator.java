package org.thermogen.lang.validation;

import org.eclipse.xtext.validation.ComposedChecks;
import org.thermogen.lang.semantics.IssueCodes;

/**
 * Checks a .gen file beyond its syntax: names, shapes, settings, data files, and whether
 * each trainer, sampler and metric can serve the model's energy. Every message says what
 * to change. The checks are grouped by concern, one {@code @Check} per rule, each group a
 * validator of its own composed here (Xtext's {@link ComposedChecks}); the analyses they read
 * are computed once per resource ({@link org.thermogen.lang.analysis.ModelFacts}) and shared
 * with the generator and the editor; issue codes are the constants of {@link IssueCodes}.
 * A check that throws becomes an error at its construct ({@link ThermogenChecks}), never an
 * internal error.
 */
@ComposedChecks(validators = {FileChecks.class, DatasetChecks.class, ModelChecks.class, ClauseChecks.class})
public class ThermogenValidator extends AbstractThermogenValidator {
    /** Issue code of the info that says what the generator recognized. */
    public static final String RECOGNIZED = IssueCodes.RECOGNIZED;

    /** Issue code of a check that failed with an exception: a Thermogen bug, reported at the construct. */
    public static final String CHECK_FAILED = IssueCodes.CHECK_FAILED;
}
