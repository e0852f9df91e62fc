/**
 * PNG charts drawn with Java2D, no display needed: {@link org.thermogen.run.plot.LinePlot},
 * {@link org.thermogen.run.plot.ScatterPlot}, {@link org.thermogen.run.plot.Heatmap},
 * {@link org.thermogen.run.plot.ImageGrid}, {@link org.thermogen.run.plot.RasterPlot}
 * and {@link org.thermogen.run.plot.Histogram}, sharing one palette, font set and
 * {@link org.thermogen.run.plot.Ticks tick algorithm}. Each is built with a builder and
 * written atomically with {@link org.thermogen.run.plot.Chart#write}.
 */
package org.thermogen.run.plot;
