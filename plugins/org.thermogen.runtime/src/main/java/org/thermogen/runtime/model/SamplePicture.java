package org.thermogen.runtime.model;

/**
 * How {@code samples.png} draws samples, as a {@code show samples as ...} clause says:
 * {@code images(8, 8)} shows each sample as an 8 by 8 image; {@code raster},
 * {@code scatter} and {@code histogram} force the other pictures.
 *
 * @param kind   what to draw
 * @param height image rows (images only)
 * @param width  image columns (images only)
 */
public record SamplePicture(Kind kind, int height, int width) {

    public enum Kind {
        IMAGES, RASTER, SCATTER, HISTOGRAM
    }

    public static SamplePicture images(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("images needs a positive height and width");
        }
        return new SamplePicture(Kind.IMAGES, height, width);
    }

    public static SamplePicture raster() {
        return new SamplePicture(Kind.RASTER, 0, 0);
    }

    public static SamplePicture scatter() {
        return new SamplePicture(Kind.SCATTER, 0, 0);
    }

    public static SamplePicture histogram() {
        return new SamplePicture(Kind.HISTOGRAM, 0, 0);
    }
}
