package org.thermogen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thermogen lsp} as an editor starts it, in a process of its own: standard output
 * carries nothing but LSP messages (a stray log line would break every client), the server
 * answers {@code initialize} with its capabilities and ends on {@code exit}.
 */
class LspCommandTest {
    @TempDir
    Path dir;

    private static void send(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    /** One message: its headers, then exactly Content-Length bytes. */
    private static String receive(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        while (!header.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed its output after " + header);
            }
            header.write(b);
        }
        String h = header.toString(StandardCharsets.US_ASCII);
        assertTrue(h.startsWith("Content-Length: "), "standard output holds something other than LSP: " + h);
        int length = Integer.parseInt(h.substring("Content-Length: ".length(), h.indexOf("\r\n")).strip());
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void answersInitializeOnStandardOutputAndEndsOnExit() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.thermogen.cli.ThermogenCommand", "lsp")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
                    + "\"rootUri\":\"" + dir.toUri() + "\",\"capabilities\":{}}}");
            String reply = receive(p.getInputStream());
            assertTrue(reply.contains("\"id\":1") && reply.contains("\"capabilities\"") && reply.contains("completionProvider"),
                    reply);
            send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
            send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shutdown\"}");
            String shutdown = receive(p.getInputStream());
            while (!shutdown.contains("\"id\":2")) {
                shutdown = receive(p.getInputStream());   // notifications may come first
            }
            send(p.getOutputStream(), "{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server did not end on exit");
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
