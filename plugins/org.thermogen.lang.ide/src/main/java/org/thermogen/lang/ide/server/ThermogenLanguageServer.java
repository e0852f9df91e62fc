package org.thermogen.lang.ide.server;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.xtext.ide.server.LanguageServerImpl;
import org.eclipse.xtext.ide.server.ServerModule;

/**
 * The {@code .gen} language over the Language Server Protocol: Xtext's language server
 * ({@link LanguageServerImpl}) with the Thermogen language, found through its
 * {@code ThermogenIdeSetup} service entry, so that any LSP editor (VS Code, Neovim, Emacs,
 * IntelliJ through LSP4IJ) gets what the Eclipse editor has: diagnostics as you type with the
 * validator's messages, completion with the catalogue's settings, hover, outline (document
 * symbols), go to definition, references, and the validator's "did you mean" fixes as code
 * actions. {@code thermogen lsp} serves it over standard input and output.
 *
 * <pre>{@code
 * Future<Void> done = ThermogenLanguageServer.start(System.in, System.out);
 * done.get();   // until the client sends exit or closes the stream
 * }</pre>
 */
public final class ThermogenLanguageServer {
    private ThermogenLanguageServer() {
    }

    /**
     * Starts a server reading requests from {@code in} and writing responses and
     * notifications to {@code out} (JSON-RPC with LSP's content-length headers).
     *
     * @return completes when the input ends
     */
    public static Future<Void> start(InputStream in, OutputStream out) {
        Injector injector = Guice.createInjector(new ServerModule());
        LanguageServerImpl server = injector.getInstance(LanguageServerImpl.class);
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        return launcher.startListening();
    }

    /**
     * Serves over standard input and output until the client closes them. Anything else
     * written to standard output (a library's log line) would corrupt the protocol, so it goes
     * to standard error from here on.
     */
    public static void serveStandardStreams() throws InterruptedException, ExecutionException {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        start(System.in, protocol).get();
    }

    /** {@link #serveStandardStreams()}. */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        serveStandardStreams();
    }
}
