package org.thermogen.lang.ui.services;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.thermogen.lang.ui.ThermogenLanguage;

/**
 * The text of an editor parsed as a .gen file. Like the command line, it loads the other
 * .gen files of the same folder beside it, so names declared there resolve.
 */
public final class GenDocument {
    private final XtextResource resource;

    private GenDocument(XtextResource resource) {
        this.resource = resource;
    }

    /**
     * Parses {@code text}.
     *
     * @param location the file the text belongs to, or null for text outside the file system
     */
    public static GenDocument parse(String text, Path location) {
        XtextResourceSet set = ThermogenLanguage.injector().getInstance(XtextResourceSet.class);
        URI uri = location == null ? URI.createURI("synthetic:/editor.gen")
                : URI.createFileURI(location.toAbsolutePath().normalize().toString());
        XtextResource resource = (XtextResource) set.createResource(uri);
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (location != null) {
            loadSiblings(set, location.toAbsolutePath().normalize());
        }
        return new GenDocument(resource);
    }

    private static void loadSiblings(XtextResourceSet set, Path file) {
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(folder, "*.gen")) {
            for (Path p : siblings) {
                if (!p.equals(file)) {
                    set.getResource(URI.createFileURI(p.toString()), true);
                }
            }
        } catch (IOException e) {
            // A folder we cannot list: the file is checked alone, as if it had no siblings.
        }
    }

    public XtextResource resource() {
        return resource;
    }
}
