package org.thermogen.lang.semantics;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;

/**
 * A problem found by analysis, attached to the exact element (and feature) it concerns,
 * so editors and {@code thermogen check} can point at the token.
 *
 * @param error   false for a warning
 * @param element where
 * @param feature which part of the element, or null for all of it
 * @param index   the position in a many-valued feature, or -1
 * @param message one sentence saying what is wrong and what to change
 * @param code    a stable identifier for quick fixes and tests ({@link IssueCodes})
 * @param data    what a quick fix needs: for a misspelt word, the word and the suggestion
 *                ({@link Suggestions#data}); empty otherwise
 */
public record Issue(boolean error, EObject element, EStructuralFeature feature, int index, String message, String code,
        String... data) {
}
