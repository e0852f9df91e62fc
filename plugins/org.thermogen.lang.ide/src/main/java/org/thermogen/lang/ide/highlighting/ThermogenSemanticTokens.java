package org.thermogen.lang.ide.highlighting;

import java.util.Iterator;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.lsp4j.SemanticTokenModifiers;
import org.eclipse.lsp4j.SemanticTokenTypes;
import org.eclipse.xtext.ide.editor.syntaxcoloring.IHighlightedPositionAcceptor;
import org.eclipse.xtext.ide.editor.syntaxcoloring.ISemanticHighlightingCalculator;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.thermogen.lang.thermogen.Application;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Schedule;
import org.thermogen.lang.thermogen.Symbol;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;

/**
 * The language server's semantic tokens: every declared name and every reference to one
 * coloured by what it names (models and datasets as classes, networks and schedules as
 * functions, parameters, variables, constants as read-only variables), declarations marked
 * as such, and the catalogue's calls ({@code gibbs(...)}, {@code adam(...)}) and network
 * applications as functions. The style ids are LSP's token types and modifiers, which Xtext's
 * semantic-tokens service encodes.
 */
public class ThermogenSemanticTokens implements ISemanticHighlightingCalculator {

    @Override
    public void provideHighlightingFor(XtextResource resource, IHighlightedPositionAcceptor acceptor,
            CancelIndicator cancelIndicator) {
        if (resource == null || resource.getParseResult() == null) {
            return;
        }
        for (Iterator<EObject> all = resource.getAllContents(); all.hasNext();) {
            if (cancelIndicator != null && cancelIndicator.isCanceled()) {
                return;
            }
            EObject o = all.next();
            if (o instanceof Symbol s) {
                String[] ids = ids(s);
                String[] declared = java.util.Arrays.copyOf(ids, ids.length + 1);
                declared[ids.length] = SemanticTokenModifiers.Declaration;
                mark(o, Literals.SYMBOL__NAME, acceptor, declared);
            }
            if (o instanceof Call) {
                mark(o, Literals.CALL__NAME, acceptor, SemanticTokenTypes.Function);
            }
            if (o instanceof Application) {
                mark(o, Literals.APPLICATION__FUNCTION, acceptor, SemanticTokenTypes.Function);
            }
            for (EReference r : o.eClass().getEAllReferences()) {
                if (r.isContainment() || r.isContainer()) {
                    continue;
                }
                Object target = o.eGet(r, false);
                List<INode> nodes = NodeModelUtils.findNodesForFeature(o, r);
                if (target instanceof List<?> targets) {
                    for (int i = 0; i < Math.min(nodes.size(), targets.size()); i++) {
                        if (targets.get(i) instanceof EObject t && !t.eIsProxy()) {
                            add(nodes.get(i), acceptor, ids(t));
                        }
                    }
                } else if (target instanceof EObject t && !t.eIsProxy() && !nodes.isEmpty()) {
                    add(nodes.get(0), acceptor, ids(t));
                }
            }
        }
    }

    /** The LSP token type of what a name names, and its modifiers: a constant is a read-only variable. */
    private static String[] ids(EObject named) {
        if (named instanceof Model || named instanceof Dataset) {
            return new String[] {SemanticTokenTypes.Class};
        }
        if (named instanceof Network || named instanceof Schedule) {
            return new String[] {SemanticTokenTypes.Function};
        }
        if (named instanceof Param) {
            return new String[] {SemanticTokenTypes.Parameter};
        }
        if (named instanceof Constant) {
            return new String[] {SemanticTokenTypes.Variable, SemanticTokenModifiers.Readonly};
        }
        return new String[] {SemanticTokenTypes.Variable};
    }

    private static void mark(EObject o, EStructuralFeature feature, IHighlightedPositionAcceptor acceptor, String... ids) {
        for (INode n : NodeModelUtils.findNodesForFeature(o, feature)) {
            add(n, acceptor, ids);
        }
    }

    private static void add(INode n, IHighlightedPositionAcceptor acceptor, String... ids) {
        if (n.getLength() > 0) {
            acceptor.addPosition(n.getOffset(), n.getLength(), ids);
        }
    }
}
