package org.thermogen.lang.ui.services;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.lang.ui.ThermogenLanguage;

/** Checks editor text with the language's validator: syntax, names, shapes, trainers. */
public final class GenValidator {
    private GenValidator() {
    }

    /** The problems of {@code text}, as the command's {@code check} would report them. */
    public static List<Issue> validate(String text, Path location, CancelIndicator cancel) {
        GenDocument document = GenDocument.parse(text, location);
        IResourceValidator validator = ThermogenLanguage.injector().getInstance(IResourceValidator.class);
        return validator.validate(document.resource(), CheckMode.ALL, cancel);
    }
}
