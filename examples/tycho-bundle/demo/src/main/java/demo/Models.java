package demo;

import java.util.List;
import org.thermogen.runtime.definition.ModelDefinition;

/** The models this bundle offers, generated from src/main/gen by the build. */
public final class Models {
    private Models() {
    }

    /** Every model of the bundle's .gen files. */
    public static List<ModelDefinition> all() {
        return List.of(Ising10.DEFINITION);
    }
}
