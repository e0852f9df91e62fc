package org.thermogen.run.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * A frame with two axes: layout, ticks, grid, labels, title, and the map from data to
 * pixels. Charts compute their data ranges, build an {@code Axes}, draw the frame, clip to
 * the plot area and draw their marks.
 */
final class Axes {
    private static final int X_INTERVALS = 8;
    private static final int Y_INTERVALS = 6;

    final Ticks x;
    final Ticks y;
    final boolean logY;
    final double left;
    final double top;
    final double right;
    final double bottom;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final int width;
    private final int height;

    /**
     * @param xRange data range {min, max}, or null if there is no data
     * @param yRange data range {min, max} (positive if {@code logY}), or null
     */
    Axes(Graphics2D g, int width, int height, String title, String xLabel, String yLabel, double[] xRange,
            double[] yRange, boolean logY) {
        this(g, width, height, title, xLabel, yLabel, xRange, yRange, logY, false);
    }

    /** @param exact the axes span exactly the given ranges instead of widening them to ticks */
    Axes(Graphics2D g, int width, int height, String title, String xLabel, String yLabel, double[] xRange,
            double[] yRange, boolean logY, boolean exact) {
        this.width = width;
        this.height = height;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.logY = logY;
        this.x = xRange == null ? Ticks.linear(0, 1, X_INTERVALS)
                : exact ? Ticks.inside(xRange[0], xRange[1], X_INTERVALS) : Ticks.linear(xRange[0], xRange[1], X_INTERVALS);
        if (exact && !logY && yRange != null) {
            this.y = Ticks.inside(yRange[0], yRange[1], Y_INTERVALS);
        } else if (logY) {
            this.y = yRange == null ? Ticks.logarithmic(1, 10) : Ticks.logarithmic(yRange[0], yRange[1]);
        } else {
            this.y = yRange == null ? Ticks.linear(0, 1, Y_INTERVALS) : Ticks.linear(yRange[0], yRange[1], Y_INTERVALS);
        }
        g.setFont(Style.TICK);
        int labelWidth = 0;
        for (String l : y.labels()) {
            labelWidth = Math.max(labelWidth, g.getFontMetrics().stringWidth(l));
        }
        this.left = 14 + (yLabel == null || yLabel.isEmpty() ? 0 : 22) + labelWidth + 8;
        this.top = title == null || title.isEmpty() ? 16 : 44;
        this.right = width - 24;
        this.bottom = height - (xLabel == null || xLabel.isEmpty() ? 30 : 52);
    }

    /** The pixel column of data {@code v}. */
    double px(double v) {
        return left + (v - x.low()) / (x.high() - x.low()) * (right - left);
    }

    /** The pixel row of data {@code v}. */
    double py(double v) {
        if (logY) {
            double lo = Math.log10(y.low());
            return bottom - (Math.log10(v) - lo) / (Math.log10(y.high()) - lo) * (bottom - top);
        }
        return bottom - (v - y.low()) / (y.high() - y.low()) * (bottom - top);
    }

    Shape plotArea() {
        return new Rectangle2D.Double(left, top, right - left, bottom - top);
    }

    /** Title, grid, ticks, tick labels, axis labels and the frame. */
    void drawFrame(Graphics2D g) {
        g.setStroke(Style.THIN);
        g.setColor(Style.GRID);
        for (double v : x.values()) {
            g.draw(new Line2D.Double(px(v), top, px(v), bottom));
        }
        for (double v : y.values()) {
            g.draw(new Line2D.Double(left, py(v), right, py(v)));
        }
        g.setColor(Style.AXIS);
        g.draw(new Rectangle2D.Double(left, top, right - left, bottom - top));
        g.setFont(Style.TICK);
        double[] xv = x.values();
        String[] xl = x.labels();
        for (int i = 0; i < xv.length; i++) {
            double p = px(xv[i]);
            g.draw(new Line2D.Double(p, bottom, p, bottom + 5));
            Style.centred(g, xl[i], p, bottom + 18);
        }
        double[] yv = y.values();
        String[] yl = y.labels();
        for (int i = 0; i < yv.length; i++) {
            double p = py(yv[i]);
            g.draw(new Line2D.Double(left - 5, p, left, p));
            Style.rightAligned(g, yl[i], left - 8, p);
        }
        g.setColor(Style.TEXT);
        g.setFont(Style.LABEL);
        if (xLabel != null && !xLabel.isEmpty()) {
            Style.centred(g, xLabel, (left + right) / 2, height - 14);
        }
        if (yLabel != null && !yLabel.isEmpty()) {
            Style.vertical(g, yLabel, 18, (top + bottom) / 2);
        }
        if (title != null && !title.isEmpty()) {
            g.setFont(Style.TITLE);
            Style.centred(g, title, width / 2.0, 28);
        }
    }

    /** A note in the middle of an empty plot. */
    void drawEmpty(Graphics2D g, String note) {
        g.setColor(Style.AXIS);
        g.setFont(Style.LABEL);
        Style.centred(g, note, (left + right) / 2, (top + bottom) / 2);
    }

    /** A legend box in the top-right corner of the plot area: a line or a square of each colour, then the name. */
    void drawLegend(Graphics2D g, List<String> names, List<Color> colors, boolean lines) {
        if (names.isEmpty()) {
            return;
        }
        g.setFont(Style.LABEL);
        var fm = g.getFontMetrics();
        int textWidth = 0;
        for (String n : names) {
            textWidth = Math.max(textWidth, fm.stringWidth(n));
        }
        double rowHeight = fm.getHeight() + 2;
        double w = textWidth + 44;
        double h = rowHeight * names.size() + 10;
        double x0 = right - w - 10;
        double y0 = top + 10;
        g.setColor(new Color(255, 255, 255, 225));
        g.fill(new Rectangle2D.Double(x0, y0, w, h));
        g.setColor(Style.GRID.darker());
        g.setStroke(Style.THIN);
        g.draw(new Rectangle2D.Double(x0, y0, w, h));
        for (int i = 0; i < names.size(); i++) {
            double cy = y0 + 5 + rowHeight * (i + 0.5);
            g.setColor(colors.get(i));
            if (lines) {
                g.setStroke(Style.LINE);
                g.draw(new Line2D.Double(x0 + 8, cy, x0 + 30, cy));
            } else {
                g.fill(new Rectangle2D.Double(x0 + 13, cy - 6, 12, 12));
            }
            g.setColor(Style.TEXT);
            g.drawString(names.get(i), (float) (x0 + 36), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
        }
    }
}
