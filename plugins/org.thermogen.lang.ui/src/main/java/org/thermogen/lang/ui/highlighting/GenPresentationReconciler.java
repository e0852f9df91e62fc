package org.thermogen.lang.ui.highlighting;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/**
 * Syntax and semantic highlighting of .gen files in the Generic Editor: keywords, comments,
 * numbers, strings, and declared names by kind ({@link DeclaredNames}), over the partitions
 * of {@link GenPartitions}.
 */
public final class GenPresentationReconciler extends PresentationReconciler {
    private static final TextAttribute KEYWORD = new TextAttribute(new Color(127, 0, 85), null, SWT.BOLD);
    private static final TextAttribute COMMENT = new TextAttribute(new Color(63, 127, 95));
    private static final TextAttribute STRING = new TextAttribute(new Color(42, 0, 255));
    private static final TextAttribute NUMBER = new TextAttribute(new Color(9, 134, 88));
    /** Declared names by kind: variables teal, parameters blue italic, networks/schedules/datasets brown. */
    private static final java.util.Map<DeclaredNames.Kind, TextAttribute> DECLARED = java.util.Map.of(
            DeclaredNames.Kind.VARIABLE, new TextAttribute(new Color(0, 110, 120)),
            DeclaredNames.Kind.PARAMETER, new TextAttribute(new Color(0, 0, 192), null, SWT.ITALIC),
            DeclaredNames.Kind.NETWORK, new TextAttribute(new Color(140, 70, 0)),
            DeclaredNames.Kind.SCHEDULE, new TextAttribute(new Color(140, 70, 0)),
            DeclaredNames.Kind.DATASET, new TextAttribute(new Color(140, 70, 0)));

    public GenPresentationReconciler() {
        setDocumentPartitioning(GenPartitions.PARTITIONING);
        repair(IDocument.DEFAULT_CONTENT_TYPE, new GenCodeScanner(GenKeywords.all(), KEYWORD, NUMBER, DECLARED));
        repair(GenPartitions.COMMENT, whole(COMMENT));
        repair(GenPartitions.STRING, whole(STRING));
    }

    private void repair(String contentType, RuleBasedScanner scanner) {
        DefaultDamagerRepairer dr = contentType.equals(IDocument.DEFAULT_CONTENT_TYPE) ? new DeclarationDamager(scanner)
                : new DefaultDamagerRepairer(scanner);
        setDamager(dr, contentType);
        setRepairer(dr, contentType);
    }

    /** A scanner that paints a whole partition in one colour. */
    private static RuleBasedScanner whole(TextAttribute attribute) {
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setDefaultReturnToken(new Token(attribute));
        return scanner;
    }

    /**
     * Repaints the whole code partition when a declaration changes (a name's colour depends
     * on text elsewhere), and only the edited lines otherwise.
     */
    private static final class DeclarationDamager extends DefaultDamagerRepairer {
        private java.util.Map<String, DeclaredNames.Kind> last = java.util.Map.of();

        DeclarationDamager(RuleBasedScanner scanner) {
            super(scanner);
        }

        @Override
        public org.eclipse.jface.text.IRegion getDamageRegion(org.eclipse.jface.text.ITypedRegion partition,
                org.eclipse.jface.text.DocumentEvent event, boolean partitioningChanged) {
            java.util.Map<String, DeclaredNames.Kind> now = DeclaredNames.of(event.getDocument().get());
            if (!now.equals(last)) {
                last = now;
                return new org.eclipse.jface.text.Region(0, event.getDocument().getLength());
            }
            return super.getDamageRegion(partition, event, partitioningChanged);
        }
    }
}
