package org.thermogen.lang.ide.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.FormattingOptions;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SemanticTokensLegend;
import org.eclipse.lsp4j.SemanticTokensParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@link ThermogenLanguageServer} as an editor would, through lsp4j's launcher over
 * piped streams: open a file with a mistake, receive its diagnostic at the token, ask for
 * completion, hover and the outline.
 */
class LanguageServerTest {
    private static final String MODEL = """
            package lsp.test

            model Ising {
              visible s[4] : spin
              param J[4,4] : symmetric, zero_diagonal
              param h[4]
              energy E(s) = -sum(k < l) J[k,l] * s[k] * s[l] - hh . s
              sample with gibbs(chains 2)
            }
            """;

    @TempDir
    Path dir;

    private final BlockingQueue<PublishDiagnosticsParams> diagnostics = new LinkedBlockingQueue<>();
    private LanguageServer server;
    private CompletableFuture<?> serving;
    private PipedOutputStream clientOut;
    private SemanticTokensLegend legend;

    /** What an editor shows: here, only the diagnostics are kept. */
    private final class Editor implements LanguageClient {
        @Override
        public void telemetryEvent(Object object) {
        }

        @Override
        public void publishDiagnostics(PublishDiagnosticsParams d) {
            diagnostics.add(d);
        }

        @Override
        public void showMessage(MessageParams messageParams) {
        }

        @Override
        public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void logMessage(MessageParams message) {
        }
    }

    @BeforeEach
    void connect() throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        clientOut = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        PipedOutputStream serverOut = new PipedOutputStream(clientIn);
        serving = CompletableFuture.runAsync(() -> {
            try {
                ThermogenLanguageServer.start(serverIn, serverOut).get();
            } catch (Exception e) {
                // the pipes closed
            }
        });
        Launcher<LanguageServer> client = LSPLauncher.createClientLauncher(new Editor(), clientIn, clientOut);
        client.startListening();
        server = client.getRemoteProxy();
        // A file on disk before the server starts: its first build of the workspace reads it.
        Files.writeString(dir.resolve("seeded.gen"), MODEL.replace("- hh . s", "- h . s").replace("lsp.test", "lsp.seeded"));
        InitializeParams init = new InitializeParams();
        init.setCapabilities(new ClientCapabilities());
        init.setRootUri(dir.toUri().toString());
        init.setWorkspaceFolders(List.of(new WorkspaceFolder(dir.toUri().toString(), "models")));
        var result = server.initialize(init).get(60, TimeUnit.SECONDS);
        legend = result.getCapabilities().getSemanticTokensProvider().getLegend();
        server.initialized(new InitializedParams());
    }

    @AfterEach
    void disconnect() throws Exception {
        // Not exit: Xtext's server ends its JVM there, as a server process should.
        server.shutdown().get(30, TimeUnit.SECONDS);
        clientOut.close();
        serving.get(30, TimeUnit.SECONDS);
    }

    private String open(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        String uri = file.toUri().toString();
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "thermogen", 1, text)));
        return uri;
    }

    /** The diagnostics of {@code uri} once some arrive (the server may publish an empty list first). */
    private PublishDiagnosticsParams diagnosticsOf(String uri) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end) {
            PublishDiagnosticsParams d = diagnostics.poll(1, TimeUnit.SECONDS);
            if (d != null && uri.endsWith(Path.of(java.net.URI.create(d.getUri())).getFileName().toString())
                    && !d.getDiagnostics().isEmpty()) {
                return d;
            }
        }
        throw new AssertionError("no diagnostics for " + uri);
    }

    @Test
    void aMistakeIsReportedAtItsTokenWithTheValidatorsMessage() throws Exception {
        String uri = open("ising.gen", MODEL);
        PublishDiagnosticsParams d = diagnosticsOf(uri);
        var first = d.getDiagnostics().get(0);
        String message = first.getMessage().isLeft() ? first.getMessage().getLeft() : first.getMessage().getRight().getValue();
        assertTrue(message.contains("hh") && message.contains("did you mean h"), message);
        assertEquals(6, first.getRange().getStart().getLine(), "line of hh (0-based)");
        assertEquals(MODEL.lines().toList().get(6).indexOf("hh"), first.getRange().getStart().getCharacter());
    }

    @Test
    void theDidYouMeanFixReplacesTheWordAndTheFileThenValidates() throws Exception {
        String uri = open("ising.gen", MODEL);
        var diagnostic = diagnosticsOf(uri).getDiagnostics().get(0);
        var actions = server.getTextDocumentService().codeAction(new CodeActionParams(new TextDocumentIdentifier(uri),
                diagnostic.getRange(), new CodeActionContext(List.of(diagnostic)))).get(30, TimeUnit.SECONDS);
        assertEquals(1, actions.size(), "actions: " + actions);
        var action = actions.get(0).getRight();
        assertEquals("Change 'hh' to 'h'", action.getTitle());
        var edits = action.getEdit().getChanges().get(uri);
        assertEquals(1, edits.size());
        var edit = edits.get(0);
        assertEquals("h", edit.getNewText());
        // Applied as the editor would, the file has no error left.
        List<String> lines = new java.util.ArrayList<>(MODEL.lines().toList());
        String line = lines.get(edit.getRange().getStart().getLine());
        lines.set(edit.getRange().getStart().getLine(), line.substring(0, edit.getRange().getStart().getCharacter())
                + edit.getNewText() + line.substring(edit.getRange().getEnd().getCharacter()));
        String fixed = String.join("\n", lines) + "\n";
        diagnostics.clear();
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2), List.of(new TextDocumentContentChangeEvent(fixed))));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        PublishDiagnosticsParams after = null;
        while (System.nanoTime() < end && after == null) {
            PublishDiagnosticsParams d = diagnostics.poll(1, TimeUnit.SECONDS);
            if (d != null && d.getUri().endsWith("ising.gen")) {
                after = d;
            }
        }
        assertTrue(after != null, "no diagnostics after the change");
        assertTrue(after.getDiagnostics().stream().noneMatch(x -> x.getSeverity() == DiagnosticSeverity.Error),
                "errors after the fix: " + after.getDiagnostics());
    }

    @Test
    void theServerWritesNoGeneratedJavaIntoTheWorkspace() throws Exception {
        // The workspace's first build published the seeded file's diagnostics: an information
        // that says what was recognized, and no error.
        var d = diagnosticsOf(dir.resolve("seeded.gen").toUri().toString());
        assertTrue(d.getDiagnostics().stream().noneMatch(x -> x.getSeverity() == DiagnosticSeverity.Error), "" + d);
        try (var files = Files.walk(dir)) {
            List<Path> java = files.filter(p -> p.toString().endsWith(".java")).toList();
            assertTrue(java.isEmpty(), "the language server wrote " + java);
        }
    }

    @Test
    void goToDefinitionFindsTheParameter() throws Exception {
        String fixed = MODEL.replace("- hh . s", "- h . s");
        String uri = open("ising.gen", fixed);
        int line = 6;
        int column = fixed.lines().toList().get(line).indexOf("h . s");
        var found = server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri),
                new Position(line, column))).get(30, TimeUnit.SECONDS);
        List<? extends Location> locations = found.isLeft() ? found.getLeft() : List.of();
        assertEquals(1, locations.size(), "definitions: " + found);
        assertEquals(5, locations.get(0).getRange().getStart().getLine(), "param h is declared on line 6");
        ReferenceParams refs = new ReferenceParams(new TextDocumentIdentifier(uri), new Position(line, column),
                new ReferenceContext(true));
        var uses = server.getTextDocumentService().references(refs).get(30, TimeUnit.SECONDS);
        assertEquals(List.of(5, 6), uses.stream().map(l -> l.getRange().getStart().getLine()).sorted().toList(),
                "the declaration and the use of h: " + uses);
    }

    @Test
    void formattingReindentsWithoutChangingATokenAndLeavesFormattedTextAlone() throws Exception {
        String fixed = MODEL.replace("- hh . s", "- h . s");
        String messy = fixed.replace("\n  ", "\n      ").replace("}\n", "}   \n\n\n");
        String uri = open("ising.gen", messy);
        TextDocumentIdentifier doc = new TextDocumentIdentifier(uri);
        var edits = server.getTextDocumentService().formatting(new DocumentFormattingParams(doc, new FormattingOptions(2, true)))
                .get(30, TimeUnit.SECONDS);
        assertEquals(1, edits.size(), "edits: " + edits);
        assertEquals(fixed, edits.get(0).getNewText());
        assertEquals(0, edits.get(0).getRange().getStart().getLine());

        String formatted = open("formatted.gen", fixed.replace("lsp.test", "lsp.other"));
        var none = server.getTextDocumentService().formatting(new DocumentFormattingParams(new TextDocumentIdentifier(formatted),
                new FormattingOptions(2, true))).get(30, TimeUnit.SECONDS);
        assertTrue(none.isEmpty(), "edits of formatted text: " + none);
    }

    @Test
    void semanticTokensColourNamesByWhatTheyName() throws Exception {
        String fixed = MODEL.replace("- hh . s", "- h . s").replace("model Ising {", "const Four = 4\n\nmodel Ising {")
                .replace("visible s[4]", "visible s[Four]");
        String uri = open("ising.gen", fixed);
        var tokens = server.getTextDocumentService().semanticTokensFull(new SemanticTokensParams(new TextDocumentIdentifier(uri)))
                .get(30, TimeUnit.SECONDS);
        List<String> types = legend.getTokenTypes();
        List<String> lines = fixed.lines().toList();
        java.util.Map<String, String> kindOf = new java.util.HashMap<>();
        java.util.Map<String, java.util.Set<String>> modifiersOf = new java.util.HashMap<>();
        List<Integer> data = tokens.getData();
        int line = 0;
        int column = 0;
        for (int i = 0; i + 4 < data.size(); i += 5) {
            line += data.get(i);
            column = data.get(i) == 0 ? column + data.get(i + 1) : data.get(i + 1);
            String text = lines.get(line).substring(column, column + data.get(i + 2));
            kindOf.putIfAbsent(text, types.get(data.get(i + 3)));
            int mods = data.get(i + 4);
            for (int b = 0; b < legend.getTokenModifiers().size(); b++) {
                if ((mods & (1 << b)) != 0) {
                    modifiersOf.computeIfAbsent(text + "@" + line, x -> new java.util.TreeSet<>())
                            .add(legend.getTokenModifiers().get(b));
                }
            }
        }
        assertEquals("class", kindOf.get("Ising"), "tokens: " + kindOf);
        assertEquals("variable", kindOf.get("s"), "tokens: " + kindOf);
        assertEquals("parameter", kindOf.get("J"), "tokens: " + kindOf);
        assertEquals("parameter", kindOf.get("h"), "tokens: " + kindOf);
        assertEquals("function", kindOf.get("gibbs"), "tokens: " + kindOf);
        assertEquals("variable", kindOf.get("Four"), "tokens: " + kindOf);
        int declared = fixed.lines().toList().indexOf("const Four = 4");
        int used = (int) fixed.lines().takeWhile(l -> !l.contains("s[Four]")).count();
        assertEquals(java.util.Set.of("declaration", "readonly"), modifiersOf.get("Four@" + declared), "" + modifiersOf);
        assertEquals(java.util.Set.of("readonly"), modifiersOf.get("Four@" + used), "" + modifiersOf);
        int param = (int) fixed.lines().takeWhile(l -> !l.contains("param J")).count();
        assertEquals(java.util.Set.of("declaration"), modifiersOf.get("J@" + param), "" + modifiersOf);
    }

    @Test
    void completionHoverAndOutlineAnswer() throws Exception {
        String uri = open("ising.gen", MODEL);
        diagnosticsOf(uri);
        TextDocumentIdentifier doc = new TextDocumentIdentifier(uri);
        // After "sample with gibbs(": the sampler's settings.
        int line = 7;
        int column = MODEL.lines().toList().get(line).indexOf("chains");
        var completion = server.getTextDocumentService().completion(new CompletionParams(doc, new Position(line, column)))
                .get(30, TimeUnit.SECONDS);
        List<String> labels = completion.isLeft() ? completion.getLeft().stream().map(i -> i.getLabel()).toList()
                : completion.getRight().getItems().stream().map(i -> i.getLabel()).toList();
        assertTrue(labels.stream().anyMatch(l -> l.startsWith("sweeps")), "completion: " + labels);

        var hover = server.getTextDocumentService().hover(new HoverParams(doc, new Position(3, 3))).get(30, TimeUnit.SECONDS);
        assertFalse(hover == null || hover.getContents() == null, "a hover over the model's first member");

        var symbols = server.getTextDocumentService().documentSymbol(new DocumentSymbolParams(doc)).get(30, TimeUnit.SECONDS);
        List<String> names = symbols.stream().map(e -> e.isLeft() ? e.getLeft().getName() : e.getRight().getName()).toList();
        assertTrue(names.toString().contains("Ising"), "outline: " + names);
    }
}
