package org.thermogen.lang;

import com.google.inject.Binder;
import com.google.inject.name.Names;
import org.eclipse.xtext.conversion.IValueConverterService;
import org.eclipse.xtext.linking.ILinkingDiagnosticMessageProvider;
import org.eclipse.xtext.naming.IQualifiedNameProvider;
import org.eclipse.xtext.parser.IParser;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.eclipse.xtext.scoping.impl.AbstractDeclarativeScopeProvider;
import org.thermogen.lang.linking.ThermogenLinkingMessages;
import org.thermogen.lang.conversion.ThermogenValueConverters;
import org.thermogen.lang.naming.ThermogenQualifiedNameProvider;
import org.thermogen.lang.parser.DepthLimitedParser;
import org.thermogen.lang.parser.ThermogenResource;
import org.thermogen.lang.scoping.PackageScopeProvider;

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

    /** Files of one package see each other's names without importing their own package. */
    @Override
    public void configureIScopeProviderDelegate(Binder binder) {
        binder.bind(IScopeProvider.class).annotatedWith(Names.named(AbstractDeclarativeScopeProvider.NAMED_DELEGATE))
                .to(PackageScopeProvider.class);
    }

    public Class<? extends ILinkingDiagnosticMessageProvider> bindILinkingDiagnosticMessageProvider() {
        return ThermogenLinkingMessages.class;
    }
}
