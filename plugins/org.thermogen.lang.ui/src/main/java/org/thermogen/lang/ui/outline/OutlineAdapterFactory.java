package org.thermogen.lang.ui.outline;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.core.runtime.content.IContentType;
import org.eclipse.ui.IEditorInput;
import org.eclipse.ui.IFileEditorInput;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;

/**
 * Gives .gen editors an outline: the Generic Editor has no outline of its own, but asks the
 * adapter manager for one (a workbench part's getAdapter falls back to it).
 */
public final class OutlineAdapterFactory implements IAdapterFactory {
    static final String CONTENT_TYPE = "org.thermogen.lang.ui.gen";

    @Override
    public <T> T getAdapter(Object adaptable, Class<T> type) {
        if (type == IContentOutlinePage.class && adaptable instanceof ITextEditor editor && isGen(editor.getEditorInput())) {
            return type.cast(new GenOutlinePage(editor));
        }
        return null;
    }

    private static boolean isGen(IEditorInput input) {
        if (input instanceof IFileEditorInput in) {
            try {
                IContentType t = in.getFile().getContentDescription() == null ? null
                        : in.getFile().getContentDescription().getContentType();
                return t != null && CONTENT_TYPE.equals(t.getId());
            } catch (org.eclipse.core.runtime.CoreException e) {
                return "gen".equals(in.getFile().getFileExtension());
            }
        }
        return input != null && input.getName().endsWith(".gen");
    }

    @Override
    public Class<?>[] getAdapterList() {
        return new Class<?>[] {IContentOutlinePage.class};
    }
}
