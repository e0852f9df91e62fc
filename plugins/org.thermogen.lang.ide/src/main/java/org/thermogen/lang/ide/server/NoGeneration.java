package org.thermogen.lang.ide.server;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.IShouldGenerate;
import org.eclipse.xtext.util.CancelIndicator;

/**
 * The language server writes no Java: Xtext's server would run the generator on every build
 * and leave a {@code src-gen} folder beside the user's {@code .gen} files, which an editor
 * session must not do. The command line compiles in memory ({@code thermogen run}) or on
 * request ({@code thermogen compile}); Eclipse's builder and {@code xtext-maven-plugin}
 * generate where a project asks for it.
 */
public class NoGeneration implements IShouldGenerate {

    @Override
    public boolean shouldGenerate(Resource resource, CancelIndicator cancelIndicator) {
        return false;
    }
}
