package org.thermogen.run.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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

    /**
     * The PNG encoding of an image. Encoded through a memory cache: ImageIO's default file
     * cache registers a shutdown hook, which fails while a signalled run writes its last
     * pictures.
     */
    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this Java has no PNG writer");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
