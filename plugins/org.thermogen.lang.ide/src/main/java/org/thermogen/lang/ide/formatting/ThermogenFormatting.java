package org.thermogen.lang.ide.formatting;

import java.util.List;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentRangeFormattingParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.formatting.FormattingService;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The language server's formatting: {@link GenFormatter}, the Eclipse editor's
 * Ctrl+Shift+F, which re-indents and trims but never changes a token. A range is formatted
 * with its whole file (indentation depends on what encloses the range); nothing to change is
 * no edit.
 */
public class ThermogenFormatting extends FormattingService {

    @Override
    public List<? extends TextEdit> format(Document document, XtextResource resource, DocumentFormattingParams params,
            CancelIndicator cancelIndicator) {
        return whole(document);
    }

    @Override
    public List<? extends TextEdit> format(Document document, XtextResource resource, DocumentRangeFormattingParams params,
            CancelIndicator cancelIndicator) {
        return whole(document);
    }

    private static List<TextEdit> whole(Document document) {
        String text = document.getContents();
        String formatted = GenFormatter.format(text);
        if (formatted.equals(text)) {
            return List.of();
        }
        Position end = document.getPosition(text.length());
        return List.of(new TextEdit(new Range(new Position(0, 0), end), formatted));
    }
}
