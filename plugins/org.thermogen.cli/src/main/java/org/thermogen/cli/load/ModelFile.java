package org.thermogen.cli.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.diffusion.NoiseSchedule;

/**
 * Where the running commands ({@code run}, {@code train}, {@code sample}, {@code eval}) take
 * their models from: a {@code .gen} file compiled in memory ({@link GenWorkspace}) or a model
 * class already compiled and on the class path ({@link CompiledModel}: what
 * {@code thermogen compile} or the Maven plugin generated, given to spark-submit with
 * {@code --jars}).
 */
public interface ModelFile {

    /** The file or class as the user named it, for messages. */
    String displayName();

    /** Where relative data paths start. */
    Path baseDirectory();

    /** The default output folder's name: the file name without {@code .gen}, or the class's simple name. */
    String stem();

    /** Refuses to go on when the models have errors, printing them. */
    void requireValid();

    /** The models, in declaration order. */
    List<ModelDefinition> models();

    /** The model called {@code name}, or a user error listing the models. */
    ModelDefinition model(String name);

    /** The noise schedules declared beside the models, by name. */
    Map<String, NoiseSchedule> schedules();
}
