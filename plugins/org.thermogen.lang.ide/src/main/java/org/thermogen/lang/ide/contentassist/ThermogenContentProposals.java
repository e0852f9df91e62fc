package org.thermogen.lang.ide.contentassist;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Assignment;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.thermogen.lang.catalog.Catalog;
import org.thermogen.lang.catalog.CallSites;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.thermogen.Argument;
import org.thermogen.lang.thermogen.Call;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Evaluate;
import org.thermogen.lang.thermogen.Metric;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.Sample;
import org.thermogen.lang.thermogen.Setting;
import org.thermogen.lang.thermogen.Settings;
import org.thermogen.lang.thermogen.Train;

/**
 * Proposes what the catalogue knows: trainers after {@code with}, samplers after
 * {@code sample with}, metrics after {@code evaluate}, data sources after {@code dataset
 * D =}, and the settings a call takes inside its parentheses or settings block, each with
 * its default and documentation.
 */
public class ThermogenContentProposals extends IdeContentProposalProvider {
    private static final int CATALOGUE_PRIORITY = 600;

    @Override
    protected void _createProposals(Assignment assignment, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        String rule = GrammarUtil.containingParserRule(assignment).getName();
        String feature = assignment.getFeature();
        EObject model = context.getCurrentModel();
        if (rule.equals("Call") && feature.equals("name")) {
            Kind kind = callKind(model);
            if (kind != null) {
                for (Entry e : Catalog.of(kind)) {
                    propose(e.name(), e.signature(), e.doc(), context, acceptor);
                }
                return;
            }
        }
        if ((rule.equals("Argument") && feature.equals("key")) || (rule.equals("Setting") && feature.equals("key"))) {
            Entry entry = enclosingEntry(model);
            if (entry != null) {
                Set<String> given = givenKeys(model);
                for (Parameter p : entry.parameters()) {
                    if (!given.contains(p.key())) {
                        String def = p.defaultValue() == null ? "required" : p.defaultValue().isEmpty() ? "optional"
                                : "default " + p.defaultValue();
                        propose(p.key() + " ", p.key() + "  (" + def + ")", p.doc() + " — " + p.type().description(),
                                context, acceptor);
                    }
                }
                return;
            }
        }
        super._createProposals(assignment, context, acceptor);
    }

    private void propose(String text, String label, String doc, ContentAssistContext context,
            IIdeContentProposalAcceptor acceptor) {
        ContentAssistEntry entry = getProposalCreator().createProposal(text, context, e -> {
            e.setLabel(label);
            e.setDocumentation(doc);
            e.setKind(ContentAssistEntry.KIND_PROPERTY);
        });
        if (entry != null) {
            acceptor.accept(entry, CATALOGUE_PRIORITY);
        }
    }

    /** What a call typed at this place names. */
    private static Kind callKind(EObject model) {
        if (model instanceof Train) {
            return Kind.TRAINER;
        }
        if (model instanceof Sample) {
            return Kind.SAMPLER;
        }
        if (model instanceof Evaluate || model instanceof Metric) {
            return Kind.METRIC;
        }
        if (model instanceof Dataset) {
            return Kind.SOURCE;
        }
        if (model instanceof Param) {
            return Kind.INIT;
        }
        if (model instanceof org.thermogen.lang.thermogen.Schedule) {
            return Kind.NOISE_SCHEDULE;
        }
        if (model instanceof Call c && c.eContainer() != null) {
            return CallSites.kindOf(c).orElse(null);
        }
        if (model instanceof Argument a && a.eContainer() instanceof Call parent) {
            Optional<Parameter> p = CallSites.parameterOf(a, parent);
            return p.flatMap(x -> CallSites.kindFor(x.type())).orElse(null);
        }
        return null;
    }

    /** The entry whose settings are being typed: the enclosing call, or the method of a settings block. */
    private static Entry enclosingEntry(EObject model) {
        for (EObject o = model; o != null; o = o.eContainer()) {
            if (o instanceof Call c) {
                Optional<Entry> e = CallSites.entryOf(c);
                if (e.isPresent()) {
                    return e.get();
                }
            }
            if (o instanceof Settings || o instanceof Setting) {
                EObject owner = o instanceof Setting ? o.eContainer().eContainer() : o.eContainer();
                Call method = owner instanceof Train t ? t.getMethod()
                        : owner instanceof Sample s && !s.getMethods().isEmpty() ? s.getMethods().get(0) : null;
                return method == null ? null : CallSites.entryOf(method).orElse(null);
            }
        }
        return null;
    }

    private static Set<String> givenKeys(EObject model) {
        Set<String> keys = new HashSet<>();
        for (EObject o = model; o != null; o = o.eContainer()) {
            if (o instanceof Call c) {
                for (Argument a : c.getArguments()) {
                    if (a.getKey() != null) {
                        keys.add(a.getKey());
                    }
                }
                return keys;
            }
            if (o instanceof Settings s) {
                for (Setting x : s.getEntries()) {
                    keys.add(x.getKey());
                }
                return keys;
            }
        }
        return keys;
    }
}
