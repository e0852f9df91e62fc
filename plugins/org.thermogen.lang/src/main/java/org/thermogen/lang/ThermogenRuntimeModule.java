package org.thermogen.lang;

import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.resource.XtextResource;
import org.thermogen.lang.linking.ThermogenLinkingMessages;
import org.thermogen.lang.conversion.ThermogenValueConverters;
import org.thermogen.lang.naming.ThermogenQualifiedNameProvider;
import org.thermogen.lang.parser.DepthLimitedParser;
import org.thermogen.lang.parser.ThermogenResource;

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

    /** Deeply nested brackets become an error at their place, not a stack overflow. */
    @Override
    public Class<? extends IParser> bindIParser() {
        return DepthLimitedParser.class;
    }

    @Override
    public Class<? extends XtextResource> bindXtextResource() {
        return ThermogenResource.class;
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return ThermogenLinkingMessages.class;
    }
}
