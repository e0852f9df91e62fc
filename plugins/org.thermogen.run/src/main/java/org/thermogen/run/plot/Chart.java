package org.thermogen.run.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.thermogen.runtime.io.AtomicFiles;

/**
 * A picture of data, drawn with Java2D into an image (no display needed) and written as PNG.
 *
 * <pre>{@code
 * LinePlot.builder().title("loss").xLabel("epoch").yLabel("loss")
 *         .series("train", epochs, losses).build()
 *         .write(Path.of("out/loss.png"));
 * }</pre>
 */
public interface Chart {

    /** Draws the chart. */
    BufferedImage render();

    /** Draws the chart and writes it as a PNG file, atomically. */
    default void write(Path file) throws IOException {
        AtomicFiles.write(file, png(render()));
    }

    /** The PNG encoding of an image. */
    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this Java has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        }
        return out.toByteArray();
    }
}
