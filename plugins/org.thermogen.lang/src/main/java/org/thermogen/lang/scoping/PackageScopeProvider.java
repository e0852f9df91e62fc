package org.thermogen.lang.scoping;

import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.scoping.impl.ImportNormalizer;
import org.eclipse.xtext.scoping.impl.ImportedNamespaceAwareLocalScopeProvider;
import org.thermogen.lang.thermogen.GenFile;

/**
 * Xtext's imports, plus the one the language reference promises: the files of a package see
 * each other's datasets, models and constants without {@code import own.package.*}.
 */
public class PackageScopeProvider extends ImportedNamespaceAwareLocalScopeProvider {
    @Override
    protected List<ImportNormalizer> internalGetImportedNamespaceResolvers(EObject context, boolean ignoreCase) {
        List<ImportNormalizer> resolvers = super.internalGetImportedNamespaceResolvers(context, ignoreCase);
        if (context instanceof GenFile file && file.getName() != null && !file.getName().isBlank()) {
            ImportNormalizer own = createImportedNamespaceResolver(file.getName() + ".*", ignoreCase);
            if (own != null) {
                resolvers.add(own);
            }
        }
        return resolvers;
    }
}
