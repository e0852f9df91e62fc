package org.thermogen.lang;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.thermogen.lang.linking.ThermogenLinkingMessages;
import org.thermogen.lang.conversion.ThermogenValueConverters;
import org.thermogen.lang.naming.ThermogenQualifiedNameProvider;

/** Binds the language's services for use without Eclipse. */
public class ThermogenRuntimeModule extends AbstractThermogenRuntimeModule {

    @Override
    public Class<? extends IValueConverterService> bindIValueConverterService() {
        return ThermogenValueConverters.class;
    }

    @Override
    public Class<? extends IQualifiedNameProvider> bindIQualifiedNameProvider() {
        return ThermogenQualifiedNameProvider.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return ThermogenLinkingMessages.class;
    }
}
