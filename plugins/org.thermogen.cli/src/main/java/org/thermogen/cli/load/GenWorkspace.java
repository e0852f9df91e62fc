package org.thermogen.cli.load;

import com.google.inject.Injector;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;
import org.thermogen.cli.errors.UserError;
import org.thermogen.lang.ThermogenStandaloneSetup;
import org.thermogen.lang.compiler.InMemoryCompiler;
import org.thermogen.lang.generator.JavaGenerator;
import org.thermogen.lang.generator.JavaText;
import org.thermogen.lang.thermogen.Element;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.validation.ThermogenValidator;
import org.thermogen.runtime.definition.ModelDefinition;

/**
 * A .gen file loaded with the other .gen files of its folder (so names from the same
 * package resolve), validated, and on request generated and compiled in memory: the
 * command line runs exactly the Java the generator emits.
 */
public final class GenWorkspace implements ModelFile {
    private static Injector injector;

    private final Path file;
    private final String displayName;
    private final GenFile genFile;
    private final List<GenFile> neededFiles;
    private final List<Issue> issues;
    private ClassLoader loader;

    private GenWorkspace(Path file, String displayName, GenFile genFile, List<GenFile> neededFiles, List<Issue> issues) {
        this.file = file;
        this.displayName = displayName;
        this.genFile = genFile;
        this.neededFiles = neededFiles;
        this.issues = issues;
    }

    private static synchronized Injector injector() {
        if (injector == null) {
            injector = new ThermogenStandaloneSetup().createInjectorAndDoEMFRegistration();
        }
        return injector;
    }

    /**
     * Loads and validates {@code path}.
     *
     * @throws UserError if the file does not exist or cannot be read
     */
    public static GenWorkspace load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserError(path + ": no such file");
        }
        if (!path.getFileName().toString().endsWith(".gen")) {
            throw new UserError(path + ": not a .gen file");
        }
        Path absolute = path.toAbsolutePath().normalize();
        XtextResourceSet set = injector().getInstance(XtextResourceSet.class);
        Resource main = set.getResource(URI.createFileURI(absolute.toString()), true);
        // The other files of the folder, so that datasets and models of the same package resolve.
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(absolute.getParent(), "*.gen")) {
            for (Path p : siblings) {
                if (!p.equals(absolute)) {
                    set.getResource(URI.createFileURI(p.toString()), true);
                }
            }
        } catch (IOException e) {
            throw new UserError(absolute.getParent() + ": cannot list the folder (" + e.getMessage() + ")");
        }
        if (main.getContents().isEmpty()) {
            throw new UserError(path + ": cannot read the file");
        }
        GenFile genFile = (GenFile) main.getContents().get(0);
        List<GenFile> loaded = new ArrayList<>();
        for (Resource r : new ArrayList<>(set.getResources())) {
            if (r != main && !r.getContents().isEmpty() && r.getContents().get(0) instanceof GenFile f) {
                loaded.add(f);
            }
        }
        List<GenFile> needed = needed(genFile, loaded);
        List<Issue> issues = injector().getInstance(IResourceValidator.class).validate(main, CheckMode.ALL,
                CancelIndicator.NullImpl);
        return new GenWorkspace(absolute, path.toString(), genFile, needed, issues);
    }

    /**
     * The other files whose classes {@code file}'s need: those of its package and of the
     * packages it imports, and so on for theirs.
     */
    static List<GenFile> needed(GenFile file, List<GenFile> loaded) {
        List<GenFile> needed = new ArrayList<>();
        java.util.Deque<GenFile> open = new java.util.ArrayDeque<>(List.of(file));
        java.util.Set<String> packagesDone = new java.util.HashSet<>();
        while (!open.isEmpty()) {
            GenFile f = open.pop();
            List<String> packages = new ArrayList<>();
            packages.add(f.getName() == null ? "" : f.getName());
            for (org.thermogen.lang.thermogen.Import imp : f.getImports()) {
                String ns = imp.getImportedNamespace();
                if (ns != null) {
                    packages.add(ns.endsWith(".*") ? ns.substring(0, ns.length() - 2)
                            : ns.contains(".") ? ns.substring(0, ns.lastIndexOf('.')) : "");
                }
            }
            for (String p : packages) {
                if (!packagesDone.add(p)) {
                    continue;
                }
                for (GenFile other : loaded) {
                    if (other != file && !needed.contains(other) && Objects.equals(other.getName() == null ? "" : other.getName(), p)) {
                        needed.add(other);
                        open.push(other);
                    }
                }
            }
        }
        return needed;
    }

    public Path file() {
        return file;
    }

    /** Where relative data paths start: the .gen file's folder. */
    @Override
    public Path baseDirectory() {
        return file.getParent();
    }

    /** The file name without {@code .gen}. */
    @Override
    public String stem() {
        String n = file.getFileName().toString();
        return n.substring(0, n.length() - ".gen".length());
    }

    /**
     * This workspace without the issues of code {@code code}: {@code run --data FILE} reads its
     * rows from elsewhere, so a declared data file that is missing here is no error (a dataset
     * still read from a missing file fails when it loads, naming the file).
     */
    public GenWorkspace ignoring(String code) {
        return new GenWorkspace(file, displayName, genFile, neededFiles,
                issues.stream().filter(i -> !code.equals(i.getCode())).toList());
    }

    public boolean hasErrors() {
        return issues.stream().anyMatch(i -> i.getSeverity() == Severity.ERROR);
    }

    /**
     * Errors and warnings as {@code file:line:col: error: message}, in file order; with
     * {@code explain}, also what the generator recognized in each model.
     */
    public List<String> report(boolean explain) {
        List<String> lines = new ArrayList<>();
        List<Issue> sorted = new ArrayList<>(issues);
        sorted.sort((a, b) -> a.getLineNumber() != null && b.getLineNumber() != null
                ? a.getLineNumber() != b.getLineNumber().intValue() ? a.getLineNumber() - b.getLineNumber()
                        : a.getColumn() - b.getColumn()
                : 0);
        for (Issue i : sorted) {
            boolean recognized = ThermogenValidator.RECOGNIZED.equals(i.getCode());
            if (i.getSeverity() == Severity.INFO && !(explain && recognized)) {
                continue;
            }
            String severity = switch (i.getSeverity()) {
                case ERROR -> "error";
                case WARNING -> "warning";
                default -> "info";
            };
            lines.add(displayName + ":" + i.getLineNumber() + ":" + i.getColumn() + ": " + severity + ": " + i.getMessage());
        }
        return lines;
    }

    /** Refuses to go on with a model that has errors, printing them first. */
    @Override
    public void requireValid() {
        if (hasErrors()) {
            List<String> errors = report(false).stream().filter(l -> l.contains(": error: ")).toList();
            throw new UserError(String.join(System.lineSeparator(), errors));
        }
    }

    /** The Java sources of this file and of the files it needs (its package, the packages it imports), by relative path. */
    public Map<String, String> javaSources() {
        requireValid();
        Map<String, String> sources = new LinkedHashMap<>(JavaGenerator.generate(genFile));
        for (GenFile other : neededFiles) {
            try {
                sources.putAll(JavaGenerator.generate(other));
            } catch (IllegalStateException e) {
                // A sibling with errors is not needed unless this file uses it, and then this file has errors too.
            }
        }
        return sources;
    }

    /** Generated, compiled and loaded models of this file, in declaration order. */
    @Override
    public List<ModelDefinition> models() {
        if (loader == null) {
            loader = InMemoryCompiler.compile(javaSources(), GenWorkspace.class.getClassLoader());
        }
        List<ModelDefinition> out = new ArrayList<>();
        for (Element e : genFile.getElements()) {
            if (e instanceof Model m) {
                String name = (genFile.getName() == null ? "" : genFile.getName() + ".") + JavaText.className(m.getName());
                try {
                    // Initialized now, its line table registered to read back stack traces.
                    out.add(org.thermogen.run.ModelClass.definition(loader.loadClass(name))
                            .orElseThrow(() -> new IllegalStateException("generated class " + name + " has no DEFINITION")));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("generated class " + name + " cannot be loaded", ex);
                } catch (ExceptionInInitializerError ex) {
                    Throwable cause = ex.getCause();
                    if (cause instanceof IllegalArgumentException) {
                        throw new UserError(displayName + ":" + lineOf(m) + ": " + cause.getMessage());
                    }
                    throw ex;
                }
            }
        }
        return out;
    }

    private static int lineOf(Model m) {
        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(m);
        return node == null ? 0 : node.getStartLine();
    }

    /** The noise schedules this file declares, by name, in declaration order. */
    @Override
    public Map<String, org.thermogen.runtime.diffusion.NoiseSchedule> schedules() {
        if (loader == null) {
            loader = InMemoryCompiler.compile(javaSources(), GenWorkspace.class.getClassLoader());
        }
        Map<String, org.thermogen.runtime.diffusion.NoiseSchedule> out = new LinkedHashMap<>();
        for (Element e : genFile.getElements()) {
            if (e instanceof org.thermogen.lang.thermogen.Schedule sc) {
                String name = (genFile.getName() == null ? "" : genFile.getName() + ".") + JavaText.className(sc.getName());
                try {
                    out.put(sc.getName(), (org.thermogen.runtime.diffusion.NoiseSchedule) loader.loadClass(name)
                            .getField("SCHEDULE").get(null));
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException("generated class " + name + " cannot be loaded", ex);
                } catch (ExceptionInInitializerError ex) {
                    if (ex.getCause() instanceof IllegalArgumentException cause) {
                        var node = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(sc);
                        throw new UserError(displayName + ":" + (node == null ? 0 : node.getStartLine()) + ": "
                                + cause.getMessage());
                    }
                    throw ex;
                }
            }
        }
        return out;
    }

    /** The names of this file's models. */
    public List<String> modelNames() {
        List<String> out = new ArrayList<>();
        for (Element e : genFile.getElements()) {
            if (e instanceof Model m) {
                out.add(m.getName());
            }
        }
        return out;
    }

    /** The model called {@code name}, or a user error listing the file's models. */
    @Override
    public ModelDefinition model(String name) {
        for (ModelDefinition m : models()) {
            if (m.spec().name().equals(name)) {
                return m;
            }
        }
        throw new UserError(displayName + ": no model " + name + (modelNames().isEmpty() ? " (the file declares none)"
                : "; its models are " + String.join(", ", modelNames())));
    }

    @Override
    public String displayName() {
        return displayName;
    }
}
