package org.thermogen.lang.generator;

import java.util.List;
import org.thermogen.lang.semantics.DiffusionHierarchy;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.MixtureHierarchy;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.NetworkAnalysis;
import org.thermogen.lang.semantics.VaeHierarchy;

/**
 * The members of a model class that the latent hierarchy it declares decides: the runtime
 * definition of a diffusion model ({@code DIFFUSION}) or a VAE ({@code VAE}), a mixture's
 * form, and the structure the runtime trains each by. One of the family emitters
 * {@link ModelClassGenerator} hands a model to; energies are written by the generator itself
 * through {@link EnergyEmitter}.
 */
final class HierarchyEmitter {
    private static final String R = BindingEmitter.RUNTIME;

    private final JavaWriter w;
    private final Imports imports;
    private final BindingEmitter bindings;
    private final GeneratedFile file;
    private final ModelAnalysis analysis;
    private final Hierarchy hierarchy;
    private final String className;

    HierarchyEmitter(JavaWriter w, Imports imports, BindingEmitter bindings, GeneratedFile file, ModelAnalysis analysis,
            Hierarchy hierarchy, String className) {
        this.w = w;
        this.imports = imports;
        this.bindings = bindings;
        this.file = file;
        this.analysis = analysis;
        this.hierarchy = hierarchy;
        this.className = className;
    }

    /**
     * The static runtime definition a VAE ({@code VAE}) or diffusion model ({@code DIFFUSION})
     * declares its spec through, written before the spec; null for a mixture, whose spec is
     * its parameters as declared.
     */
    String runtimeDefinition() {
        return hierarchy.accept(new Hierarchy.Visitor<String>() {
            @Override
            public String mixture(MixtureHierarchy mixture) {
                return null;
            }

            @Override
            public String vae(VaeHierarchy vae) {
                vaeModel(vae);
                return "VAE";
            }

            @Override
            public String diffusion(DiffusionHierarchy diffusion) {
                diffusionModel(diffusion);
                return "DIFFUSION";
            }
        });
    }

    /**
     * The structure a latent hierarchy's class has (its family's runtime structure). No energy:
     * a mixture, a VAE and a diffusion model are defined by their hierarchy, and the runtime's
     * algorithms for them read the structure.
     */
    void methods() {
        String structureType = imports.use(R + "model.Structure");
        String returned = hierarchy.accept(new Hierarchy.Visitor<String>() {
            @Override
            public String mixture(MixtureHierarchy mixture) {
                mixtureForm(mixture);
                return "new " + imports.use(R + "mixture.MixtureStructure") + "(FORM)";
            }

            @Override
            public String vae(VaeHierarchy vae) {
                return "new " + imports.use(R + "vae.VaeStructure") + "(VAE)";
            }

            @Override
            public String diffusion(DiffusionHierarchy diffusion) {
                return "new " + imports.use(R + "diffusion.DiffusionStructure") + "(DIFFUSION)";
            }
        });
        w.javadoc("Recognized: " + hierarchy.describe() + ".");
        w.line("@Override");
        w.open("public " + structureType + " structure()").line("return " + returned + ";").close();
        w.blank();
    }

    /** A mixture's {@code FORM}: where its weights, means and covariances sit in theta. */
    private void mixtureForm(MixtureHierarchy mixture) {
        String form = imports.use(R + "mixture.MixtureForm");
        String type = imports.use(R + "mixture.CovarianceType");
        w.javadoc("Where pi, mu and Sigma sit in theta: " + mixture.describe() + ".");
        w.line("private static final " + form + " FORM = " + form + ".of(SPEC, " + JavaText.literal(mixture.weights().name())
                + ", " + JavaText.literal(mixture.means().name()) + ", " + JavaText.literal(mixture.covariances().name())
                + ", " + type + "." + mixture.covariance().name() + ");");
        w.blank();
    }

    /**
     * {@code DIFFUSION}: the schedule, the denoising network and what it predicts, from the
     * {@code diffusion with S denoiser N predicts P} clause.
     */
    private void diffusionModel(DiffusionHierarchy hierarchy) {
        org.thermogen.lang.thermogen.Diffusion d = hierarchy.diffusion();
        NetworkAnalysis net = hierarchy.denoiser();
        String activation = imports.use(R + "nn.Activation");
        String prediction = imports.use(R + "diffusion.Prediction");
        w.javadoc(file.fileName() + ":" + ModelClassGenerator.line(d) + ": " + ModelClassGenerator.text(d));
        w.line("static final " + imports.use(R + "diffusion.DiffusionModel") + " DIFFUSION = "
                + imports.use(R + "diffusion.DiffusionModel") + ".builder(" + JavaText.literal(analysis.model().getName())
                + ", " + analysis.observedSize() + ")");
        w.line("        .network(" + JavaText.literal(net.name()) + ")");
        w.line("        .schedule(" + ModelClassGenerator.scheduleJava(d.getSchedule(), imports, bindings) + ")");
        w.line("        .timeEmbedding(" + net.timeWidth() + ")");
        if (net.learnedTime()) {
            w.line("        .learnedTime(true)");
        }
        for (NetworkAnalysis.LayerInfo l : net.hidden()) {
            w.line("        .hidden(" + l.width() + ", " + activation + "." + l.activation().toUpperCase(java.util.Locale.ROOT) + ")");
        }
        String p = switch (hierarchy.prediction()) {
            case "x0", "sample" -> "X0";
            case "velocity" -> "V";
            default -> "EPSILON";
        };
        w.line("        .predicts(" + prediction + "." + p + ")");
        w.line("        .build();");
        w.blank();
    }

    /**
     * {@code VAE}: the latent sizes bottom-up and every network as declared. A Bernoulli
     * decoder's final sigmoid becomes the likelihood's logits, the same distribution computed
     * without overflow.
     */
    private void vaeModel(VaeHierarchy hierarchy) {
        String spec = imports.use(R + "vae.VaeSpec");
        String vae = imports.use(R + "vae.Vae");
        boolean bernoulli = hierarchy.likelihood().equals("bernoulli");
        w.javadoc("The hierarchy of " + file.fileName() + ":" + ModelClassGenerator.line(analysis.model()) + ": " + hierarchy.describe() + ".");
        w.line("static final " + vae + " VAE = new " + vae + "(" + JavaText.literal(analysis.model().getName()) + ", "
                + spec + ".builder(" + analysis.observedSize() + ")");
        String likelihood = imports.use(R + "vae.Likelihood");
        Double variance = hierarchy.observationVariance();
        w.line("        .likelihood(" + likelihood + (bernoulli ? ".BERNOULLI" : hierarchy.observationLogVariance() != null
                ? ".gaussianLogVariance(" + JavaText.literal(hierarchy.observationLogVariance().getName()) + ")" : variance == null
                ? ".GAUSSIAN_LEARNED_VARIANCE" : variance == 1.0 ? ".GAUSSIAN" : ".gaussian(" + JavaText.number(variance) + ")")
                + ")");
        List<VaeHierarchy.Level> levels = hierarchy.levels();
        for (VaeHierarchy.Level l : levels) {
            w.line("        .latent(" + l.size() + ")");
        }
        for (int i = 0; i < levels.size(); i++) {
            VaeHierarchy.Level l = levels.get(i);
            int below = i == 0 ? analysis.observedSize() : levels.get(i - 1).size();
            w.line("        .encoder(" + (i + 1) + ", " + JavaText.literal(l.encoder().name()) + ", "
                    + mlpSpec(l.encoder(), below, false)
                    + (l.encoderVariance() == null ? "" : ", " + JavaText.number(l.encoderVariance())) + ")");
        }
        w.line("        .decoder(1, " + JavaText.literal(hierarchy.observationDecoder().name()) + ", "
                + mlpSpec(hierarchy.observationDecoder(), levels.get(0).size(), bernoulli) + ")");
        for (int i = 0; i + 1 < levels.size(); i++) {
            NetworkAnalysis dec = levels.get(i).decoder();
            w.line("        .decoder(" + (i + 2) + ", " + JavaText.literal(dec.name()) + ", "
                    + mlpSpec(dec, levels.get(i + 1).size(), false) + ")");
        }
        w.line("        .build());");
        w.blank();
    }

    /** A declared network as an {@code MlpSpec}; {@code logits} drops a final sigmoid. */
    private String mlpSpec(NetworkAnalysis net, int input, boolean logits) {
        String activation = imports.use(R + "nn.Activation");
        StringBuilder b = new StringBuilder(imports.use(R + "nn.MlpSpec")).append(".input(").append(input).append(')');
        for (NetworkAnalysis.LayerInfo l : net.hidden()) {
            b.append(".hidden(").append(l.width()).append(", ").append(activation).append('.')
                    .append(l.activation().toUpperCase(java.util.Locale.ROOT)).append(')');
        }
        if (net.output() != null) {
            String act = logits ? "IDENTITY" : net.output().activation().toUpperCase(java.util.Locale.ROOT);
            b.append(".output(").append(net.output().width()).append(", ").append(activation).append('.').append(act)
                    .append(')');
        } else {
            for (NetworkAnalysis.HeadInfo h : net.heads()) {
                b.append(".head(").append(JavaText.literal(h.name())).append(", ").append(h.width()).append(", ")
                        .append(activation).append('.').append(h.activation().toUpperCase(java.util.Locale.ROOT)).append(')');
            }
        }
        return b.append(".build()").toString();
    }
}
