package org.thermogen.lang.ide.quickfix;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;

/**
 * The language server's quick fixes: for every diagnostic whose issue data name a misspelt
 * word and its suggestion (unknown names, trainers, samplers, settings, functions,
 * activations, constraints), a code action that replaces the word, as the Eclipse editor's
 * quick fix does.
 */
public class ThermogenCodeActions implements ICodeActionService2 {

    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        Document document = document(options);
        List<Either<Command, CodeAction>> actions = new ArrayList<>();
        if (document == null) {
            return actions;
        }
        for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
            int start = document.getOffSet(d.getRange().getStart());
            int end = document.getOffSet(d.getRange().getEnd());
            if (start < 0 || end < start || end > document.getContents().length()) {
                continue;
            }
            Misspelling m = Misspelling.of(strings(d.getData()), document.getContents().substring(start, end), start);
            if (m == null) {
                continue;
            }
            TextEdit edit = new TextEdit(new Range(document.getPosition(m.offset()),
                    document.getPosition(m.offset() + m.word().length())), m.suggestion());
            CodeAction action = new CodeAction(m.label());
            action.setKind(CodeActionKind.QuickFix);
            action.setDiagnostics(List.of(d));
            action.setIsPreferred(true);
            action.setEdit(new WorkspaceEdit(Map.of(options.getURI(), List.of(edit))));
            actions.add(Either.forRight(action));
        }
        return actions;
    }

    /**
     * The text the diagnostics refer to: the options' document when the server passes one
     * (Xtext 2.42 passes none), else the open document read through the server's access (a
     * synchronous read: this runs inside the code-action request's own read).
     */
    private static Document document(Options options) {
        if (options.getDocument() != null) {
            return options.getDocument();
        }
        if (options.getLanguageServerAccess() == null || options.getURI() == null) {
            return null;
        }
        return options.getLanguageServerAccess().doSyncRead(options.getURI(), ILanguageServerAccess.Context::getDocument);
    }

    /** The issue data as the server sent them ({@code String[]}) or as a client echoes them (a JSON array). */
    private static String[] strings(Object data) {
        if (data instanceof String[] s) {
            return s;
        }
        if (data instanceof JsonArray a) {
            String[] s = new String[a.size()];
            for (int i = 0; i < s.length; i++) {
                JsonElement e = a.get(i);
                if (!e.isJsonPrimitive()) {
                    return null;
                }
                s[i] = e.getAsString();
            }
            return s;
        }
        return null;
    }
}
