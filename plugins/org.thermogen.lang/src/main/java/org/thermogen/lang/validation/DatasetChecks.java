package org.thermogen.lang.validation;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.common.util.URI;
import org.eclipse.xtext.validation.Check;
import org.thermogen.lang.catalog.Binding;
import org.thermogen.lang.catalog.Kind;
import org.thermogen.lang.catalog.Parameter;
import org.thermogen.lang.semantics.ConstantFolder;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.thermogen.Dataset;
import org.thermogen.lang.thermogen.Split;
import org.thermogen.lang.thermogen.SplitPart;
import org.thermogen.lang.thermogen.StringValue;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.Transform;

/** Checks of a dataset: its source (and its file), its transforms, its split. */
public class DatasetChecks extends ThermogenChecks {
    @Check
    public void checkDataset(Dataset d) {
        Counted problems = new Counted();
        Binding source = Binding.bind(d.getSource(), Kind.SOURCE, List.of(), null, problems);
        if (source != null && source.entry().name().equals("csv")) {
            checkCsvFile(source);
        }
        if (source != null && problems.errors == 0) {
            // blobs(n 0), a covariance that is not positive definite: the source's own refusal, at the call.
            build(source, d.getSource());
        }
        List<Split> splits = new ArrayList<>();
        for (Transform t : d.getTransforms()) {
            if (t instanceof Split s) {
                splits.add(s);
            } else if (!splits.isEmpty()) {
                error("transforms come before the split", t, null, IssueCodes.TRANSFORM_AFTER_SPLIT);
            }
        }
        for (int i = 1; i < splits.size(); i++) {
            error("a dataset is split once: list every part in one split", splits.get(i), null,
                    IssueCodes.SECOND_SPLIT);
        }
        for (Transform t : d.getTransforms()) {
            if (t instanceof org.thermogen.lang.thermogen.Scale s && ConstantFolder.value(s.getFactor()) == null) {
                error("scale takes a number such as 1/16", s, Literals.SCALE__FACTOR, IssueCodes.TYPE);
            }
            if (t instanceof org.thermogen.lang.thermogen.Binarize b && b.getThreshold() != null
                    && ConstantFolder.value(b.getThreshold()) == null) {
                error("binarize takes a threshold number such as 0.5", b, Literals.BINARIZE__THRESHOLD,
                        IssueCodes.TYPE);
            }
        }
        if (!splits.isEmpty()) {
            checkSplit(splits.get(0));
        }
    }

    private void checkSplit(Split s) {
        double total = 0;
        Set<String> names = new HashSet<>();
        for (SplitPart p : s.getParts()) {
            Double f = ConstantFolder.value(p.getFraction());
            if (f == null || f <= 0 || f > 1) {
                error("a split fraction is a number in (0, 1]", p, Literals.SPLIT_PART__FRACTION,
                        IssueCodes.SPLIT_FRACTION);
            } else {
                total += f;
            }
            if (!names.add(p.getName())) {
                error("part " + p.getName() + " is listed twice", p, Literals.SPLIT_PART__NAME,
                        IssueCodes.DUPLICATE_PART);
            }
        }
        if (total > 1 + 1e-9) {
            error("the split fractions add up to " + total + ", more than 1", s, null, IssueCodes.SPLIT_TOTAL);
        }
        if (s.getSeed() != null) {
            Double seed = ConstantFolder.value(s.getSeed());
            if (seed == null || seed != Math.rint(seed)) {
                error("the split seed is a whole number", s, Literals.SPLIT__SEED, IssueCodes.TYPE);
            }
        }
    }

    private void checkCsvFile(Binding source) {
        Parameter path = source.entry().parameter("path").orElseThrow();
        Object v = source.values().get(path);
        if (!(v instanceof StringValue s) || s.getValue() == null) {
            return;
        }
        URI uri = s.eResource() == null ? null : s.eResource().getURI();
        if (uri == null || !uri.isFile()) {
            return;
        }
        File base = new File(uri.toFileString()).getAbsoluteFile().getParentFile();
        File data = new File(s.getValue()).isAbsolute() ? new File(s.getValue()) : new File(base, s.getValue());
        if (!data.isFile()) {
            error(s.getValue() + ": no such file (looked for " + data.getPath() + ")", s, null,
                    IssueCodes.MISSING_DATA_FILE);
        }
    }
}
