package org.thermogen.lang.validation;

import java.io.File;
import java.lang.ref.SoftReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.RuntimeProbe;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.thermogen.Binarize;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Scale;
import org.thermogen.lang.thermogen.Shift;
import org.thermogen.lang.thermogen.Spins;
import org.thermogen.lang.thermogen.Split;
import org.thermogen.lang.thermogen.SplitPart;
import org.thermogen.lang.thermogen.Standardize;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.Transform;
import org.thermogen.runtime.data.DataSource;
import org.thermogen.runtime.data.DatasetDefinition;
import org.thermogen.runtime.data.LoadedDataset;
import org.thermogen.runtime.data.Transforms;

/**
 * A dataset's rows as a run reads them, at check time: for the few checks whose answer lies
 * in the data's values ({@code bits_per_dim} needs them on evenly spaced levels of [-1, 1]),
 * the runtime reads the source the declaration names (relative paths from the .gen file's
 * folder, as a run does), applies its transforms and splits it. Kept while the declaration
 * and the files it names are unchanged, so the editor does not read them at every keystroke.
 */
final class CheckTimeData {
    private static final Map<String, SoftReference<LoadedDataset>> LOADED = new ConcurrentHashMap<>();

    private CheckTimeData() {
    }

    /**
     * The rows of {@code part} of {@code d} (all rows for null), or null when they cannot be
     * read at check time: settings that are not constants, a file that is missing or damaged
     * (the dataset's own checks say so), a file not on disk.
     */
    static org.thermogen.runtime.data.Dataset rows(Dataset d, String part) {
        URI uri = d.eResource() == null ? null : d.eResource().getURI();
        if (uri == null || !uri.isFile()) {
            return null;
        }
        Path base = new File(uri.toFileString()).getAbsoluteFile().getParentFile().toPath();
        Binding source = Binding.bind(d.getSource(), Kind.SOURCE, List.of(), null, (w, f, m, c, data) -> {
        });
        if (source == null) {
            return null;
        }
        org.eclipse.xtext.nodemodel.ICompositeNode node = NodeModelUtils.getNode(d);
        String key = base + "\n" + (node == null ? d.getName() : node.getText()) + "\n" + stamps(source, base);
        SoftReference<LoadedDataset> kept = LOADED.get(key);
        LoadedDataset loaded = kept == null ? null : kept.get();
        try {
            if (loaded == null) {
                DatasetDefinition definition = definition(d, source);
                if (definition == null) {
                    return null;
                }
                loaded = definition.load(base);
                LOADED.put(key, new SoftReference<>(loaded));
            }
            return loaded.part(part);
        } catch (RuntimeException unreadable) {
            return null;  // the dataset's own checks and the run report why
        }
    }

    /** The declaration as the runtime's definition, as the generated dataset class builds it; null if not constant. */
    private static DatasetDefinition definition(Dataset d, Binding source) {
        if (!(RuntimeProbe.build(source).orElse(null) instanceof RuntimeProbe.Built built)
                || !(built.object() instanceof DataSource s)) {
            return null;
        }
        DatasetDefinition.Builder b = DatasetDefinition.builder(d.getName(), "check", 0).source(s);
        for (Transform t : d.getTransforms()) {
            if (t instanceof Scale scale) {
                Double f = ConstantFolder.value(scale.getFactor());
                if (f == null) {
                    return null;
                }
                b.transform(Transforms.scale(f));
            } else if (t instanceof Shift shift) {
                Double offset = ConstantFolder.value(shift.getOffset());
                if (offset == null) {
                    return null;
                }
                b.transform(Transforms.shift(offset));
            } else if (t instanceof Binarize bin) {
                Double threshold = bin.getThreshold() == null ? Double.valueOf(0.5) : ConstantFolder.value(bin.getThreshold());
                if (threshold == null) {
                    return null;
                }
                b.transform(Transforms.binarize(threshold));
            } else if (t instanceof Spins) {
                b.transform(Transforms.spins());
            } else if (t instanceof Standardize) {
                b.transform(Transforms.standardize());
            } else if (t instanceof Split split) {
                Double seed = split.getSeed() == null ? Double.valueOf(0) : ConstantFolder.value(split.getSeed());
                Object[] parts = new Object[2 * split.getParts().size()];
                int i = 0;
                for (SplitPart p : split.getParts()) {
                    Double fraction = ConstantFolder.value(p.getFraction());
                    if (seed == null || fraction == null) {
                        return null;
                    }
                    parts[i++] = p.getName();
                    parts[i++] = fraction;
                }
                b.split(Math.round(seed), parts);
            }
        }
        return b.build();
    }

    /** When the files a source names last changed, and their sizes: a changed file is read again. */
    private static String stamps(Binding source, Path base) {
        StringBuilder b = new StringBuilder();
        for (Object v : source.values().values()) {
            if (v instanceof StringValue s && s.getValue() != null) {
                File f = new File(s.getValue()).isAbsolute() ? new File(s.getValue()) : base.resolve(s.getValue()).toFile();
                b.append(f.getPath()).append(':').append(f.lastModified()).append(':').append(f.length()).append(';');
            }
        }
        return b.toString();
    }
}
