package org.thermogen.lang.ide.contentassist;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.TextRegion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.thermogen.lang.ide.ThermogenIdeSetup;

/** Content assist proposes from the catalogue, at the place the cursor is. */
class ContentProposalsTest {
    private static final Injector INJECTOR = new ThermogenIdeSetup().createInjectorAndDoEMFRegistration();
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @AfterAll
    static void stop() {
        POOL.shutdown();
    }

    /** Labels proposed at the position of "|" in {@code text}. */
    private static List<String> proposals(String textWithCursor) throws IOException {
        int offset = textWithCursor.indexOf('|');
        String text = textWithCursor.replace("|", "");
        XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
        XtextResource r = (XtextResource) set.createResource(URI.createURI("test.gen"));
        r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
        ContentAssistContextFactory factory = INJECTOR.getInstance(ContentAssistContextFactory.class);
        factory.setPool(POOL);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, r);
        List<String> labels = new ArrayList<>();
        INJECTOR.getInstance(IdeContentProposalProvider.class).createProposals(Arrays.asList(contexts),
                new IIdeContentProposalAcceptor() {
                    @Override
                    public void accept(ContentAssistEntry entry, int priority) {
                        if (entry != null) {
                            labels.add(entry.getLabel() != null ? entry.getLabel() : entry.getProposal());
                        }
                    }

                    @Override
                    public boolean canAcceptMoreProposals() {
                        return true;
                    }
                });
        return labels;
    }

    private static final String MODEL = """
            dataset D = boltzmann_samples(units 4)
            model M {
              visible s[4] : spin
              param h[4]
              energy E(s) = -h . s
              %s
            }
            """;

    @Test
    void proposesSamplersAfterSampleWith() throws IOException {
        List<String> p = proposals(MODEL.formatted("sample with |"));
        assertTrue(p.contains("gibbs(chains 8, sweeps 1000, burnin 100, thin 1)"), p::toString);
        assertTrue(p.contains("exact([means])"), p::toString);
        assertFalse(p.contains("moment_matching(expectation exact, optimizer gd(lr auto), epochs 200, tolerance 0)"),
                p::toString);
    }

    @Test
    void proposesTrainersAndTheirSettings() throws IOException {
        List<String> trainers = proposals(MODEL.formatted("train on D with |"));
        assertTrue(trainers.stream().anyMatch(l -> l.startsWith("moment_matching(")), trainers::toString);
        List<String> settings = proposals(MODEL.formatted("sample with gibbs(chains 4, |)"));
        assertTrue(settings.contains("sweeps  (default 1000)"), settings::toString);
        assertFalse(settings.stream().anyMatch(l -> l.startsWith("chains")), "chains is already given: " + settings);
    }

    @Test
    void proposesVariablesAndParametersInEnergies() throws IOException {
        List<String> p = proposals("""
                model M {
                  visible s[4] : spin
                  param h[4]
                  energy E(s) = -h . |
                }
                """);
        assertTrue(p.contains("s") && p.contains("h"), p::toString);
    }

    @Test
    void proposesNoiseSchedulesAndTheirSettings() throws IOException {
        List<String> p = proposals("schedule S = |");
        assertTrue(p.contains("cosine(s 0.008, max_beta 0.999, steps 1000)"), p::toString);
        assertTrue(p.stream().anyMatch(l -> l.startsWith("linear(")), p::toString);
        List<String> settings = proposals("schedule S = cosine(s 0.01, |)");
        assertTrue(settings.contains("max_beta  (default 0.999)"), settings::toString);
    }
}
