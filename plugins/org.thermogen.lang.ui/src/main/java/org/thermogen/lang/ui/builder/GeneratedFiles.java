package org.thermogen.lang.ui.builder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Path;
import org.eclipse.core.runtime.QualifiedName;

/**
 * The Java files the builder wrote into {@code src-gen}, each tagged (persistent property
 * {@link #SOURCE}) with the .gen file it came from, so that regenerating or deleting that
 * file removes exactly its classes, across sessions.
 */
final class GeneratedFiles {
    /** The workspace path of the .gen file a generated file came from. */
    static final QualifiedName SOURCE = new QualifiedName("org.thermogen.lang.ui", "source");

    private final IProject project;

    GeneratedFiles(IProject project) {
        this.project = project;
    }

    private IFolder root() {
        return project.getFolder(ThermogenBuilder.GENERATED_FOLDER);
    }

    /** Writes {@code sources} (relative path to Java text) for {@code gen}; drops what it no longer produces. */
    void replace(IFile gen, Map<String, String> sources) throws CoreException {
        IFolder root = root();
        if (!root.exists()) {
            root.create(true, true, null);
            root.setDerived(true, null);
        }
        String source = gen.getFullPath().toPortableString();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            IFile target = root.getFile(new Path(e.getKey()));
            write(target, e.getValue());
            target.setDerived(true, null);
            target.setPersistentProperty(SOURCE, source);
        }
        Set<String> kept = sources.keySet();
        for (IFile f : of(source)) {
            if (!kept.contains(f.getProjectRelativePath().makeRelativeTo(root.getProjectRelativePath()).toPortableString())) {
                delete(f);
            }
        }
    }

    void removeAllOf(IFile gen) throws CoreException {
        for (IFile f : of(gen.getFullPath().toPortableString())) {
            delete(f);
        }
    }

    /** Removes generated files whose .gen file no longer exists (deleted while the builder was off). */
    void removeOrphans() throws CoreException {
        for (IFile f : all()) {
            String source = f.getPersistentProperty(SOURCE);
            if (!project.getWorkspace().getRoot().getFile(new Path(source)).exists()) {
                delete(f);
            }
        }
    }

    void removeAll() throws CoreException {
        for (IFile f : all()) {
            delete(f);
        }
    }

    private List<IFile> of(String source) throws CoreException {
        List<IFile> out = new ArrayList<>();
        for (IFile f : all()) {
            if (source.equals(f.getPersistentProperty(SOURCE))) {
                out.add(f);
            }
        }
        return out;
    }

    private List<IFile> all() throws CoreException {
        List<IFile> out = new ArrayList<>();
        if (root().exists()) {
            root().accept(r -> {
                if (r instanceof IFile f && f.getPersistentProperty(SOURCE) != null) {
                    out.add(f);
                }
                return true;
            });
        }
        return out;
    }

    /** Writes only when the text changed, so an unchanged model does not make JDT recompile. */
    private static void write(IFile target, String text) throws CoreException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (target.exists()) {
            try (InputStream in = target.getContents(true)) {
                if (java.util.Arrays.equals(in.readAllBytes(), bytes)) {
                    return;
                }
            } catch (IOException e) {
                // Unreadable: overwrite it.
            }
            target.setContents(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        } else {
            mkdirs(target.getParent());
            target.create(new ByteArrayInputStream(bytes), IResource.FORCE | IResource.DERIVED, null);
        }
        target.setCharset("UTF-8", null);
    }

    private static void mkdirs(IContainer folder) throws CoreException {
        if (folder instanceof IFolder f && !f.exists()) {
            mkdirs(f.getParent());
            f.create(IResource.FORCE | IResource.DERIVED, true, null);
        }
    }

    /** Deletes {@code f} and the package folders it leaves empty. */
    private void delete(IFile f) throws CoreException {
        IContainer parent = f.getParent();
        f.delete(true, null);
        while (parent instanceof IFolder folder && !folder.equals(root()) && folder.members().length == 0) {
            IContainer up = folder.getParent();
            folder.delete(true, null);
            parent = up;
        }
    }
}
