/**
 * PNG charts drawn with Java2D, no display needed: {@link org.thermogen.runtime.plot.LinePlot},
 * {@link org.thermogen.runtime.plot.ScatterPlot}, {@link org.thermogen.runtime.plot.Heatmap},
 * {@link org.thermogen.runtime.plot.ImageGrid}, {@link org.thermogen.runtime.plot.RasterPlot}
 * and {@link org.thermogen.runtime.plot.Histogram}, sharing one palette, font set and
 * {@link org.thermogen.runtime.plot.Ticks tick algorithm}. Each is built with a builder and
 * written atomically with {@link org.thermogen.runtime.plot.Chart#write}.
 */
package org.thermogen.runtime.plot;
