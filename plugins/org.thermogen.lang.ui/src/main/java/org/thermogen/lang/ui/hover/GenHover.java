package org.thermogen.lang.ui.hover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.thermogen.lang.analysis.ModelFacts;
import org.thermogen.lang.catalog.Catalog;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.ui.services.GenDocument;
import org.thermogen.lang.ui.validation.GenSource;

/**
 * Hovers of the .gen editor: over a variable or parameter its declaration and shape, over
 * a model's name (or its {@code energy}) what the language recognized it as and what that
 * makes available, over a trainer, sampler, metric or schedule its documentation and
 * settings from the catalogue.
 */
public final class GenHover implements ITextHover {

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        IDocument d = viewer.getDocument();
        int start = offset;
        int end = offset;
        try {
            while (start > 0 && Character.isJavaIdentifierPart(d.getChar(start - 1))) {
                start--;
            }
            while (end < d.getLength() && Character.isJavaIdentifierPart(d.getChar(end))) {
                end++;
            }
        } catch (BadLocationException e) {
            return null;
        }
        return end > start ? new Region(start, end - start) : null;
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        try {
            return info(viewer.getDocument(), region);
        } catch (BadLocationException e) {
            return null;
        }
    }

    /** The hover text at {@code region} of {@code document}, or null. */
    public static String info(IDocument document, IRegion region) throws BadLocationException {
        String word = document.get(region.getOffset(), region.getLength());
        GenDocument parsed = GenDocument.parse(document.get(), GenSource.of(document).location());
        if (parsed.resource().getContents().isEmpty()) {
            return null;
        }
        GenFile file = (GenFile) parsed.resource().getContents().get(0);
        Model model = modelAt(file, region.getOffset());
        if (model != null) {
            if (word.equals(model.getName()) || word.equals("energy") || word.equals("model")) {
                String recognized = recognized(parsed, model);
                if (recognized != null) {
                    return model.getName() + ": " + recognized;
                }
            }
            String symbol = symbol(model, word);
            if (symbol != null) {
                return symbol;
            }
        }
        return catalogue(word);
    }

    private static Model modelAt(GenFile file, int offset) {
        for (Element e : file.getElements()) {
            ICompositeNode n = NodeModelUtils.getNode(e);
            if (e instanceof Model m && n != null && offset >= n.getOffset() && offset <= n.getEndOffset()) {
                return m;
            }
        }
        return null;
    }

    /**
     * What the validator says it recognized in the model (its "Recognized: ..." note), from
     * the analyses it made of this document ({@link ModelFacts}), without validating again.
     */
    private static String recognized(GenDocument parsed, Model model) {
        ModelFacts facts = ModelFacts.of(model);
        if (facts.tooLarge() != null || facts.analysis().hasErrors()) {
            return null;
        }
        if (facts.hierarchy() != null && !facts.hierarchy().hasErrors()) {
            return "recognized as " + facts.hierarchy().describe();
        }
        return facts.structure() == null ? null : "recognized as " + facts.structure().explanation();
    }

    private static String symbol(Model model, String word) {
        ModelAnalysis analysis = ModelFacts.of(model).analysis();
        for (ModelAnalysis.VariableInfo v : analysis.variables()) {
            if (v.name().equals(word)) {
                return declaration(v.ast()) + "\n" + v.role().toString().toLowerCase(Locale.ROOT) + " variable, "
                        + shape(v.dims(), v.size()) + ", domain " + v.domain().toString().toLowerCase(Locale.ROOT);
            }
        }
        for (ModelAnalysis.ParamInfo p : analysis.params()) {
            if (p.name().equals(word)) {
                String constraints = p.constraints().isEmpty() ? ""
                        : ", " + p.constraints().stream().map(c -> c.toString().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "));
                return declaration(p.ast()) + "\nparameter, " + shape(p.dims(), p.size()) + constraints
                        + (p.fixed() ? ", fixed" : "") + "; elements " + p.offset() + ".." + (p.offset() + p.size() - 1)
                        + " of the parameter vector";
            }
        }
        return null;
    }

    private static String declaration(org.eclipse.emf.ecore.EObject e) {
        ICompositeNode n = NodeModelUtils.getNode(e);
        return n == null ? "" : NodeModelUtils.getTokenText(n).strip();
    }

    private static String shape(int[] dims, int size) {
        if (dims.length == 0) {
            return "scalar";
        }
        return "shape [" + Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ")) + "] ("
                + size + (size == 1 ? " value)" : " values)");
    }

    /** Documentation of the catalogue entries called {@code word}. */
    private static String catalogue(String word) {
        List<String> parts = new ArrayList<>();
        for (Entry e : Catalog.all()) {
            if (e.name().equals(word)) {
                StringBuilder b = new StringBuilder(e.kind().toString().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(' ').append(e.signature());
                if (e.doc() != null && !e.doc().isBlank()) {
                    b.append("\n").append(e.doc());
                }
                for (Parameter p : e.parameters()) {
                    b.append("\n  ").append(p.key());
                    if (p.defaultValue() != null && !p.defaultValue().isEmpty()) {
                        b.append(" (default ").append(p.defaultValue()).append(')');
                    }
                    if (p.doc() != null && !p.doc().isBlank()) {
                        b.append(": ").append(p.doc());
                    }
                }
                parts.add(b.toString());
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }
}
