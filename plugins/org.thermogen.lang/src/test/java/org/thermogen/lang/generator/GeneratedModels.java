package org.thermogen.lang.generator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Injector;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.lang.ThermogenStandaloneSetup;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.runtime.definition.EnergyModel;
import org.thermogen.runtime.definition.ModelDefinition;

/** Parses, validates, generates and compiles .gen text in memory, for tests. */
final class GeneratedModels {
    private static final Injector INJECTOR = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();

    final Map<String, String> sources;
    final ClassLoader loader;

    private GeneratedModels(Map<String, String> sources, ClassLoader loader) {
        this.sources = sources;
        this.loader = loader;
    }

    static GeneratedModels of(String text) {
        return of(text, null);
    }

    /** With a folder, the text is saved there as test.gen, so relative data paths resolve in it. */
    static GeneratedModels of(String text, java.nio.file.Path folder) {
        try {
            XtextResourceSet set = INJECTOR.getInstance(XtextResourceSet.class);
            Resource r;
            if (folder == null) {
                r = set.createResource(URI.createURI("test.gen"));
                r.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), null);
            } else {
                java.nio.file.Path file = folder.resolve("test.gen");
                java.nio.file.Files.writeString(file, text);
                r = set.getResource(URI.createFileURI(file.toString()), true);
            }
            var issues = INJECTOR.getInstance(IResourceValidator.class).validate(r, CheckMode.ALL, CancelIndicator.NullImpl);
            String errors = issues.stream().filter(i -> i.getSeverity() == org.eclipse.xtext.diagnostics.Severity.ERROR)
                    .map(Issue::toString).collect(Collectors.joining("\n"));
            assertTrue(errors.isEmpty(), errors);
            Map<String, String> sources = JavaGenerator.generate((GenFile) r.getContents().get(0));
            return new GeneratedModels(sources, InMemoryCompiler.compile(sources, GeneratedModels.class.getClassLoader()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A generated model defined by an energy (a class that extends {@code EnergyModel}). */
    EnergyModel energyModel(String qualifiedName) {
        return (EnergyModel) model(qualifiedName);
    }

    ModelDefinition model(String qualifiedName) {
        try {
            return (ModelDefinition) loader.loadClass(qualifiedName).getField("DEFINITION").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
