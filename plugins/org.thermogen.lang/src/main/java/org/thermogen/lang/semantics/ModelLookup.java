package org.thermogen.lang.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.EcoreUtil2;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;

/**
 * Finds the model or dataset a name refers to, such as the model of an energy call
 * {@code Body(x)}: in the same file, then in the other files of the same package loaded
 * alongside it.
 */
public final class ModelLookup {
    private ModelLookup() {
    }

    public static Model find(EObject context, String name) {
        return find(context, name, Model.class);
    }

    /** The element of type {@code type} named {@code name}, or null. */
    public static <T extends Element> T find(EObject context, String name, Class<T> type) {
        for (GenFile f : packageFiles(context)) {
            for (Element e : f.getElements()) {
                if (type.isInstance(e) && name.equals(e.getName())) {
                    return type.cast(e);
                }
            }
        }
        return null;
    }

    /** A model or dataset of the same name in another file of the package, or null. */
    public static Element elsewhere(Element e) {
        List<GenFile> files = packageFiles(e);
        for (int i = 1; i < files.size(); i++) {
            for (Element other : files.get(i).getElements()) {
                if (other.getName() != null && other.getName().equals(e.getName()) && !(other instanceof org.thermogen.lang.thermogen.Constant)) {
                    return other;
                }
            }
        }
        return null;
    }

    /** Names of the elements of type {@code type} visible from {@code context}. */
    public static List<String> visibleNames(EObject context, Class<? extends Element> type) {
        List<String> names = new ArrayList<>();
        for (GenFile f : packageFiles(context)) {
            for (Element e : f.getElements()) {
                if (type.isInstance(e) && e.getName() != null) {
                    names.add(e.getName());
                }
            }
        }
        return names;
    }

    public static List<String> visibleModelNames(EObject context) {
        return visibleNames(context, Model.class);
    }

    private static List<GenFile> packageFiles(EObject context) {
        List<GenFile> files = new ArrayList<>();
        GenFile own = EcoreUtil2.getContainerOfType(context, GenFile.class);
        if (own == null) {
            return files;
        }
        files.add(own);
        Resource r = own.eResource();
        if (r == null || r.getResourceSet() == null) {
            return files;
        }
        for (Resource other : r.getResourceSet().getResources()) {
            if (other == r || other.getContents().isEmpty() || !(other.getContents().get(0) instanceof GenFile f)) {
                continue;
            }
            if (Objects.equals(f.getName(), own.getName())) {
                files.add(f);
            }
        }
        return files;
    }
}
