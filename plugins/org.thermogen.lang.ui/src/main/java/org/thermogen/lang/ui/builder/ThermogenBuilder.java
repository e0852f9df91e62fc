package org.thermogen.lang.ui.builder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IResourceDelta;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.lang.generator.JavaGenerator;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.ui.ThermogenLanguage;
import org.thermogen.lang.ui.services.GenDocument;
import org.thermogen.lang.ui.validation.ProblemMarkers;

/**
 * Compiles the .gen files of a Thermogen project to Java in {@code src-gen}, where JDT
 * picks them up: a saved file is validated (problems become markers with their line) and,
 * when free of errors, regenerated; a deleted file takes its generated classes with it.
 * A file with errors keeps the classes of its last good version, so the project's Java
 * keeps compiling while the model is being edited.
 *
 * <p>Names resolve across the .gen files of one folder (one package), so a change to one
 * file rebuilds its whole folder.
 */
public final class ThermogenBuilder extends IncrementalProjectBuilder {
    public static final String ID = "org.thermogen.lang.ui.builder";
    /** The source folder the builder writes; derived, rewritten on every build. */
    public static final String GENERATED_FOLDER = "src-gen";

    @Override
    protected IProject[] build(int kind, Map<String, String> args, IProgressMonitor monitor) throws CoreException {
        IProject project = getProject();
        GeneratedFiles generated = new GeneratedFiles(project);
        IResourceDelta delta = kind == FULL_BUILD ? null : getDelta(project);
        Set<IContainer> folders = new LinkedHashSet<>();
        if (delta == null) {
            project.accept(r -> {
                if (isSource(r) && r instanceof IFile) {
                    folders.add(r.getParent());
                }
                return !isOutput(r);
            });
            generated.removeOrphans();
        } else {
            delta.accept(d -> {
                IResource r = d.getResource();
                if (isSource(r)) {
                    folders.add(r.getParent());
                    if (d.getKind() == IResourceDelta.REMOVED) {
                        generated.removeAllOf((IFile) r);
                    }
                }
                return !isOutput(r);
            });
        }
        List<IFile> files = new ArrayList<>();
        for (IContainer folder : folders) {
            if (folder.exists()) {
                for (IResource member : folder.members()) {
                    if (isSource(member)) {
                        files.add((IFile) member);
                    }
                }
            }
        }
        SubMonitor progress = SubMonitor.convert(monitor, "Generating Java from .gen files", files.size());
        for (IFile file : files) {
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }
            progress.subTask(file.getFullPath().toString());
            compile(file, generated);
            progress.worked(1);
        }
        return null;
    }

    @Override
    protected void clean(IProgressMonitor monitor) throws CoreException {
        new GeneratedFiles(getProject()).removeAll();
        getProject().deleteMarkers(ProblemMarkers.TYPE, false, IResource.DEPTH_INFINITE);
    }

    private void compile(IFile file, GeneratedFiles generated) throws CoreException {
        String text;
        try (InputStream in = file.getContents(true)) {
            text = new String(in.readAllBytes(), Charset.forName(file.getCharset()));
        } catch (IOException e) {
            throw new CoreException(Status.error(file.getFullPath() + ": cannot read (" + e.getMessage() + ")", e));
        }
        Path location = file.getLocation() == null ? null : file.getLocation().toFile().toPath();
        GenDocument document = GenDocument.parse(text, location);
        List<Issue> issues = ThermogenLanguage.injector().getInstance(IResourceValidator.class)
                .validate(document.resource(), CheckMode.ALL, CancelIndicator.NullImpl);
        ProblemMarkers.set(file, issues);
        boolean errors = issues.stream().anyMatch(i -> i.getSeverity() == Severity.ERROR);
        if (errors || document.resource().getContents().isEmpty()) {
            return;
        }
        Map<String, String> sources;
        try {
            sources = JavaGenerator.generate((GenFile) document.resource().getContents().get(0));
        } catch (RuntimeException e) {
            // The validator passed a file the generator cannot handle: a bug of ours, shown where the user looks.
            ProblemMarkers.addError(file, "Thermogen could not generate Java for this file (" + e + "); please report it");
            getLog().log(Status.error("generating " + file.getFullPath(), e));
            return;
        }
        generated.replace(file, sources);
    }

    private static org.eclipse.core.runtime.ILog getLog() {
        return org.eclipse.core.runtime.ILog.of(ThermogenBuilder.class);
    }

    /** A .gen file the builder reads: not a copy in an output folder. */
    private static boolean isSource(IResource r) {
        return r.getType() == IResource.FILE && "gen".equals(r.getFileExtension()) && !isOutput(r.getParent());
    }

    /** Output folders (JDT's bin, our src-gen) are derived: never read .gen files from there. */
    private static boolean isOutput(IResource r) {
        return r != null && r.getType() == IResource.FOLDER && r.isDerived(IResource.CHECK_ANCESTORS);
    }
}
