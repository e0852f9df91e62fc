package org.thermogen.lang.ide;

import com.google.inject.Guice;
import com.google.inject.Injector;
import org.eclipse.xtext.util.Modules2;
import org.thermogen.lang.ThermogenRuntimeModule;
import org.thermogen.lang.ThermogenStandaloneSetup;

/**
 * Initialization support for running Xtext languages as language servers.
 */
public class ThermogenIdeSetup extends ThermogenStandaloneSetup {

	@Override
	public Injector createInjector() {
		return Guice.createInjector(Modules2.mixin(new ThermogenRuntimeModule(), new ThermogenIdeModule()));
	}
	
}
