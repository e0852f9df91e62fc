package org.thermogen.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Status;
import org.thermogen.lang.generator.JavaText;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Train;
import org.thermogen.lang.ui.services.GenDocument;

/** The models a .gen file declares, and the Java class each compiles to. */
public record GenModels(String packageName, List<Entry> models) {

    /** A model: its name in the file, its generated class, and whether it declares training. */
    public record Entry(String name, String className, boolean trains) {
    }

    /** Reads {@code file} as saved. */
    public static GenModels of(IFile file) throws CoreException {
        String text;
        try (InputStream in = file.getContents(true)) {
            text = new String(in.readAllBytes(), Charset.forName(file.getCharset()));
        } catch (IOException e) {
            throw new CoreException(Status.error(file.getFullPath() + ": cannot read (" + e.getMessage() + ")", e));
        }
        GenDocument document = GenDocument.parse(text,
                file.getLocation() == null ? null : file.getLocation().toFile().toPath());
        List<Entry> models = new ArrayList<>();
        String pkg = "";
        if (!document.resource().getContents().isEmpty() && document.resource().getContents().get(0) instanceof GenFile gen) {
            pkg = gen.getName() == null ? "" : gen.getName();
            for (Element e : gen.getElements()) {
                if (e instanceof Model m && m.getName() != null) {
                    boolean trains = m.getMembers().stream().anyMatch(Train.class::isInstance);
                    String simple = JavaText.className(m.getName());
                    models.add(new Entry(m.getName(), pkg.isEmpty() ? simple : pkg + "." + simple, trains));
                }
            }
        }
        return new GenModels(pkg, List.copyOf(models));
    }

    /** The model called {@code name}, or null. */
    public Entry model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    /** The model a launch runs when none is named: the first that trains, else the first. */
    public Entry preferred() {
        return models.stream().filter(Entry::trains).findFirst().orElse(models.isEmpty() ? null : models.get(0));
    }
}
