package org.thermogen.launch;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.ImageRegistry;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.graphics.Image;

/** The launch icon, loaded once into JFace's registry. */
final class ThermogenImages {
    private static final String ICON = "org.thermogen.launch.icon";

    private ThermogenImages() {
    }

    static Image icon() {
        ImageRegistry registry = JFaceResources.getImageRegistry();
        if (registry.get(ICON) == null) {
            registry.put(ICON, ImageDescriptor.createFromURL(ThermogenImages.class.getResource("/icons/thermogen.png")));
        }
        return registry.get(ICON);
    }
}
