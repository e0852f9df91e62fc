package org.thermogen.lang.ui.validation;

import java.nio.file.Path;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.source.IAnnotationModel;

/**
 * Where an editor's document comes from: a workspace file (problems become markers), a
 * file outside the workspace (problems become annotations), or nothing known.
 *
 * @param file the workspace file, or null
 * @param location the file in the file system, or null
 * @param annotations the annotation model of the document's file buffer, or null
 */
public record GenSource(IFile file, Path location, IAnnotationModel annotations) {

    /** The source of {@code document}, found through its file buffer. */
    public static GenSource of(IDocument document) {
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null) {
            return new GenSource(null, null, null);
        }
        // A workspace file's buffer is located by its full path in the workspace; any other
        // file's by its path in the file system.
        IPath path = buffer.getLocation();
        IFile file = null;
        if (path != null && path.segmentCount() >= 2) {
            IFile member = ResourcesPlugin.getWorkspace().getRoot().getFile(path);
            file = member.exists() ? member : null;
        }
        Path location = null;
        if (file != null && file.getLocation() != null) {
            location = file.getLocation().toFile().toPath();
        } else if (path != null) {
            location = path.toFile().toPath();
        }
        return new GenSource(file, location, buffer.getAnnotationModel());
    }
}
