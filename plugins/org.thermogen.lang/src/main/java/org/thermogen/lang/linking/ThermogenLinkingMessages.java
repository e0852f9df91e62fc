package org.thermogen.lang.linking;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.IllegalNodeException;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.scoping.IScopeProvider;
import org.thermogen.lang.semantics.Suggestions;
import org.thermogen.lang.thermogen.ThermogenPackage;

/** Says what kind of name did not resolve and suggests the closest one in scope. */
public class ThermogenLinkingMessages extends LinkingDiagnosticMessageProvider {
    @Inject
    private IScopeProvider scopes;

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        String name;
        try {
            name = context.getLinkText();
        } catch (IllegalNodeException e) {
            name = e.getNode().getText();
        }
        List<String> candidates = new ArrayList<>();
        for (IEObjectDescription d : scopes.getScope(context.getContext(), context.getReference()).getAllElements()) {
            if (d.getName().getSegmentCount() == 1) {
                candidates.add(d.getName().toString());
            }
        }
        String what = context.getReference() == ThermogenPackage.Literals.DATA_REF__DATASET ? "dataset"
                : context.getReference() == ThermogenPackage.Literals.ENERGY__ARGUMENTS ? "variable" : "name";
        String hint = Suggestions.didYouMean(name, candidates);
        if (hint.isEmpty() && what.equals("name")) {
            hint = ": declare it as a variable, parameter or const, or bind it in sum(...)";
        }
        return new DiagnosticMessage("unknown " + what + " " + name + hint, Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC,
                Suggestions.data(name, candidates));
    }
}
