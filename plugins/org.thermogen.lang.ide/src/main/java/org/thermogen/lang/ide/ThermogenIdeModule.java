package org.thermogen.lang.ide;


/**
 * Use this class to register ide components.
 */
public class ThermogenIdeModule extends AbstractThermogenIdeModule {
}
