package org.thermogen.lang.ui.highlighting;

import org.eclipse.core.filebuffers.IDocumentSetupParticipant;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentExtension3;
import org.eclipse.jface.text.rules.EndOfLineRule;
import org.eclipse.jface.text.rules.FastPartitioner;
import org.eclipse.jface.text.rules.IPredicateRule;
import org.eclipse.jface.text.rules.MultiLineRule;
import org.eclipse.jface.text.rules.RuleBasedPartitionScanner;
import org.eclipse.jface.text.rules.SingleLineRule;
import org.eclipse.jface.text.rules.Token;

/**
 * Splits a .gen document into comments, strings and code (the terminals ML_COMMENT,
 * SL_COMMENT and STRING of the grammar), so that highlighting a multi-line comment is
 * repaired correctly after any edit. Installed on every .gen document by the file buffers.
 */
public final class GenPartitions implements IDocumentSetupParticipant {
    /** The name of this partitioning of a document. */
    public static final String PARTITIONING = "org.thermogen.lang.ui.partitioning";
    public static final String COMMENT = "__gen_comment";
    public static final String STRING = "__gen_string";
    static final String[] CONTENT_TYPES = { COMMENT, STRING };

    @Override
    public void setup(IDocument document) {
        if (document instanceof IDocumentExtension3 extension
                && extension.getDocumentPartitioner(PARTITIONING) == null) {
            FastPartitioner partitioner = new FastPartitioner(scanner(), CONTENT_TYPES);
            extension.setDocumentPartitioner(PARTITIONING, partitioner);
            partitioner.connect(document);
        }
    }

    private static RuleBasedPartitionScanner scanner() {
        Token comment = new Token(COMMENT);
        Token string = new Token(STRING);
        RuleBasedPartitionScanner scanner = new RuleBasedPartitionScanner();
        scanner.setPredicateRules(new IPredicateRule[] {
                new EndOfLineRule("//", comment),
                new MultiLineRule("/*", "*/", comment, (char) 0, true),
                new SingleLineRule("\"", "\"", string, '\\'),
        });
        return scanner;
    }
}
