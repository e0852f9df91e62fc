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
 * Syntax highlighting of .gen files in the Generic Editor: keywords, comments, numbers and
 * strings, over the partitions of {@link GenPartitions}.
 */
public final class GenPresentationReconciler extends PresentationReconciler {
    private static final TextAttribute KEYWORD = new TextAttribute(new Color(127, 0, 85), null, SWT.BOLD);
    private static final TextAttribute COMMENT = new TextAttribute(new Color(63, 127, 95));
    private static final TextAttribute STRING = new TextAttribute(new Color(42, 0, 255));
    private static final TextAttribute NUMBER = new TextAttribute(new Color(9, 134, 88));

    public GenPresentationReconciler() {
        setDocumentPartitioning(GenPartitions.PARTITIONING);
        repair(IDocument.DEFAULT_CONTENT_TYPE, new GenCodeScanner(GenKeywords.all(), KEYWORD, NUMBER));
        repair(GenPartitions.COMMENT, whole(COMMENT));
        repair(GenPartitions.STRING, whole(STRING));
    }

    private void repair(String contentType, RuleBasedScanner scanner) {
        DefaultDamagerRepairer dr = new DefaultDamagerRepairer(scanner);
        setDamager(dr, contentType);
        setRepairer(dr, contentType);
    }

    /** A scanner that paints a whole partition in one colour. */
    private static RuleBasedScanner whole(TextAttribute attribute) {
        RuleBasedScanner scanner = new RuleBasedScanner();
        scanner.setDefaultReturnToken(new Token(attribute));
        return scanner;
    }
}
