package org.thermogen.lang.ui;

import com.google.inject.Injector;
import org.thermogen.lang.ide.ThermogenIdeSetup;

/**
 * The language's Xtext services (parser, validator, content assist of
 * {@code org.thermogen.lang.ide}) for every editor of the workbench: one injector, created
 * on first use.
 */
public final class ThermogenLanguage {
    private static volatile Injector injector;

    private ThermogenLanguage() {
    }

    /** The injector of the IDE setup; registers the language with EMF on first call. */
    public static Injector injector() {
        Injector result = injector;
        if (result == null) {
            synchronized (ThermogenLanguage.class) {
                result = injector;
                if (result == null) {
                    result = new ThermogenIdeSetup().createInjectorAndDoEMFRegistration();
                    injector = result;
                }
            }
        }
        return result;
    }
}
