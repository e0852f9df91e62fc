package org.thermogen.cli.commands;

import java.util.concurrent.Callable;
import org.thermogen.lang.ide.server.ThermogenLanguageServer;
import picocli.CommandLine.Command;

/**
 * {@code thermogen lsp}: the language server over standard input and output, for any LSP
 * editor. Standard output carries only the protocol; everything else goes to standard error.
 */
@Command(name = "lsp", mixinStandardHelpOptions = true,
        description = {"Serve the .gen language over the Language Server Protocol on standard input and output:",
            "diagnostics as you type, completion, hover, outline, go to definition, references and quick fixes.",
            "Editors start it; for example VS Code's client runs `thermogen lsp`."})
public final class LspCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        ThermogenLanguageServer.serveStandardStreams();
        return 0;
    }
}
