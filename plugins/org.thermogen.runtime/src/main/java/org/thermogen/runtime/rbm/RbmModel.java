package org.thermogen.runtime.rbm;

import java.util.Locale;
import org.thermogen.runtime.energy.BipartiteEnergy;
import org.thermogen.runtime.energy.BipartiteForm;
import org.thermogen.runtime.model.Domain;
import org.thermogen.runtime.model.Model;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.Shape;
import org.thermogen.runtime.model.VariableSpec;

/**
 * Reads a restricted Boltzmann machine out of a model definition: its generated
 * {@link BipartiteForm}, the sizes and domains of its two layers (visible units are the
 * observed part of the state vector, hidden units the rest), and its natural parameters
 * at given {@code theta}.
 *
 * <pre>{@code
 * BipartiteEnergy eta = RbmModel.energy(model, theta);   // W, b, c, a at theta
 * double f = eta.freeEnergy(v);
 * }</pre>
 */
public final class RbmModel {
    private RbmModel() {
    }

    /**
     * The model's bipartite form.
     *
     * @param who what needs it, for the message ({@code "cd"}, {@code "ais"})
     * @throws IllegalArgumentException if the model is not a restricted Boltzmann machine
     */
    public static BipartiteForm form(Model model, String who) {
        return model.capability(BipartiteForm.class).orElseThrow(() -> new IllegalArgumentException(who
                + " needs a restricted Boltzmann machine (an energy such as -(v' * W * h) - b . v - c . h); "
                + model.spec().name() + " has a " + model.structure().describe()));
    }

    /**
     * An empty energy with the model's layer sizes and domains.
     *
     * @throws IllegalArgumentException if a layer mixes domains, the hidden layer is real or empty
     */
    public static BipartiteEnergy newEnergy(ModelSpec spec) {
        int nv = spec.observedSize();
        int nh = spec.stateSize() - nv;
        if (nv == 0 || nh == 0) {
            throw new IllegalArgumentException(spec.name() + " needs visible and hidden units to be a restricted"
                    + " Boltzmann machine (it has " + nv + " visible and " + nh + " hidden)");
        }
        Domain visible = layerDomain(spec, true);
        Domain hidden = layerDomain(spec, false);
        if (hidden == Domain.REAL) {
            throw new IllegalArgumentException("the hidden units of " + spec.name() + " are real; an RBM's hidden units"
                    + " are binary or spin");
        }
        return new BipartiteEnergy(nv, nh, visible, hidden);
    }

    /**
     * The natural parameters of the model at {@code theta}, in a new energy.
     *
     * @throws IllegalArgumentException if the model is not a restricted Boltzmann machine
     */
    public static BipartiteEnergy energy(Model model, double[] theta) {
        BipartiteForm form = form(model, "this");
        BipartiteEnergy e = newEnergy(model.spec());
        form.couplings(theta, e);
        return e;
    }

    private static Domain layerDomain(ModelSpec spec, boolean visible) {
        Domain found = null;
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved() != visible || v.size() == 0) {
                continue;
            }
            if (found != null && found != v.domain()) {
                throw new IllegalArgumentException("the " + (visible ? "visible" : "hidden") + " units of " + spec.name()
                        + " mix " + found.name().toLowerCase(Locale.ROOT) + " and " + v.domain().name().toLowerCase(Locale.ROOT)
                        + " domains; declare them all of one");
            }
            found = v.domain();
        }
        return found;
    }

    /**
     * The name of visible unit {@code i} as the .gen file indexes it, {@code v[3]} or
     * {@code v[0,3]}, for messages.
     */
    public static String visibleName(ModelSpec spec, int i) {
        for (VariableSpec v : spec.variables()) {
            if (v.role().isObserved() && i >= v.offset() && i < v.offset() + v.size()) {
                Shape shape = v.shape();
                if (shape.rank() == 0) {
                    return v.name();
                }
                int[] index = new int[shape.rank()];
                int rest = i - v.offset();
                for (int a = shape.rank() - 1; a >= 0; a--) {
                    index[a] = rest % shape.dim(a);
                    rest /= shape.dim(a);
                }
                StringBuilder b = new StringBuilder(v.name()).append('[');
                for (int a = 0; a < index.length; a++) {
                    b.append(a == 0 ? "" : ",").append(index[a]);
                }
                return b.append(']').toString();
            }
        }
        return "visible unit " + i;
    }

    /**
     * Checks that every real visible unit has a positive quadratic coefficient, without which
     * {@code exp(-E)} cannot be normalized.
     *
     * @param spec the model, for unit names (may be null)
     * @throws IllegalArgumentException naming the first unit with {@code a_i <= 0}
     */
    public static void checkQuadratics(BipartiteEnergy e, ModelSpec spec) {
        if (e.visibleDomain() != Domain.REAL) {
            return;
        }
        double[] a = e.quadratics();
        for (int i = 0; i < a.length; i++) {
            if (!(a[i] > 0) || Double.isInfinite(a[i])) {
                String name = spec == null ? "visible unit " + i : "visible unit " + visibleName(spec, i);
                throw new IllegalArgumentException("real " + name + " has quadratic coefficient a = " + a[i]
                        + " in E = a v^2 - ...; a Gaussian-Bernoulli RBM needs a > 0: add a term such as 0.5 * v . v"
                        + " to the energy");
            }
        }
    }
}
