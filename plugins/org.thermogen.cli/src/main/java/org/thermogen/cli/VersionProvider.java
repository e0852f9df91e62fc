package org.thermogen.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code thermogen --version}: the versions a bug report needs. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ThermogenCommand.class.getPackage().getImplementationVersion();
        return new String[] {"thermogen " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                "kernels " + org.thermogen.runtime.compute.Backend.describe()};
    }
}
