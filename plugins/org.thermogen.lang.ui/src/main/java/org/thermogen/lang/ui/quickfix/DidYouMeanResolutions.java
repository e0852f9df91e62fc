package org.thermogen.lang.ui.quickfix;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IMarkerResolution2;
import org.eclipse.ui.IMarkerResolutionGenerator2;
import org.eclipse.swt.graphics.Image;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/**
 * Quick fixes of .gen problem markers (Problems view, the ruler, Ctrl+1): a problem whose
 * issue data name a misspelt word and its suggestion (every "did you mean" problem) gets a
 * fix that puts the suggestion in; the data come with the marker, never from its message. The edit goes through the file's shared
 * buffer, so an open editor shows it (and stays dirty until saved); a closed file is saved.
 */
public final class DidYouMeanResolutions implements IMarkerResolutionGenerator2 {

    @Override
    public boolean hasResolutions(IMarker marker) {
        return marker.getAttribute(ProblemMarkers.DATA, "").contains("\n");
    }

    @Override
    public IMarkerResolution[] getResolutions(IMarker marker) {
        if (!(marker.getResource() instanceof IFile file)) {
            return new IMarkerResolution[0];
        }
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        try {
            manager.connect(file.getFullPath(), LocationKind.IFILE, null);
            try {
                IDocument document = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE).getDocument();
                DidYouMean fix = DidYouMean.of(marker.getAttribute(ProblemMarkers.DATA, ""), document,
                        marker.getAttribute(IMarker.CHAR_START, -1), marker.getAttribute(IMarker.CHAR_END, -1));
                return fix == null ? new IMarkerResolution[0] : new IMarkerResolution[] {new Resolution(file, fix)};
            } finally {
                manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
            }
        } catch (CoreException e) {
            ILog.of(DidYouMeanResolutions.class).log(e.getStatus());
            return new IMarkerResolution[0];
        }
    }

    private record Resolution(IFile file, DidYouMean fix) implements IMarkerResolution2 {
        @Override
        public String getLabel() {
            return fix.label();
        }

        @Override
        public String getDescription() {
            return fix.label() + ", the closest name the language knows.";
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public void run(IMarker marker) {
            ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
            try {
                manager.connect(file.getFullPath(), LocationKind.IFILE, null);
                try {
                    ITextFileBuffer buffer = manager.getTextFileBuffer(file.getFullPath(), LocationKind.IFILE);
                    boolean open = buffer.isShared();
                    if (fix.apply(buffer.getDocument()) && !open) {
                        buffer.commit(null, true);
                    }
                } finally {
                    manager.disconnect(file.getFullPath(), LocationKind.IFILE, null);
                }
            } catch (CoreException | BadLocationException e) {
                ILog.of(DidYouMeanResolutions.class).error("cannot apply the quick fix to " + file.getFullPath(), e);
            }
        }
    }
}
