package org.thermogen.cli.progress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.thermogen.runtime.run.ProgressListener;

/**
 * Shows progress on standard error: a redrawn bar with the latest figures and the time
 * left when it is a terminal, one line per task otherwise (logs stay readable).
 */
public final class TerminalProgress implements ProgressListener {
    private static final int WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private String task = "";
    private long total;
    private long started;
    private long lastDraw;
    private long done;
    private Map<String, Double> metrics = Map.of();
    private boolean lineOpen;

    public TerminalProgress(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /** A progress display for this process: interactive if standard error is a terminal. */
    public static TerminalProgress forConsole(PrintWriter err) {
        String term = System.getenv("TERM");
        boolean tty = System.console() != null && term != null && !term.equals("dumb") && System.getenv("CI") == null;
        return new TerminalProgress(err, tty);
    }

    @Override
    public synchronized void begin(String name, long steps) {
        task = name;
        total = Math.max(1, steps);
        done = 0;
        metrics = Map.of();
        started = System.nanoTime();
        lastDraw = 0;
        if (interactive) {
            draw();
        } else {
            err.println(task + " (" + steps + " steps) ...");
            err.flush();
        }
    }

    @Override
    public synchronized void step(long stepsDone, Map<String, Double> latest) {
        done = stepsDone;
        metrics = latest;
        long now = System.nanoTime();
        if (interactive && now - lastDraw > REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    @Override
    public synchronized void note(String line) {
        clear();
        err.println(line);
        err.flush();
        if (interactive && total > 0 && done < total) {
            draw();
        }
    }

    @Override
    public synchronized void end() {
        double seconds = (System.nanoTime() - started) / 1e9;
        if (interactive) {
            done = total;
            draw();
            err.println();
            lineOpen = false;
        } else {
            err.println(task + ": done in " + String.format(Locale.ROOT, "%.1f s", seconds) + figures());
        }
        err.flush();
        total = 0;
    }

    private void draw() {
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder b = new StringBuilder("\r").append(task).append(" [")
                .append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                .append(done).append('/').append(total);
        double elapsed = (System.nanoTime() - started) / 1e9;
        if (done > 0 && done < total) {
            double left = elapsed / done * (total - done);
            b.append(String.format(Locale.ROOT, "  %s left", duration(left)));
        } else if (done >= total) {
            b.append(String.format(Locale.ROOT, "  %s", duration(elapsed)));
        }
        b.append(figures()).append("\033[K");
        err.print(b);
        err.flush();
        lineOpen = true;
    }

    private String figures() {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (shown++ == 3) {
                break;
            }
            b.append("  ").append(e.getKey()).append(' ').append(format(e.getValue()));
        }
        return b.toString();
    }

    private void clear() {
        if (lineOpen) {
            err.print("\r\033[K");
            lineOpen = false;
        }
    }

    private static String format(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return String.format(Locale.ROOT, "%.5g", v);
    }

    private static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        return String.format(Locale.ROOT, "%dm%02ds", (long) seconds / 60, (long) seconds % 60);
    }
}
