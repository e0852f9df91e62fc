package org.thermogen.lang.ui.contentassist;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.ICompletionProposalExtension2;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.link.LinkedModeModel;
import org.eclipse.jface.text.link.LinkedModeUI;
import org.eclipse.jface.text.link.LinkedPosition;
import org.eclipse.jface.text.link.LinkedPositionGroup;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.thermogen.lang.catalog.Catalog;
import org.thermogen.lang.catalog.Entry;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.catalog.Type;

/**
 * Templates of content assist: a trainer after {@code train on D with}, a sampler after
 * {@code sample with}, a noise schedule after {@code schedule S =}, written out with every
 * setting and its default from the catalogue; Tab walks through the values to change.
 */
final class CallTemplates {
    private static final Pattern TRAIN = Pattern.compile(".*\\btrain\\b.*\\bwith\\s+$");
    private static final Pattern SAMPLE = Pattern.compile(".*\\bsample\\s+with\\s+(.*,\\s*)?$");
    private static final Pattern SCHEDULE = Pattern.compile(".*\\bschedule\\s+\\w+\\s*=\\s*$");

    private CallTemplates() {
    }

    /** The templates that fit before {@code offset}, whose names start with the prefix typed. */
    static List<ICompletionProposal> at(IDocument document, int offset) {
        List<ICompletionProposal> out = new ArrayList<>();
        try {
            IRegion line = document.getLineInformationOfOffset(offset);
            String before = document.get(line.getOffset(), offset - line.getOffset());
            int p = before.length();
            while (p > 0 && Character.isJavaIdentifierPart(before.charAt(p - 1))) {
                p--;
            }
            String prefix = before.substring(p);
            String context = before.substring(0, p);
            Kind kind = TRAIN.matcher(context).matches() ? Kind.TRAINER
                    : SAMPLE.matcher(context).matches() ? Kind.SAMPLER
                    : SCHEDULE.matcher(context).matches() ? Kind.NOISE_SCHEDULE : null;
            if (kind == null) {
                return out;
            }
            for (Entry e : Catalog.of(kind)) {
                if (e.name().startsWith(prefix) && e.parameters().stream().anyMatch(s -> s.type() != Type.FLAG)) {
                    out.add(new Template(e, offset - prefix.length(), prefix.length()));
                }
            }
        } catch (BadLocationException e) {
            // An offset outside the text: no templates.
        }
        return out;
    }

    /** A catalogue call with its settings, entered in linked mode over the values. */
    static final class Template implements ICompletionProposal, ICompletionProposalExtension2 {
        private final Entry entry;
        private final int offset;
        private final int replaced;
        private final String text;
        private final List<int[]> values = new ArrayList<>();
        private Point selection;

        Template(Entry entry, int offset, int replaced) {
            this.entry = entry;
            this.offset = offset;
            this.replaced = replaced;
            StringBuilder b = new StringBuilder(entry.name()).append('(');
            int n = 0;
            for (Parameter p : entry.parameters()) {
                if (p.type() == Type.FLAG) {
                    continue;  // a switch is written or not; a template writes values to change
                }
                String value = p.defaultValue() == null || p.defaultValue().isEmpty() ? p.key() : p.defaultValue();
                b.append(n++ == 0 ? "" : ", ").append(p.key()).append(' ');
                values.add(new int[] {b.length(), value.length()});
                b.append(value);
            }
            text = b.append(')').toString();
        }

        /** The inserted text, for tests. */
        String text() {
            return text;
        }

        @Override
        public void apply(IDocument document) {
            try {
                document.replace(offset, replaced, text);
                selection = values.isEmpty() ? new Point(offset + text.length(), 0)
                        : new Point(offset + values.get(0)[0], values.get(0)[1]);
            } catch (BadLocationException e) {
                selection = null;
            }
        }

        @Override
        public void apply(ITextViewer viewer, char trigger, int stateMask, int at) {
            IDocument document = viewer.getDocument();
            apply(document);
            if (values.isEmpty() || selection == null) {
                return;
            }
            try {
                LinkedModeModel model = new LinkedModeModel();
                int sequence = 0;
                for (int[] v : values) {
                    LinkedPositionGroup group = new LinkedPositionGroup();
                    group.addPosition(new LinkedPosition(document, offset + v[0], v[1], sequence++));
                    model.addGroup(group);
                }
                model.forceInstall();
                LinkedModeUI ui = new LinkedModeUI(model, viewer);
                ui.setExitPosition(viewer, offset + text.length(), 0, Integer.MAX_VALUE);
                ui.enter();
            } catch (BadLocationException e) {
                // Linked mode is a convenience; the text is in.
            }
        }

        @Override
        public Point getSelection(IDocument document) {
            return selection;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return entry.doc();
        }

        @Override
        public String getDisplayString() {
            return entry.signature() + " \u2014 template";
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }

        @Override
        public void selected(ITextViewer viewer, boolean smartToggle) {
        }

        @Override
        public void unselected(ITextViewer viewer) {
        }

        @Override
        public boolean validate(IDocument document, int at, org.eclipse.jface.text.DocumentEvent event) {
            try {
                String typed = document.get(offset, at - offset);
                return entry.name().startsWith(typed);
            } catch (BadLocationException e) {
                return false;
            }
        }
    }
}
