package org.thermogen.lang.ui.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistContext;
import org.eclipse.xtext.ide.editor.contentassist.ContentAssistEntry;
import org.eclipse.xtext.ide.editor.contentassist.IIdeContentProposalAcceptor;
import org.eclipse.xtext.ide.editor.contentassist.IdeContentProposalProvider;
import org.eclipse.xtext.ide.editor.contentassist.antlr.ContentAssistContextFactory;
import org.eclipse.xtext.util.TextRegion;
import org.thermogen.lang.ui.ThermogenLanguage;

/**
 * Content assist of {@code org.thermogen.lang.ide} at an offset of editor text: keywords,
 * names in scope, and the catalogue's trainers, samplers, metrics and their settings.
 */
public final class GenProposals {
    /** The context factory parses alternatives in parallel; daemon threads, so Eclipse can exit. */
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "Thermogen content assist");
        t.setDaemon(true);
        return t;
    });

    private GenProposals() {
    }

    /** The proposals at {@code offset}, best first. */
    public static List<ContentAssistEntry> at(String text, int offset, Path location) {
        GenDocument document = GenDocument.parse(text, location);
        ContentAssistContextFactory factory = ThermogenLanguage.injector().getInstance(ContentAssistContextFactory.class);
        factory.setPool(POOL);
        ContentAssistContext[] contexts = factory.create(text, new TextRegion(offset, 0), offset, document.resource());
        List<Ranked> ranked = new ArrayList<>();
        ThermogenLanguage.injector().getInstance(IdeContentProposalProvider.class)
                .createProposals(Arrays.asList(contexts), new IIdeContentProposalAcceptor() {
                    @Override
                    public void accept(ContentAssistEntry entry, int priority) {
                        if (entry != null) {
                            ranked.add(new Ranked(entry, priority));
                        }
                    }

                    @Override
                    public boolean canAcceptMoreProposals() {
                        return ranked.size() < 500;
                    }
                });
        ranked.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
        List<ContentAssistEntry> entries = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            entries.add(r.entry());
        }
        return entries;
    }

    private record Ranked(ContentAssistEntry entry, int priority) {
    }
}
