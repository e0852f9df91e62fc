package org.thermogen.lang.generator;

import java.util.Map;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.generator.AbstractGenerator;
import org.eclipse.xtext.generator.IFileSystemAccess2;
import org.eclipse.xtext.generator.IGeneratorContext;
import org.thermogen.lang.thermogen.GenFile;

/** Xtext's entry point: writes the Java classes of a .gen file (in the IDE and in Maven builds). */
public class ThermogenGenerator extends AbstractGenerator {

    @Override
    public void doGenerate(Resource resource, IFileSystemAccess2 fsa, IGeneratorContext context) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof GenFile file)) {
            return;
        }
        for (Map.Entry<String, String> e : JavaGenerator.generate(file).entrySet()) {
            fsa.generateFile(e.getKey(), e.getValue());
        }
    }
}
