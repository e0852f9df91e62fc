package org.thermogen.lang.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The language reference documents everything the catalogue offers. */
class ReferenceDocumentationTest {

    @Test
    void everyEntryAndSettingIsDocumented() throws IOException {
        String reference = Files.readString(Path.of("../../dsl-grammar/README.md"));
        List<String> missing = new ArrayList<>();
        for (Entry e : Catalog.all()) {
            if (!reference.contains("`" + e.name())) {
                missing.add(e.kind().noun() + " " + e.name());
            }
            for (Parameter p : e.parameters()) {
                if (!reference.contains(p.key())) {
                    missing.add(e.name() + " setting " + p.key());
                }
            }
        }
        assertTrue(missing.isEmpty(), () -> "dsl-grammar/README.md does not mention " + missing);
    }
}
