package org.thermogen.lang.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.ui.texteditor.ITextEditor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ui.contentassist.GenContentAssistProcessor;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/** The .gen editor in a running workbench: which editor opens, markers as you type, content assist. */
class GenEditorTest {
    private static int files;

    @AfterEach
    void close() {
        Ui.closeAll();
    }

    /** The model in a project of its own: .gen files of one folder share their package. */
    private static IFile newModel() throws CoreException {
        return Ui.file("editor-test-" + (++files), "ising.gen", Models.ISING);
    }

    @Test
    void genFilesOpenInTheGenericEditor() throws Exception {
        ITextEditor editor = Ui.open(newModel());
        assertEquals("org.eclipse.ui.genericeditor.GenericEditor", editor.getEditorSite().getId());
    }

    @Test
    void aTypingMistakeBecomesAnErrorMarkerOnItsLine() throws Exception {
        IFile file = newModel();
        ITextEditor editor = Ui.open(file);
        IDocument document = Ui.document(editor);
        int at = document.get().indexOf("- h . s") + 2;
        document.replace(at, 1, "hh");

        Ui.waitUntil("an error marker", 60, () -> !errors(file).isEmpty());
        IMarker error = errors(file).get(0);
        assertTrue(error.getAttribute(IMarker.MESSAGE, "").contains("hh"), error.getAttribute(IMarker.MESSAGE, ""));
        assertEquals(Models.lineOf("energy E(s)"), error.getAttribute(IMarker.LINE_NUMBER, -1));

        // Put right, the model validates without errors.
        document.replace(at, 2, "h");
        Ui.waitUntil("the error to go", 60, () -> errors(file).isEmpty());
    }

    @Test
    void contentAssistProposesTheTrainersOfTheCatalogue() throws Exception {
        IFile file = newModel();
        ITextEditor editor = Ui.open(file);
        IDocument document = Ui.document(editor);
        String before = "with moment_matching";
        int at = document.get().indexOf(before) + "with ".length();
        document.replace(at, "moment_matching".length(), "");
        ITextViewer viewer = (ITextViewer) editor.getAdapter(ITextOperationTarget.class);

        ICompletionProposal[] proposals = new GenContentAssistProcessor().computeCompletionProposals(viewer, at);

        List<String> labels = Arrays.stream(proposals).map(ICompletionProposal::getDisplayString).toList();
        assertTrue(labels.stream().anyMatch(l -> l.startsWith("moment_matching")), labels.toString());
        assertTrue(labels.stream().anyMatch(l -> l.startsWith("pseudo_likelihood")), labels.toString());
    }

    private static List<IMarker> errors(IFile file) {
        try {
            return Arrays.stream(file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO))
                    .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toList();
        } catch (CoreException e) {
            throw new IllegalStateException(e);
        }
    }
}
