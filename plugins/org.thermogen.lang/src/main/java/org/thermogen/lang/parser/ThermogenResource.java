package org.thermogen.lang.parser;

import org.eclipse.xtext.diagnostics.AbstractDiagnostic;
import org.eclipse.xtext.linking.lazy.LazyLinkingResource;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IParseResult;

/** The resource of a .gen file: reports brackets nested too deeply to read as errors at their place. */
public class ThermogenResource extends LazyLinkingResource {
    /** Issue code of brackets nested beyond {@link Nesting#MAX_DEPTH}. */
    public static final String TOO_DEEP = "nesting-too-deep";

    @Override
    protected void addSyntaxErrors() {
        super.addSyntaxErrors();
        IParseResult result = getParseResult();
        if (result instanceof DepthLimitedParser.Result limited && result.getRootNode() != null) {
            for (int offset : limited.cuts()) {
                getErrors().add(new TooDeep(tokenAt(result.getRootNode(), offset)));
            }
        }
    }

    /** The token that starts at {@code offset} (the cut's {@code 0}), else the whole file. */
    private static INode tokenAt(ICompositeNode root, int offset) {
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.getOffset() >= offset && !leaf.isHidden()) {
                return leaf;
            }
        }
        return root;
    }

    /** The error at a cut. */
    private static final class TooDeep extends AbstractDiagnostic {
        private final INode node;

        TooDeep(INode node) {
            this.node = node;
        }

        @Override
        protected INode getNode() {
            return node;
        }

        @Override
        public String getCode() {
            return TOO_DEEP;
        }

        @Override
        public String[] getData() {
            return new String[0];
        }

        @Override
        public String getMessage() {
            return "brackets are nested more than " + Nesting.MAX_DEPTH
                    + " deep here (or the text is nested too deeply to read): write the expression with fewer brackets";
        }
    }
}
