package org.thermogen.lang.naming;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.naming.DefaultDeclarativeQualifiedNameProvider;
import org.eclipse.xtext.naming.QualifiedName;
import org.thermogen.lang.thermogen.IndexVar;

/**
 * Sum indices are local to their sum: they get no qualified name, so they are neither
 * exported to other files nor reported as duplicates of each other. A name the parser
 * recovered as nothing but dots or with an empty segment ({@code package .25}, after bytes
 * the lexer dropped) has none either: the syntax error says what to fix, and scoping, which
 * refuses an empty namespace, never sees it.
 */
public class ThermogenQualifiedNameProvider extends DefaultDeclarativeQualifiedNameProvider {

    @Override
    public QualifiedName getFullyQualifiedName(EObject obj) {
        if (obj instanceof IndexVar) {
            return null;
        }
        QualifiedName name = super.getFullyQualifiedName(obj);
        if (name != null && (name.isEmpty() || name.getSegments().stream().anyMatch(String::isEmpty))) {
            return null;
        }
        return name;
    }
}
