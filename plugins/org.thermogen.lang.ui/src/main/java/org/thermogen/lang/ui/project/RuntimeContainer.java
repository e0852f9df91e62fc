package org.thermogen.lang.ui.project;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.Platform;
import org.eclipse.jdt.core.IClasspathContainer;
import org.eclipse.jdt.core.IClasspathEntry;
import org.eclipse.jdt.core.JavaCore;
import org.osgi.framework.Bundle;

/**
 * "Thermogen Runtime" on a project's build path: the runtime and EJML as the Eclipse that
 * edits the project has them, so generated classes compile and launches run on exactly the
 * runtime the editor's language was built with.
 */
public final class RuntimeContainer implements IClasspathContainer {
    /** The container's path, as it appears in {@code .classpath}. */
    public static final IPath PATH = new Path("org.thermogen.RUNTIME");

    /** The bundles generated code needs at compile and run time. */
    static final List<String> BUNDLES = List.of("org.thermogen.runtime", "org.ejml.core", "org.ejml.ddense");

    private final IClasspathEntry[] entries;

    RuntimeContainer() {
        List<IClasspathEntry> list = new ArrayList<>();
        for (String id : BUNDLES) {
            // With the source feature installed, stepping into the runtime shows its source.
            list.add(JavaCore.newLibraryEntry(location(id), sourceOf(id), null));
        }
        entries = list.toArray(IClasspathEntry[]::new);
    }

    /** The source bundle of {@code id} ({@code id.source}) when installed, else null. */
    static IPath sourceOf(String id) {
        Bundle source = Platform.getBundle(id + ".source");
        if (source == null) {
            return null;
        }
        return FileLocator.getBundleFileLocation(source).map(f -> (IPath) Path.fromOSString(f.getAbsolutePath()))
                .orElse(null);
    }

    /** Where bundle {@code id} is installed: a jar, or a folder of classes in a development workbench. */
    public static IPath location(String id) {
        Bundle bundle = Platform.getBundle(id);
        if (bundle == null) {
            throw new IllegalStateException("bundle " + id + " is not installed: reinstall the Thermogen feature");
        }
        File file = FileLocator.getBundleFileLocation(bundle)
                .orElseThrow(() -> new IllegalStateException("bundle " + id + " is not on the local file system"));
        // A bundle run from a workspace keeps its classes in bin/ or target/classes.
        if (file.isDirectory()) {
            for (String classes : new String[] {"target/classes", "bin"}) {
                File folder = new File(file, classes);
                if (folder.isDirectory()) {
                    return Path.fromOSString(folder.getAbsolutePath());
                }
            }
        }
        return Path.fromOSString(file.getAbsolutePath());
    }

    @Override
    public IClasspathEntry[] getClasspathEntries() {
        return entries.clone();
    }

    @Override
    public String getDescription() {
        return "Thermogen Runtime";
    }

    @Override
    public int getKind() {
        return K_APPLICATION;
    }

    @Override
    public IPath getPath() {
        return PATH;
    }
}
