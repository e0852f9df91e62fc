package org.thermogen.lang;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.thermogen.lang.conversion.ThermogenValueConverters;

/** Binds the language's services for use without Eclipse. */
public class ThermogenRuntimeModule extends AbstractThermogenRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return ThermogenValueConverters.class;
    }
}
