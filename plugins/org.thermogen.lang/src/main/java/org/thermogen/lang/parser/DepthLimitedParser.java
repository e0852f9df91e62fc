package org.thermogen.lang.parser;

import java.util.List;
import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.CharStream;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.ParseException;
import org.eclipse.xtext.parser.ParseResult;
import org.thermogen.lang.parser.antlr.ThermogenParser;

/**
 * The generated parser, kept from overflowing its stack on deeply nested brackets: such runs
 * are cut before parsing ({@link Nesting}) and the cuts travel with the result, for
 * {@link ThermogenResource} to report as errors at their place.
 */
public class DepthLimitedParser extends ThermogenParser {

    /** A parse result with the offsets where brackets were cut. */
    public static final class Result extends ParseResult {
        private final List<Integer> cuts;

        Result(IParseResult parsed, List<Integer> cuts) {
            super(parsed.getRootASTElement(), parsed.getRootNode(), parsed.hasSyntaxErrors() || !cuts.isEmpty());
            this.cuts = cuts;
        }

        /** Offsets of the opening brackets cut, in the text as written. */
        public List<Integer> cuts() {
            return cuts;
        }
    }

    @Override
    protected IParseResult parse(String ruleName, CharStream in) {
        String text = in.size() == 0 ? "" : in.substring(0, in.size() - 1);
        Nesting.Limited limited = Nesting.limit(text, Nesting.MAX_DEPTH);
        if (limited.cuts().isEmpty()) {
            try {
                return super.parse(ruleName, new ANTLRStringStream(text));
            } catch (StackOverflowError | ParseException e) {
                if (!overflowed(e)) {
                    throw e;
                }
                // Deep without brackets (a long chain of unary minus signs, say): read nothing, say why.
                limited = Nesting.blank(text);
            }
        }
        return new Result(super.parse(ruleName, new ANTLRStringStream(limited.text())), limited.cuts());
    }

    /** Whether {@code e} is, or was caused by, a stack overflow (Xtext's parser wraps it). */
    private static boolean overflowed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return true;
            }
        }
        return false;
    }

    /** Partial reparsing would parse a region without this guard: the editor reparses whole files. */
    @Override
    protected boolean isReparseSupported() {
        return false;
    }
}
