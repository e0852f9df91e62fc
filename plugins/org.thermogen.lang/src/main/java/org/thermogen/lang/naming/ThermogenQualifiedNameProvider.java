package org.thermogen.lang.naming;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.thermogen.lang.thermogen.IndexVar;

/**
 * Sum indices are local to their sum: they get no qualified name, so they are neither
 * exported to other files nor reported as duplicates of each other.
 */
public class ThermogenQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    @Override
    public QualifiedName getFullyQualifiedName(EObject obj) {
        if (obj instanceof IndexVar) {
            return null;
        }
        return super.getFullyQualifiedName(obj);
    }
}
