package org.thermogen.lang.scoping;

import com.google.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.naming.QualifiedName;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.eclipse.xtext.util.IResourceScopeCache;
import org.eclipse.xtext.util.Tuples;
import org.thermogen.lang.thermogen.Constant;
import org.thermogen.lang.thermogen.Energy;
import org.thermogen.lang.thermogen.GenFile;
import org.thermogen.lang.thermogen.IndexBinding;
import org.thermogen.lang.thermogen.IndexVar;
import org.thermogen.lang.thermogen.IndexedSum;
import org.thermogen.lang.thermogen.Model;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.Schedule;
import org.thermogen.lang.thermogen.Param;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.ThermogenPackage;
import org.thermogen.lang.thermogen.Variable;

/**
 * Resolves names inside expressions the way mathematics reads them: the indices of the
 * enclosing sums (innermost first), then the model's variables and parameters, then the
 * file's constants, then constants of other files in the package.
 */
public class ThermogenScopeProvider extends AbstractThermogenScopeProvider {

    @Override
    public IScope getScope(EObject context, EReference reference) {
        if (reference == ThermogenPackage.Literals.SYMBOL_REF__SYMBOL) {
            return symbolScope(context);
        }
        if (reference.getEReferenceType() == ThermogenPackage.Literals.VARIABLE
                && reference != ThermogenPackage.Literals.ENERGY__ARGUMENTS) {
            // `x | k ~ ...`, `q(z1 | x) = ...`, `latent z1 | z2 ~ ...`: the model's own variables.
            Model model = EcoreUtil2.getContainerOfType(context, Model.class);
            if (model != null) {
                return Scopes.scopeFor(EcoreUtil2.typeSelect(model.getMembers(), Variable.class));
            }
        }
        if (reference == ThermogenPackage.Literals.ENERGY__ARGUMENTS) {
            Model model = EcoreUtil2.getContainerOfType(context, Model.class);
            if (model != null) {
                return Scopes.scopeFor(EcoreUtil2.typeSelect(model.getMembers(), Variable.class));
            }
        }
        return super.getScope(context, reference);
    }

    @Inject
    private IResourceScopeCache cache;

    /**
     * The scope beyond a declaration's own names: constants and the names of other files and
     * imports. Every reference inside one declaration (a model, network, schedule or constant)
     * sees the same one, and Xtext's provider computes it by walking up every container of the
     * reference, so it is computed once per declaration and resource state and cached
     * (Xtext's {@link IResourceScopeCache}, emptied on every change): an energy of 1000 terms
     * took 10 s to check, nearly all of it here.
     */
    private IScope outerScope(EObject context) {
        EObject declaration = context;
        while (declaration.eContainer() != null && !(declaration.eContainer() instanceof GenFile)) {
            declaration = declaration.eContainer();
        }
        EObject key = declaration;
        if (context.eResource() == null) {
            return super.getScope(context, ThermogenPackage.Literals.SYMBOL_REF__SYMBOL);
        }
        return cache.get(Tuples.pair(ThermogenScopeProvider.class, key), context.eResource(),
                () -> super.getScope(key, ThermogenPackage.Literals.SYMBOL_REF__SYMBOL));
    }

    private IScope symbolScope(EObject context) {
        IScope outer = outerScope(context);
        GenFile file = EcoreUtil2.getContainerOfType(context, GenFile.class);
        if (file != null) {
            outer = Scopes.scopeFor(EcoreUtil2.typeSelect(file.getElements(), Constant.class), outer);
        }
        Network network = EcoreUtil2.getContainerOfType(context, Network.class);
        if (network != null && file != null) {
            // `mlp(x + time(64) -> ...)`: x is a variable of the models that use the network.
            List<EObject> variables = new ArrayList<>();
            for (Model m : EcoreUtil2.typeSelect(file.getElements(), Model.class)) {
                variables.addAll(EcoreUtil2.typeSelect(m.getMembers(), Variable.class));
            }
            return Scopes.scopeFor(variables, outer);
        }
        Schedule schedule = EcoreUtil2.getContainerOfType(context, Schedule.class);
        if (schedule != null) {
            // `beta(t) = ... (t / T) ... with steps 500`: t is the step, T the number of steps.
            IScope withT = Scopes.scopeFor(List.of(schedule), s -> QualifiedName.create("T"), outer);
            return schedule.getStep() == null ? withT : Scopes.scopeFor(List.of(schedule.getStep()), withT);
        }
        Model model = EcoreUtil2.getContainerOfType(context, Model.class);
        if (model != null) {
            List<EObject> members = new ArrayList<>();
            members.addAll(EcoreUtil2.typeSelect(model.getMembers(), Variable.class));
            members.addAll(EcoreUtil2.typeSelect(model.getMembers(), Param.class));
            outer = Scopes.scopeFor(members, outer);
        }
        // Sums nest: collect from the outermost inwards so inner indices shadow outer ones.
        List<IndexedSum> sums = new ArrayList<>();
        for (EObject e = context; e != null && !(e instanceof Energy); e = e.eContainer()) {
            if (e instanceof IndexedSum s && !isInsideBindingOf(context, s)) {
                sums.add(0, s);
            }
        }
        IScope scope = outer;
        for (IndexedSum s : sums) {
            List<IndexVar> indices = new ArrayList<>();
            for (IndexBinding b : s.getBindings()) {
                indices.addAll(b.getIndices());
            }
            scope = Scopes.scopeFor(indices, scope);
        }
        return scope;
    }

    /** Bounds in {@code sum(i in 0..N-1)} see the outer indices, not the sum's own. */
    private static boolean isInsideBindingOf(EObject context, IndexedSum sum) {
        for (EObject e = context; e != null && e != sum; e = e.eContainer()) {
            if (e instanceof IndexBinding b && b.eContainer() == sum) {
                return true;
            }
        }
        return false;
    }
}
