package org.thermogen.lang.ui.outline;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Schedule;

/**
 * An entry of the outline: what it is ("model", "param", ...), its label (the declaration's
 * first line, as written), where it is in the text, and its members.
 *
 * @param kind the declaration's keyword or kind, e.g. {@code model} or {@code param}
 * @param label what the outline shows
 * @param offset the declaration's offset in the document
 * @param length the declaration's length
 * @param children the members of a model
 */
public record OutlineNode(String kind, String label, int offset, int length, List<OutlineNode> children) {

    /** The outline of a parsed file: its datasets, networks, schedules and models with their members. */
    public static List<OutlineNode> of(GenFile file) {
        List<OutlineNode> out = new ArrayList<>();
        if (file == null) {
            return out;
        }
        for (Element e : file.getElements()) {
            List<OutlineNode> children = new ArrayList<>();
            if (e instanceof Model m) {
                for (EObject member : m.getMembers()) {
                    OutlineNode n = node(member, kindOf(member), List.of());
                    if (n != null) {
                        children.add(n);
                    }
                }
            }
            String kind = e instanceof Model ? "model" : e instanceof Dataset ? "dataset"
                    : e instanceof Network ? "network" : e instanceof Schedule ? "schedule" : "element";
            OutlineNode n = node(e, kind, children);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    private static String kindOf(EObject member) {
        String type = member.eClass().getName();
        return Character.toLowerCase(type.charAt(0)) + type.substring(1);
    }

    private static OutlineNode node(EObject e, String kind, List<OutlineNode> children) {
        ICompositeNode node = NodeModelUtils.getNode(e);
        if (node == null) {
            return null;
        }
        String text = NodeModelUtils.getTokenText(node);
        // A model's label is its header, not its body.
        int brace = "model".equals(kind) ? text.indexOf('{') : -1;
        String label = (brace > 0 ? text.substring(0, brace) : text).strip().replaceAll("\\s+", " ");
        if (label.length() > 80) {
            label = label.substring(0, 77) + "...";
        }
        return new OutlineNode(kind, label, node.getOffset(), node.getLength(), List.copyOf(children));
    }

    /** The innermost node covering {@code offset}, or null. */
    public static OutlineNode at(List<OutlineNode> nodes, int offset) {
        for (OutlineNode n : nodes) {
            if (offset >= n.offset() && offset <= n.offset() + n.length()) {
                OutlineNode inner = at(n.children(), offset);
                return inner != null ? inner : n;
            }
        }
        return null;
    }
}
