package org.thermogen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionTest {

    @Test
    void mavenFilledInTheProjectVersion() {
        // Maven filters version.properties while building; a raw ${project.version} would mean it did not.
        assertTrue(Version.runtime().matches("\\d+\\.\\d+\\.\\d+([.-][A-Za-z0-9.-]+)?"), Version.runtime());
        assertEquals(System.getProperty("java.version"), Version.java());
    }
}
