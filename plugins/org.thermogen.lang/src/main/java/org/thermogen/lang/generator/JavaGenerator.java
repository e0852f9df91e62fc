package org.thermogen.lang.generator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.thermogen.lang.analysis.ModelFacts;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;

/**
 * Turns a validated .gen file into Java sources: one class per model and one per dataset,
 * in the file's package. The Xtext generator, the Maven plugin and the command line all
 * call this, so they produce the same code.
 *
 * <pre>{@code
 * Map<String, String> sources = JavaGenerator.generate(genFile);  // "examples/ising/Ising16.java" -> source
 * }</pre>
 */
public final class JavaGenerator {
    private JavaGenerator() {
    }

    /** Relative source paths mapped to their contents. The file must be free of errors. */
    public static Map<String, String> generate(GenFile genFile) {
        Resource resource = genFile.eResource();
        String fileName = resource == null ? "model.gen" : resource.getURI().lastSegment();
        String pkg = genFile.getName() == null ? "" : genFile.getName();
        Set<String> classNames = new LinkedHashSet<>();
        for (Class<? extends Element> type : java.util.List.of(Model.class, Dataset.class,
                org.thermogen.lang.thermogen.Schedule.class)) {
            for (String n : ModelLookup.visibleNames(genFile, type)) {
                classNames.add(JavaText.className(n));
            }
        }
        GeneratedFile file = new GeneratedFile(fileName, pkg, sha256(text(genFile)), classNames);
        String folder = pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/";
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : genFile.getElements()) {
            if (e instanceof Dataset d) {
                out.put(folder + JavaText.className(d.getName()) + ".java", new DatasetClassGenerator(file, d).generate());
            } else if (e instanceof org.thermogen.lang.thermogen.Schedule sc) {
                out.put(folder + JavaText.className(sc.getName()) + ".java", new ScheduleClassGenerator(file, sc).generate());
            } else if (e instanceof Model m) {
                // The analyses the validator made of this resource, from its cache.
                ModelFacts facts = ModelFacts.of(m);
                ModelAnalysis analysis = facts.analysis();
                if (analysis.hasErrors() || facts.tooLarge() != null) {
                    throw new IllegalStateException(m.getName() + " has errors: " + (analysis.hasErrors()
                            ? analysis.issues().get(0).message() : facts.tooLarge().message()));
                }
                Hierarchy h = facts.hierarchy();
                if (h != null) {
                    if (h.hasErrors()) {
                        throw new IllegalStateException(m.getName() + " has errors: " + h.issues().get(0).message());
                    }
                    out.put(folder + JavaText.className(m.getName()) + ".java", new ModelClassGenerator(file, analysis, h)
                            .generate());
                    continue;
                }
                if (facts.structure() == null) {
                    throw new IllegalStateException(m.getName() + " has no energy to generate, or a file that did not"
                            + " parse");
                }
                out.put(folder + JavaText.className(m.getName()) + ".java",
                        new ModelClassGenerator(file, analysis, facts.lowered(), facts.structure()).generate());
            }
        }
        return out;
    }

    /** The text the parser read. */
    public static String text(GenFile genFile) {
        ICompositeNode node = NodeModelUtils.getNode(genFile);
        return node == null ? "" : node.getRootNode().getText();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
