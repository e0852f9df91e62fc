package org.thermogen.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thermogen.run.family.Figure;
import org.thermogen.runtime.data.Dataset;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.Transform;
import org.thermogen.runtime.definition.ModelDefinition;
import org.thermogen.runtime.eval.EvaluationResult;
import org.thermogen.runtime.io.Checkpoint;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Provenance;
import org.thermogen.runtime.run.RunContext;
import org.thermogen.runtime.sample.Samples;
import org.thermogen.runtime.train.MetricsHistory;
import org.thermogen.runtime.train.TrainingResult;

/**
 * {@code report.md} and {@code report.html} of a run: the same sections in both, built as
 * a list of blocks so that the two renderings cannot drift apart.
 */
final class Report {
    private final ModelSpec spec;
    private final String structure;
    private final RunContext context;
    private Provenance provenance;
    private TrainingResult training;
    private Dataset data;
    private DatasetDefinition declaration;
    private Samples samples;
    private List<EvaluationResult> evaluations = List.of();
    private List<Figure> sampleFigures = List.of();
    private List<Figure> modelFigures = List.of();
    private Map<String, Object> seconds = Map.of();

    Report(ModelDefinition model, RunContext context) {
        this.spec = model.spec();
        this.structure = model.structure().describe();
        this.context = context;
    }

    void provenance(Provenance p) {
        this.provenance = p;
    }

    void training(TrainingResult result, Dataset trainingData, DatasetDefinition declaration) {
        this.training = result;
        this.data = trainingData;
        this.declaration = declaration;
    }

    void samples(Samples s) {
        this.samples = s;
    }

    void evaluations(List<EvaluationResult> results) {
        this.evaluations = results;
    }

    /** The family's pictures of its samples (reconstructions, denoising steps), shown after samples.png. */
    void sampleFigures(List<Figure> figures) {
        this.sampleFigures = List.copyOf(figures);
    }

    /** The family's pictures of the trained model (couplings), each in its own section. */
    void modelFigures(List<Figure> figures) {
        this.modelFigures = List.copyOf(figures);
    }

    void timing(Map<String, Object> phases) {
        this.seconds = phases;
    }

    /** A heading, a paragraph, a table (first row is the header) or a picture. */
    private sealed interface Block {
    }

    private record Heading(String text) implements Block {
    }

    private record Paragraph(String text, boolean code) implements Block {
    }

    private record Table(List<List<String>> rows) implements Block {
    }

    private record Picture(String file, String alt) implements Block {
    }

    /** Each figure under its own heading, if it has one, with its caption; the picture by its name in the folder. */
    private static void figures(List<Block> b, List<Figure> figures) {
        for (Figure f : figures) {
            if (f.heading() != null) {
                b.add(new Heading(f.heading()));
            }
            b.add(new Paragraph(f.caption(), false));
            b.add(new Picture(f.file().getFileName().toString(), f.alt()));
        }
    }

    /** Models with at most this many parameters show them all in the report. */
    static final int PARAMETERS_SHOWN = 64;

    /**
     * The learned parameters element by element ({@code mu[0]}, {@code Sigma[0,1]}), when there
     * are few enough to read; fixed ones are marked. In the units the model was trained in.
     */
    private void learnedParameters(List<Block> b, double[] theta) {
        if (theta == null || theta.length == 0 || theta.length > PARAMETERS_SHOWN) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("parameter", "value"));
        for (ParamSpec p : spec.params()) {
            for (int k = 0; k < p.size(); k++) {
                rows.add(List.of(Units.element(p.name(), p.shape(), k) + (p.fixed() ? " (fixed)" : ""),
                        Text.figure(theta[p.offset() + k])));
            }
        }
        b.add(new Paragraph("The learned parameters, " + theta.length + (theta.length == 1 ? " value" : " values")
                + " (also in " + Checkpoint.FILE_NAME + "), in the units the model was trained in.", false));
        b.add(new Table(rows));
    }

    private List<Block> blocks() {
        List<Block> b = new ArrayList<>();
        b.add(new Paragraph(spec.signature(), true));
        b.add(new Paragraph("Recognized structure: " + structure + ".", false));

        b.add(new Heading("Provenance"));
        List<List<String>> prov = new ArrayList<>();
        prov.add(List.of("item", "value"));
        String source = spec.sourceFile().isEmpty() ? "(not recorded)"
                : spec.sourceFile() + (spec.sourceLine() > 0 ? ", line " + spec.sourceLine() : "")
                        + (spec.sourceHash().isEmpty() ? "" : ", sha256 " + spec.sourceHash());
        prov.add(List.of("source", source));
        if (provenance != null) {
            prov.add(List.of("trainer", provenance.trainer()));
        }
        if (data != null) {
            prov.add(List.of("training data", data.name() + ": " + data.rows() + " rows x " + data.columns()
                    + " columns, sha256 " + provenance.datasetDigest()));
            // What the dataset declaration says, so a reader sees where the rows came from.
            StringBuilder d = new StringBuilder(declaration.name()).append(" = ").append(declaration.source().describe());
            for (Transform t : declaration.transforms()) {
                d.append(' ').append(t.describe());
            }
            prov.add(List.of("data source", d.toString()));
        }
        prov.add(List.of("seed", Long.toString(context.seed())));
        prov.add(List.of("versions", "Thermogen " + (provenance != null ? provenance.runtimeVersion() : "")
                + ", Java " + (provenance != null ? provenance.javaVersion() : "")));
        b.add(new Table(prov));

        b.add(new Heading("Training"));
        if (training == null) {
            b.add(new Paragraph(spec.name() + " has no training plan: the checkpoint holds the initial parameters.",
                    false));
        } else {
            MetricsHistory h = training.history();
            if (h != null && h.size() > 0) {
                double[] loss = h.column(h.lossColumn());
                double[] step = h.column(h.columns().get(0));
                b.add(new Paragraph(h.size() + (h.size() == 1 ? " row" : " rows") + " of history up to " + h.columns().get(0) + " "
                        + Text.figure(step[step.length - 1]) + "; " + h.lossColumn().replace('_', ' ') + " "
                        + Text.figure(loss[0]) + " at the start, " + Text.figure(loss[loss.length - 1])
                        + " at the end.", false));
            } else {
                b.add(new Paragraph("The trainer recorded no history (a closed-form fit).", false));
            }
            if (training.summary() != null && !training.summary().isEmpty()) {
                List<List<String>> sum = new ArrayList<>();
                sum.add(List.of("figure", "value"));
                training.summary().forEach((k, v) -> sum.add(List.of(k, v == null ? "" : Text.figure(v))));
                b.add(new Table(sum));
            }
            learnedParameters(b, training.theta());
            b.add(new Picture(Job.LOSS_PLOT, "training loss"));
        }

        if (samples != null) {
            b.add(new Heading("Samples"));
            b.add(new Paragraph(samples.count() + " samples of " + samples.dimension() + " units from "
                    + samples.sampler() + ", in " + Job.SAMPLES_CSV + " and " + Job.SAMPLES_NPY + ".", false));
            if (samples.diagnostics() != null && !samples.diagnostics().isEmpty()) {
                List<List<String>> diag = new ArrayList<>();
                diag.add(List.of("diagnostic", "value"));
                samples.diagnostics().forEach((k, v) -> diag.add(List.of(k, v == null ? "" : Text.figure(v))));
                b.add(new Table(diag));
            }
            b.add(new Picture(Job.SAMPLES_PLOT, "samples"));
            figures(b, sampleFigures);
            if (samples.diagnostics() != null && samples.diagnostics().containsKey("rhat")) {
                b.add(new Paragraph("The chains draw by draw (rhat: the largest split R-hat over units, above 1.01"
                        + " asks for longer chains; ess: the draws are worth that many independent ones for the unit"
                        + " that mixes worst).", false));
                b.add(new Picture(Job.TRACE_PLOT, "trace"));
                b.add(new Paragraph("How many draws a chain takes to forget: the autocorrelation of the same"
                        + " statistic against the lag.", false));
                b.add(new Picture(Job.AUTOCORRELATION_PLOT, "autocorrelation"));
            }
            if (samples.diagnostics() != null && samples.diagnostics().keySet().stream().anyMatch(k -> k.startsWith("swap_rate_"))) {
                b.add(new Paragraph("Replica-exchange swap acceptance between neighbouring temperatures.", false));
                b.add(new Picture(Job.SWAP_PLOT, "swap acceptance"));
            }
        }

        figures(b, modelFigures);

        if (!evaluations.isEmpty()) {
            b.add(new Heading("Evaluation"));
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("metric", "value", "standard error", "method"));
            for (EvaluationResult r : evaluations) {
                rows.add(List.of(r.description(), Text.figure(r.value()),
                        r.standardError() == 0 ? "0 (exact)" : Text.figure(r.standardError()), r.method()));
            }
            b.add(new Table(rows));
            for (EvaluationResult r : evaluations) {
                EvaluationResult.Series series = r.series();
                if (series != null && !series.x().isEmpty()) {
                    b.add(new Picture(r.name() + ".png", r.description()));
                    List<List<String>> points = new ArrayList<>();
                    points.add(List.of(series.xLabel(), series.yLabel(), "standard error"));
                    for (int i = 0; i < series.x().size(); i++) {
                        double se = series.se().get(i);
                        points.add(List.of(Text.figure(series.x().get(i)), Text.figure(series.y().get(i)),
                                se == 0 ? "0 (exact)" : Text.figure(se)));
                    }
                    b.add(new Table(points));
                }
            }
        }

        b.add(new Heading("Run"));
        List<String> phases = new ArrayList<>();
        seconds.forEach((k, v) -> phases.add(k + " " + v + " s"));
        b.add(new Paragraph("Seed " + context.seed() + ", " + context.threads() + " thread"
                + (context.threads() == 1 ? "" : "s") + (phases.isEmpty() ? "" : "; " + String.join(", ", phases))
                + ". Timings and dates are in " + Job.RUN_INFO + ".", false));
        return b;
    }

    String markdown() {
        StringBuilder s = new StringBuilder("# ").append(spec.name()).append("\n\n");
        for (Block block : blocks()) {
            if (block instanceof Heading h) {
                s.append("## ").append(h.text).append("\n\n");
            } else if (block instanceof Paragraph p) {
                s.append(p.code ? "`" + p.text.replace("`", "'") + "`" : markdownText(p.text)).append("\n\n");
            } else if (block instanceof Table t) {
                for (int r = 0; r < t.rows.size(); r++) {
                    s.append('|');
                    for (String cell : t.rows.get(r)) {
                        s.append(' ').append(markdownText(cell).replace("|", "\\|")).append(" |");
                    }
                    s.append('\n');
                    if (r == 0) {
                        s.append('|');
                        t.rows.get(0).forEach(c -> s.append(" --- |"));
                        s.append('\n');
                    }
                }
                s.append('\n');
            } else if (block instanceof Picture p) {
                s.append("![").append(p.alt).append("](").append(p.file).append(")\n\n");
            }
        }
        return s.toString();
    }

    String html() {
        StringBuilder s = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>""").append(escape(spec.name())).append("""
                </title>
                <style>
                body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
                code { background: #f4f4f4; padding: 0.1em 0.3em; }
                table { border-collapse: collapse; margin: 1em 0; }
                th, td { border: 1px solid #ddd; padding: 0.3em 0.7em; text-align: left; vertical-align: top; }
                th { background: #f4f4f4; }
                img { max-width: 100%; }
                </style>
                </head>
                <body>
                """).append("<h1>").append(escape(spec.name())).append("</h1>\n");
        for (Block block : blocks()) {
            if (block instanceof Heading h) {
                s.append("<h2>").append(escape(h.text)).append("</h2>\n");
            } else if (block instanceof Paragraph p) {
                s.append(p.code ? "<p><code>" + escape(p.text) + "</code></p>\n" : "<p>" + escape(p.text) + "</p>\n");
            } else if (block instanceof Table t) {
                s.append("<table>\n");
                for (int r = 0; r < t.rows.size(); r++) {
                    String tag = r == 0 ? "th" : "td";
                    s.append("<tr>");
                    for (String cell : t.rows.get(r)) {
                        s.append('<').append(tag).append('>').append(escape(cell)).append("</").append(tag).append('>');
                    }
                    s.append("</tr>\n");
                }
                s.append("</table>\n");
            } else if (block instanceof Picture p) {
                s.append("<p><img src=\"").append(escape(p.file)).append("\" alt=\"").append(escape(p.alt))
                        .append("\"></p>\n");
            }
        }
        return s.append("</body>\n</html>\n").toString();
    }

    /** Text that Markdown would otherwise read as emphasis or markup. */
    private static String markdownText(String s) {
        return s.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("<", "&lt;");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
