package org.thermogen.lang.validation;

import com.google.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.resource.IEObjectDescription;
import org.eclipse.xtext.resource.impl.ResourceDescriptionsProvider;
import org.eclipse.xtext.validation.Check;
import org.thermogen.lang.generator.JavaText;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.ModelLookup;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Import;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;

/** Checks of a file as a whole: its package, its imports, the names it declares, its constants. */
public class FileChecks extends ThermogenChecks {
    @Inject
    private ResourceDescriptionsProvider index;

    /**
     * An import names a package that some file declares ({@code import shared.data.*}) or an
     * element of one ({@code import shared.data.Points}); anything else is a typo.
     */
    @Check
    public void checkImport(Import imp) {
        String ns = imp.getImportedNamespace();
        if (ns == null || imp.eResource() == null) {
            return;
        }
        boolean wildcard = ns.endsWith(".*");
        QualifiedName name = QualifiedName.create((wildcard ? ns.substring(0, ns.length() - 2) : ns).split("\\."));
        Set<String> packages = new java.util.TreeSet<>();
        for (IEObjectDescription d : index.getResourceDescriptions(imp.eResource()).getExportedObjects()) {
            QualifiedName q = d.getQualifiedName();
            boolean isPackage = d.getEClass() == Literals.GEN_FILE;
            if (q.equals(name) && isPackage == wildcard) {
                return;
            }
            if (isPackage) {
                packages.add(q.toString());
            }
        }
        error((wildcard ? "no file declares package " + name : "no file declares " + name)
                + (packages.isEmpty() ? "" : " (packages seen: " + String.join(", ", packages.stream().limit(5).toList())
                        + (packages.size() > 5 ? ", ..." : "") + ")")
                + ": check the name", imp,
                Literals.IMPORT__IMPORTED_NAMESPACE, IssueCodes.UNKNOWN_IMPORT);
    }

    @Check
    public void checkFile(GenFile file) {
        if (file.getName() != null) {
            for (String segment : file.getName().split("\\.")) {
                if (JavaText.RESERVED.contains(segment)) {
                    error("'" + segment + "' is a Java keyword and cannot be part of a package name", file,
                            Literals.GEN_FILE__NAME, IssueCodes.PACKAGE_KEYWORD);
                }
            }
            String reserved = JavaText.reservedPackage(file.getName());
            if (reserved != null) {
                error(reserved + ": choose another package name, e.g. models." + file.getName(), file,
                        Literals.GEN_FILE__NAME, IssueCodes.PACKAGE_RESERVED);
            }
        }
        Map<String, Element> seen = new HashMap<>();
        for (Element e : file.getElements()) {
            if (e.getName() == null) {
                continue;
            }
            Element first = seen.putIfAbsent(e.getName(), e);
            if (first != null) {
                error("duplicate name " + e.getName() + ": " + kind(first) + " " + e.getName() + " is already declared",
                        e, Literals.SYMBOL__NAME, IssueCodes.DUPLICATE_NAME);
            } else if (!(e instanceof org.thermogen.lang.thermogen.Constant)) {
                Element twin = ModelLookup.elsewhere(e);
                if (twin != null) {
                    error(kind(e) + " " + e.getName() + " is also declared in " + twin.eResource().getURI().lastSegment()
                            + (file.getName() == null ? ", a file of the same folder without a package"
                                    : ", another file of package " + file.getName())
                            + ": rename one of them", e, Literals.SYMBOL__NAME, IssueCodes.DUPLICATE_NAME);
                }
            }
        }
    }

    private static String kind(EObject e) {
        return e instanceof Model ? "model" : e instanceof Dataset ? "dataset"
                : e instanceof org.thermogen.lang.thermogen.Network ? "network"
                : e instanceof org.thermogen.lang.thermogen.Schedule ? "schedule" : "constant";
    }

    @Check
    public void checkConstant(org.thermogen.lang.thermogen.Constant c) {
        if (c.getValue() != null && ConstantFolder.value(c.getValue()) == null) {
            error("a constant is a number computed from numbers and other constants", c, Literals.CONSTANT__VALUE,
                    IssueCodes.CONSTANT_VALUE);
        }
    }
}
