package org.thermogen.lang.analysis;

import java.util.Locale;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.util.OnChangeEvictingCache;
import org.eclipse.xtext.util.Tuples;
import org.thermogen.lang.energy.EnergyStructure;
import org.thermogen.lang.energy.Lowering;
import org.thermogen.lang.semantics.Hierarchy;
import org.thermogen.lang.semantics.Issue;
import org.thermogen.lang.semantics.IssueCodes;
import org.thermogen.lang.semantics.ModelAnalysis;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;

/**
 * What the analyses say of one model, computed once per resource and shared by everything
 * that reads it: the validator's checks (one group per concern), the generator and the
 * editor's hover. Cached on the model's resource with Xtext's {@link OnChangeEvictingCache},
 * which drops it when the resource changes, so an editor keystroke recomputes it once and a
 * {@code check} followed by {@code compile} computes it once.
 *
 * <p>The analyses in order: names, shapes and indices ({@link ModelAnalysis}); the sizes of
 * the parameter and state vectors ({@link #tooLarge}: nothing further is computed for a model
 * no Java array or memory holds); the latent hierarchy a model declares ({@link Hierarchy});
 * and, for a file that parsed and an energy without errors, the energy lowered to the
 * generator's form and the family recognized in it ({@link EnergyStructure}).
 */
public final class ModelFacts {
    private static final OnChangeEvictingCache CACHE = new OnChangeEvictingCache();

    /** The most elements one Java array holds: the parameter and state vectors are arrays. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final ModelAnalysis analysis;
    private final Issue tooLarge;
    private final Hierarchy hierarchy;
    private final Lowering.Lowered lowered;
    private final EnergyStructure structure;

    private ModelFacts(ModelAnalysis analysis, Issue tooLarge, Hierarchy hierarchy, Lowering.Lowered lowered,
            EnergyStructure structure) {
        this.analysis = analysis;
        this.tooLarge = tooLarge;
        this.hierarchy = hierarchy;
        this.lowered = lowered;
        this.structure = structure;
    }

    /** The facts of {@code model}, from its resource's cache (computed now if this resource has none yet). */
    public static ModelFacts of(Model model) {
        Resource r = model.eResource();
        return r == null ? compute(model) : CACHE.get(Tuples.pair(ModelFacts.class, model), r, () -> compute(model));
    }

    private static ModelFacts compute(Model model) {
        ModelAnalysis analysis = ModelAnalysis.of(model);
        Issue tooLarge = sizes(analysis);
        if (tooLarge != null) {
            return new ModelFacts(analysis, tooLarge, null, null, null);
        }
        Hierarchy hierarchy = Hierarchy.declaresOne(model) ? Hierarchy.of(model, analysis) : null;
        Lowering.Lowered lowered = null;
        EnergyStructure structure = null;
        // A syntax error leaves holes in the expressions (the parser recovers around them): the
        // analyses below read only whole files; the parser's message says what to fix first.
        boolean parsed = model.eResource() == null || model.eResource().getErrors().isEmpty();
        if (parsed && !analysis.hasErrors() && analysis.energy() != null) {
            lowered = Lowering.lower(analysis, model.eResource() == null ? "model.gen"
                    : model.eResource().getURI().lastSegment());
            structure = EnergyStructure.recognize(analysis, lowered);
        }
        return new ModelFacts(analysis, null, hierarchy, lowered, structure);
    }

    public ModelAnalysis analysis() {
        return analysis;
    }

    /**
     * Why the model cannot be held (a parameter or state vector beyond a Java array, or
     * parameters beyond this Java's memory), or null; when set, nothing past the sizes is known.
     */
    public Issue tooLarge() {
        return tooLarge;
    }

    /** The latent hierarchy the model declares, or null. */
    public Hierarchy hierarchy() {
        return hierarchy;
    }

    /** The energy in the generator's form, or null (no energy, errors, a file that did not parse, too large). */
    public Lowering.Lowered lowered() {
        return lowered;
    }

    /** The family recognized in the energy, or null when {@link #lowered()} is. */
    public EnergyStructure structure() {
        return structure;
    }

    /**
     * The parameter and state vectors fit a Java array and, for the parameters (which
     * training keeps several copies of), half of this Java's memory; counted in long, before
     * anything is allocated. The issue if they do not, else null.
     */
    static Issue sizes(ModelAnalysis analysis) {
        long heap = Runtime.getRuntime().maxMemory();
        long params = 0;
        for (ModelAnalysis.ParamInfo p : analysis.params()) {
            long n = elements(p.dims());
            params += n;
            if (n > MAX_ELEMENTS || params > MAX_ELEMENTS) {
                return new Issue(true, p.ast(), Literals.SYMBOL__NAME, -1, "parameter " + p.name() + " has " + n
                        + " elements" + (n == params ? "" : ", " + params + " with those before it") + ": more than the "
                        + MAX_ELEMENTS + " a model can hold", IssueCodes.TOO_LARGE);
            }
        }
        if (params * Double.BYTES * 4 > heap) {
            ModelAnalysis.ParamInfo largest = analysis.params().stream()
                    .max((a, b) -> Long.compare(elements(a.dims()), elements(b.dims()))).orElseThrow();
            return new Issue(true, largest.ast(), Literals.SYMBOL__NAME, -1, analysis.model().getName() + " has "
                    + params + " parameters (" + gigabytes(params * Double.BYTES) + "; training keeps several copies),"
                    + " more than this Java's " + gigabytes(heap) + " can hold: make " + largest.name()
                    + " smaller or give Java more memory (-Xmx)", IssueCodes.TOO_LARGE);
        }
        long state = 0;
        for (ModelAnalysis.VariableInfo v : analysis.variables()) {
            long n = elements(v.dims());
            state += n;
            if (n > MAX_ELEMENTS || state > MAX_ELEMENTS) {
                return new Issue(true, v.ast(), Literals.SYMBOL__NAME, -1, v.role().name().toLowerCase(Locale.ROOT) + " "
                        + v.name() + " has " + n + " units: more than the " + MAX_ELEMENTS + " a state can hold",
                        IssueCodes.TOO_LARGE);
            }
        }
        return null;
    }

    /** The product of {@code dims} in long (Long.MAX_VALUE past that). */
    private static long elements(int[] dims) {
        try {
            long n = 1;
            for (int d : dims) {
                n = Math.multiplyExact(n, Math.max(d, 0));
            }
            return n;
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code 3.2 GB}. */
    public static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
