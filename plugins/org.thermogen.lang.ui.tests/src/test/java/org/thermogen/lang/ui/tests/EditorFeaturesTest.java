package org.thermogen.lang.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextOperationTarget;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.TextSelection;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.IMarkerResolution;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutline;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ide.formatting.GenFormatter;
import org.thermogen.lang.ui.contentassist.GenContentAssistProcessor;
import org.thermogen.lang.ui.editing.EditorCommands;
import org.thermogen.lang.ui.editing.GenBracketMatcher;
import org.thermogen.lang.ui.highlighting.DeclaredNames;
import org.thermogen.lang.ui.hover.GenHover;
import org.thermogen.lang.ui.outline.GenOutlinePage;
import org.thermogen.lang.ui.outline.OutlineNode;
import org.thermogen.lang.ui.services.GenDocument;
import org.thermogen.lang.ui.services.GenValidator;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/** The editor's outline, hovers, quick fixes, brackets, comments, formatting, templates and colours. */
class EditorFeaturesTest {
    private static int files;

    @AfterEach
    void close() {
        Ui.closeAll();
    }

    private static IFile newModel(String text) throws Exception {
        return Ui.file("features-" + (++files), "ising.gen", text);
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @Test
    void theOutlineListsDeclarationsFollowsTheTextAndSelectsInTheEditor() throws Exception {
        ITextEditor editor = Ui.open(newModel(Models.ISING));
        ContentOutline view = (ContentOutline) page().showView("org.eclipse.ui.views.ContentOutline");
        page().activate(editor);
        Ui.waitUntil("the outline page", 30, () -> view.getCurrentPage() instanceof GenOutlinePage);
        GenOutlinePage outline = (GenOutlinePage) view.getCurrentPage();

        List<OutlineNode> nodes = outline.nodes();
        assertEquals(List.of("dataset", "model"), nodes.stream().map(OutlineNode::kind).toList());
        assertEquals("model Ising16", nodes.get(1).label());
        List<String> members = nodes.get(1).children().stream().map(OutlineNode::label).toList();
        assertTrue(members.contains("param J[16,16] : symmetric, zero_diagonal"), members.toString());
        assertTrue(members.stream().anyMatch(m -> m.startsWith("energy E(s) =")), members.toString());

        IDocument document = Ui.document(editor);
        document.replace(document.get().indexOf("Ising16 {"), "Ising16".length(), "Spins");
        Ui.waitUntil("the outline to follow the text", 30,
                () -> outline.nodes().size() == 2 && outline.nodes().get(1).label().equals("model Spins"));

        OutlineNode param = outline.nodes().get(1).children().stream()
                .filter(n -> n.label().startsWith("param J")).findFirst().orElseThrow();
        outline.setSelection(new org.eclipse.jface.viewers.StructuredSelection(param));
        ITextSelection selected = (ITextSelection) editor.getSelectionProvider().getSelection();
        assertEquals(param.offset(), selected.getOffset());
        assertEquals("param J[16,16] : symmetric, zero_diagonal", selected.getText().strip());
    }

    @Test
    void hoversShowShapesRecognizedStructureAndCatalogueDocumentation() throws Exception {
        ITextEditor editor = Ui.open(newModel(Models.ISING));
        IDocument d = Ui.document(editor);
        String energy = "J[k,l] * s[k]";
        String j = GenHover.info(d, new Region(d.get().indexOf(energy), 1));
        assertTrue(j.contains("param J[16,16] : symmetric, zero_diagonal") && j.contains("shape [16, 16] (256 values)"), j);
        String s = GenHover.info(d, new Region(d.get().indexOf(energy) + "J[k,l] * ".length(), 1));
        assertTrue(s.contains("visible variable, shape [16] (16 values), domain spin"), s);
        String model = GenHover.info(d, new Region(d.get().indexOf("Ising16 {"), "Ising16".length()));
        assertTrue(model.startsWith("Ising16: recognized as "), model);
        String gibbs = GenHover.info(d, new Region(d.get().indexOf("gibbs("), "gibbs".length()));
        // gibbs is both a sampler and an expectation of moment matching: both are shown.
        assertTrue(gibbs.contains("sampler gibbs(") && gibbs.contains("\n  thin (default 1): "), gibbs);
    }

    @Test
    void aDidYouMeanProblemHasAQuickFixThatPutsTheSuggestionIn() throws Exception {
        IFile file = newModel(Models.ISING.replace("- h . s", "- hh . s"));
        ITextEditor editor = Ui.open(file);
        Ui.waitUntil("the error marker", 60, () -> markers(file).length > 0);
        IMarker marker = markers(file)[0];
        IMarkerResolution[] fixes = IDE.getMarkerHelpRegistry().getResolutions(marker);
        assertEquals(1, fixes.length, Arrays.toString(fixes));
        assertEquals("Change 'hh' to 'h'", fixes[0].getLabel());

        fixes[0].run(marker);
        assertTrue(Ui.document(editor).get().contains("- h . s"), "the fix did not change the open editor's text");
        Ui.waitUntil("the error to go", 60, () -> markers(file).length == 0);
    }

    private static IMarker[] markers(IFile file) {
        try {
            return Arrays.stream(file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO))
                    .filter(m -> m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR).toArray(IMarker[]::new);
        } catch (org.eclipse.core.runtime.CoreException e) {
            return new IMarker[0];
        }
    }

    @Test
    void bracketsMatchAndCommentsToggleThroughTheKeyBindingsCommand() throws Exception {
        ITextEditor editor = Ui.open(newModel(Models.ISING));
        IDocument d = Ui.document(editor);
        int open = d.get().indexOf("moment_matching(") + "moment_matching".length();
        IRegion pair = new GenBracketMatcher().match(d, open + 1);
        assertNotNull(pair);
        assertEquals(')', d.getChar(pair.getOffset() + pair.getLength() - 1));
        assertEquals(d.get().indexOf("exact)") + "exact".length(), pair.getOffset() + pair.getLength() - 1);

        int line = d.getLineOfOffset(d.get().indexOf("param h[16]"));
        int from = d.getLineOffset(line - 1);
        editor.getSelectionProvider().setSelection(new TextSelection(d, from, d.getLineOffset(line) + 3 - from));
        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        handlers.executeCommand("org.thermogen.lang.ui.toggleComment", null);
        assertTrue(d.get().contains("  // param J[16,16]") && d.get().contains("  // param h[16]"), d.get());
        from = d.getLineOffset(line - 1);
        editor.getSelectionProvider().setSelection(new TextSelection(d, from, d.getLineOffset(line) + 3 - from));
        handlers.executeCommand("org.thermogen.lang.ui.toggleComment", null);
        assertEquals(Models.ISING, d.get());
        EditorCommands.toggle(d, 0, 0);
        assertTrue(d.get().startsWith("// package tests.ising"));
    }

    @Test
    void formattingIndentsWithoutChangingTheTokensAndIsStable() throws Exception {
        String messy = Models.ISING.lines().map(l -> "   " + l.strip() + "   ").reduce((a, b) -> a + "\n" + b).orElse("")
                .replace("\n   \n", "\n\n\n\n");
        String formatted = GenFormatter.format(messy);
        assertEquals(Models.ISING.replace("                  split", "  split"), formatted);
        assertEquals(formatted, GenFormatter.format(formatted));
        assertEquals(tokens(messy), tokens(formatted));

        ITextEditor editor = Ui.open(newModel(messy));
        PlatformUI.getWorkbench().getService(IHandlerService.class).executeCommand("org.thermogen.lang.ui.format", null);
        assertEquals(formatted, Ui.document(editor).get());
    }

    /** The text's tokens, without whitespace and comments: what the parser reads. */
    private static List<String> tokens(String text) {
        GenDocument document = GenDocument.parse(text, null);
        List<String> out = new ArrayList<>();
        for (ILeafNode leaf : document.resource().getParseResult().getRootNode().getLeafNodes()) {
            if (!leaf.isHidden()) {
                out.add(leaf.getText());
            }
        }
        return out;
    }

    @Test
    void contentAssistOffersWholeCallsWithTheirSettingsAsTemplates() throws Exception {
        ITextEditor editor = Ui.open(newModel(Models.ISING));
        IDocument d = Ui.document(editor);
        String clause = "moment_matching(expectation exact)";
        int at = d.get().indexOf(clause);
        d.replace(at, clause.length(), "pseudo");
        ITextViewer viewer = (ITextViewer) editor.getAdapter(ITextOperationTarget.class);

        ICompletionProposal[] proposals = new GenContentAssistProcessor().computeCompletionProposals(viewer, at + "pseudo".length());
        ICompletionProposal template = proposals[0];
        assertTrue(template.getDisplayString().startsWith("pseudo_likelihood(") && template.getDisplayString().endsWith("template"),
                template.getDisplayString());
        template.apply(d);
        String line = d.get(d.getLineInformationOfOffset(at).getOffset(), d.getLineInformationOfOffset(at).getLength());
        assertTrue(line.contains("with pseudo_likelihood(") && line.strip().endsWith(") {"), line);
    }

    @Test
    void declaredNamesAreColouredByWhatTheyAre() throws Exception {
        assertEquals(Map.of("Spins16", DeclaredNames.Kind.DATASET, "s", DeclaredNames.Kind.VARIABLE,
                "J", DeclaredNames.Kind.PARAMETER, "h", DeclaredNames.Kind.PARAMETER), DeclaredNames.of(Models.ISING));
        ITextEditor editor = Ui.open(newModel(Models.ISING));
        StyledText text = (StyledText) editor.getAdapter(Control.class);
        int j = Ui.document(editor).get().indexOf("J[k,l]");
        Ui.waitUntil("the colours", 30, () -> text.getStyleRangeAtOffset(j) != null);
        StyleRange style = text.getStyleRangeAtOffset(j);
        assertEquals(SWT.ITALIC, style.fontStyle & SWT.ITALIC, "parameters are italic");
        assertEquals(192, style.foreground.getBlue());
    }

    /** Not a timed test: prints how long re-validating a 500-line file takes, for the closing note. */
    @Test
    void revalidationOfA500LineFile() throws Exception {
        StringBuilder b = new StringBuilder("package tests.big\n\n");
        int n = 0;
        while (b.toString().lines().count() < 500) {
            b.append(Models.ISING.substring(Models.ISING.indexOf("model Ising16")).replace("Ising16", "Ising" + n)).append('\n');
            if (n == 0) {
                b.insert("package tests.big\n\n".length(), Models.ISING.substring(Models.ISING.indexOf("dataset"),
                        Models.ISING.indexOf("model Ising16")));
            }
            n++;
        }
        String text = b.toString();
        long lines = text.lines().count();
        // Warm the language's services, as an editor that has been open a while has.
        GenValidator.validate(text, null, org.eclipse.xtext.util.CancelIndicator.NullImpl);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            GenValidator.validate(text + " ", null, org.eclipse.xtext.util.CancelIndicator.NullImpl);
            best = Math.min(best, System.nanoTime() - t0);
        }
        // End to end in the editor: a keystroke that introduces an error, until its marker is there.
        IFile file = newModel(text);
        ITextEditor editor = Ui.open(file);
        IDocument d = Ui.document(editor);
        Ui.waitUntil("the first validation", 60, () -> {
            try {
                return file.findMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_ZERO).length > 0;
            } catch (org.eclipse.core.runtime.CoreException e) {
                return false;
            }
        });
        long t0 = System.nanoTime();
        d.replace(d.get().indexOf("- h . s"), "- h".length(), "- hh");
        Ui.waitUntil("the marker of the typo", 60, () -> markers(file).length > 0);
        long endToEnd = System.nanoTime() - t0;
        System.out.printf("re-validation of a %d-line .gen file (%d models): validator %.1f ms (best of 5),"
                + " keystroke to marker %.0f ms (includes the reconciler's 500 ms delay)%n", lines, n, best / 1e6,
                endToEnd / 1e6);
        assertTrue(lines >= 500);
    }
}
