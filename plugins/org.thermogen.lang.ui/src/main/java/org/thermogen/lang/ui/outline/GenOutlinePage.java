package org.thermogen.lang.ui.outline;

import java.util.List;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.ui.services.GenDocument;
import org.thermogen.lang.ui.validation.GenSource;

/**
 * The Outline view of a .gen editor: datasets, networks, schedules and models with their
 * variables, parameters, energy and clauses. It follows the text half a second after the
 * last keystroke, and selecting an entry selects its declaration in the editor.
 */
public final class GenOutlinePage extends ContentOutlinePage {
    private static final int DELAY_MS = 500;

    private final ITextEditor editor;
    private final IDocument document;
    private final IDocumentListener listener = new IDocumentListener() {
        @Override
        public void documentAboutToBeChanged(DocumentEvent event) {
        }

        @Override
        public void documentChanged(DocumentEvent event) {
            scheduleRefresh();
        }
    };
    private final Runnable refresh = this::refresh;
    private List<OutlineNode> nodes = List.of();

    GenOutlinePage(ITextEditor editor) {
        this.editor = editor;
        this.document = editor.getDocumentProvider().getDocument(editor.getEditorInput());
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parent) {
                return ((OutlineNode) parent).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((OutlineNode) element).children().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                return ((OutlineNode) element).label();
            }
        });
        if (document != null) {
            document.addDocumentListener(listener);
        }
        refresh();
    }

    /** The entries shown, for tests. */
    public List<OutlineNode> nodes() {
        return nodes;
    }

    private void scheduleRefresh() {
        Display display = getControl() == null || getControl().isDisposed() ? null : getControl().getDisplay();
        if (display != null) {
            display.timerExec(-1, refresh);
            display.timerExec(DELAY_MS, refresh);
        }
    }

    /** Parses the text and shows its outline, keeping the expanded entries where they were. */
    public void refresh() {
        if (document == null || getControl() == null || getControl().isDisposed()) {
            return;
        }
        GenDocument parsed = GenDocument.parse(document.get(), GenSource.of(document).location());
        GenFile file = parsed.resource().getContents().isEmpty() ? null
                : (GenFile) parsed.resource().getContents().get(0);
        nodes = OutlineNode.of(file);
        TreeViewer viewer = getTreeViewer();
        viewer.getControl().setRedraw(false);
        try {
            viewer.setInput(nodes);
            viewer.expandToLevel(2);
        } finally {
            viewer.getControl().setRedraw(true);
        }
    }

    @Override
    public void selectionChanged(SelectionChangedEvent event) {
        super.selectionChanged(event);
        if (event.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof OutlineNode n) {
            editor.selectAndReveal(n.offset(), n.length());
        }
    }

    @Override
    public void dispose() {
        if (document != null) {
            document.removeDocumentListener(listener);
        }
        super.dispose();
    }
}
