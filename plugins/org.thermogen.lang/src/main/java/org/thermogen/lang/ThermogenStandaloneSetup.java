package org.thermogen.lang;


/**
 * Initialization support for running Xtext languages without Equinox extension registry.
 */
public class ThermogenStandaloneSetup extends ThermogenStandaloneSetupGenerated {

	public static void doSetup() {
		new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();
	}
}
