package org.thermogen.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thermogen.run.plot.LinePlot;
import org.thermogen.runtime.diffusion.NoiseSchedule;

/**
 * The pictures {@code thermogen eval} draws of a file's noise schedules: {@code alpha_bar(t)}
 * (how much signal survives to step {@code t}) and the signal-to-noise ratio
 * {@code alpha_bar / (1 - alpha_bar)} on a log scale, every schedule on the same axes.
 */
final class ScheduleReport {
    static final String ALPHA_BAR = "schedules_alpha_bar.png";
    static final String SNR = "schedules_snr.png";

    private ScheduleReport() {
    }

    static List<Path> write(Map<String, NoiseSchedule> schedules, Path dir) throws IOException {
        Files.createDirectories(dir);
        LinePlot.Builder alphaBar = LinePlot.builder().title("alpha_bar against the step").xLabel("step t")
                .yLabel("alpha_bar");
        LinePlot.Builder snr = LinePlot.builder().title("signal-to-noise ratio alpha_bar / (1 - alpha_bar)")
                .xLabel("step t").yLabel("SNR").logY(true);
        for (var e : schedules.entrySet()) {
            NoiseSchedule s = e.getValue();
            int n = s.steps();
            double[] t = new double[n];
            double[] ab = new double[n];
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = i + 1;
                ab[i] = s.alphaBar(i + 1);
                r[i] = ab[i] / (1 - ab[i]);
            }
            alphaBar.series(e.getKey(), t, ab);
            snr.series(e.getKey(), t, r);
        }
        Path a = dir.resolve(ALPHA_BAR);
        Path b = dir.resolve(SNR);
        alphaBar.build().write(a);
        snr.build().write(b);
        return List.of(a, b);
    }
}
