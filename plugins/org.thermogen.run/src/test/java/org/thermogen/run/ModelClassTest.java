package org.thermogen.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.thermogen.runtime.definition.ModelDefinition;

/** One way to load a generated model class by name, for the launcher, the command line and a cluster's tasks. */
class ModelClassTest {

    /** Like a generated class: a DEFINITION and a line table. */
    public static final class Lined {
        public static final ModelDefinition DEFINITION = new Fixtures.Body(new Fixtures.HalvingTrainer(2), List.of(),
                List.of());
        public static final String SOURCE_LINES = "lined.gen\n1:0 10:4";
    }

    /** A DEFINITION that is not static: not a generated model. */
    public static final class NotStatic {
        public final ModelDefinition DEFINITION = Lined.DEFINITION;
    }

    /** A model whose initializer fails. */
    public static final class Refusing {
        public static final ModelDefinition DEFINITION = refuse();

        private static ModelDefinition refuse() {
            throw new IllegalArgumentException("lr must be positive");
        }
    }

    @Test
    void theFirstLoaderThatHasTheClassGivesIt() {
        ClassLoader mine = ModelClassTest.class.getClassLoader();
        assertEquals(Optional.of(Lined.class), ModelClass.find(Lined.class.getName(), null, mine));
        assertEquals(Optional.empty(), ModelClass.find("nowhere.Missing", null, mine));
        assertEquals(Optional.empty(), ModelClass.find(Lined.class.getName()));
    }

    @Test
    void aDefinitionComesWithItsLineTableRegistered() {
        assertSame(Lined.DEFINITION, ModelClass.definition(Lined.class).orElseThrow());
        RuntimeException e = new IllegalStateException("in the model");
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement(Lined.class.getName(), "energy", "Lined.java", 12)});
        assertEquals(Optional.of("lined.gen:4"), SourceLines.of(e));
        assertEquals(Optional.empty(), ModelClass.definition(String.class));
        assertEquals(Optional.empty(), ModelClass.definition(NotStatic.class));
    }

    @Test
    void anErrorOfTheModelsInitializerIsTheModelsNotALookups() {
        // Found without running the initializer; it runs, and fails, when the definition is asked for.
        Class<?> refusing = ModelClass.find(Refusing.class.getName(), ModelClassTest.class.getClassLoader())
                .orElseThrow();
        ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                () -> ModelClass.definition(refusing));
        assertEquals("lr must be positive", e.getCause().getMessage());
    }
}
