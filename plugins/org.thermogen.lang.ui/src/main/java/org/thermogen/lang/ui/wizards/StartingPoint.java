package org.thermogen.lang.ui.wizards;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.FileLocator;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;

/** The models a new .gen file can start from: small, valid, runnable as they are. */
public enum StartingPoint {
    BOLTZMANN("Boltzmann machine (exact moment matching)", "boltzmann"),
    GAUSSIAN("Gaussian (closed-form maximum likelihood)", "gaussian"),
    MIXTURE("Gaussian mixture (EM)", "mixture"),
    DIFFUSION("Diffusion model (DDPM)", "diffusion");

    private final String label;
    private final String resource;

    StartingPoint(String label, String resource) {
        this.label = label;
        this.resource = resource;
    }

    public String label() {
        return label;
    }

    /** The model text for package {@code pkg} and model {@code model}. */
    public String text(String pkg, String model) throws CoreException {
        URL url = FileLocator.find(Platform.getBundle("org.thermogen.lang.ui"),
                new org.eclipse.core.runtime.Path("templates/models/" + resource + ".gen"));
        if (url == null) {
            throw new CoreException(Status.error("the template " + resource + ".gen is missing from org.thermogen.lang.ui"));
        }
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${package}", pkg)
                    .replace("${Model}", model);
        } catch (IOException e) {
            throw new CoreException(Status.error("cannot read the template " + resource + ".gen", e));
        }
    }

    /** A model name from a file name: {@code two-moons.gen} gives {@code TwoMoons}. */
    public static String modelName(String fileName) {
        String stem = fileName.endsWith(".gen") ? fileName.substring(0, fileName.length() - 4) : fileName;
        StringBuilder b = new StringBuilder();
        boolean up = true;
        for (char c : stem.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            } else {
                up = true;
            }
        }
        if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
            b.insert(0, "Model");
        }
        return b.toString();
    }

    /**
     * The package of a file in {@code folderSegments} (its path inside a source folder, or
     * inside the project): dotted lower-case identifiers, {@code models} when there are none.
     */
    public static String packageName(String[] folderSegments) {
        StringBuilder b = new StringBuilder();
        for (String s : folderSegments) {
            String id = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            if (id.isEmpty()) {
                continue;
            }
            if (!Character.isLetter(id.charAt(0))) {
                id = "p" + id;
            }
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(id);
        }
        return b.length() == 0 ? "models" : b.toString();
    }
}
