package org.thermogen.lang.ui.editing;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.thermogen.lang.ide.formatting.GenFormatter;

/** The handlers of the .gen editor's own commands: toggle comment (Ctrl+/) and format (Ctrl+Shift+F). */
public final class EditorCommands {
    private EditorCommands() {
    }

    private static ITextEditor editor(ExecutionEvent event) {
        return HandlerUtil.getActiveEditor(event) instanceof ITextEditor e ? e : null;
    }

    private static IDocument document(ITextEditor editor) {
        return editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    /** Comments the selected lines with {@code //}, or uncomments them when all are comments. */
    public static final class ToggleComment extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            ITextEditor editor = editor(event);
            if (editor != null && editor.getSelectionProvider().getSelection() instanceof ITextSelection s) {
                try {
                    toggle(document(editor), s.getStartLine(), s.getEndLine());
                } catch (BadLocationException e) {
                    // The selection no longer fits the text: nothing to toggle.
                }
            }
            return null;
        }
    }

    /** Toggles {@code //} on lines {@code first..last} (0-based) of {@code document}. */
    public static void toggle(IDocument document, int first, int last) throws BadLocationException {
        boolean allCommented = true;
        for (int l = first; l <= last; l++) {
            String line = line(document, l);
            if (!line.isBlank() && !line.stripLeading().startsWith("//")) {
                allCommented = false;
            }
        }
        // From the end, so that earlier offsets stay valid.
        for (int l = last; l >= first; l--) {
            IRegion r = document.getLineInformation(l);
            String line = line(document, l);
            if (line.isBlank()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (allCommented) {
                int at = line.indexOf("//");
                int length = line.startsWith("// ", at) ? 3 : 2;
                document.replace(r.getOffset() + at, length, "");
            } else {
                document.replace(r.getOffset() + indent, 0, "// ");
            }
        }
    }

    private static String line(IDocument d, int l) throws BadLocationException {
        IRegion r = d.getLineInformation(l);
        return d.get(r.getOffset(), r.getLength());
    }

    /** Formats the whole .gen text with {@link GenFormatter}, as one undoable change. */
    public static final class Format extends AbstractHandler {
        @Override
        public Object execute(ExecutionEvent event) {
            ITextEditor editor = editor(event);
            if (editor != null) {
                IDocument d = document(editor);
                String formatted = GenFormatter.format(d.get());
                if (!formatted.equals(d.get())) {
                    try {
                        d.replace(0, d.getLength(), formatted);
                    } catch (BadLocationException e) {
                        // Cannot happen for the whole document; leave the text as it is.
                    }
                }
            }
            return null;
        }
    }
}
