package org.thermogen.lang.semantics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.thermogen.lang.thermogen.Dense;
import org.thermogen.lang.thermogen.Head;
import org.thermogen.lang.thermogen.Heads;
import org.thermogen.lang.thermogen.Layer;
import org.thermogen.lang.thermogen.Network;
import org.thermogen.lang.thermogen.NetworkInput;
import org.thermogen.lang.thermogen.SizeInput;
import org.thermogen.lang.thermogen.SymbolRef;
import org.thermogen.lang.thermogen.ThermogenPackage.Literals;
import org.thermogen.lang.thermogen.TimeInput;
import org.thermogen.lang.thermogen.Variable;

/**
 * The sizes of a declared {@code network}: what it takes, its hidden layers, and its output
 * layer or named heads. An input written as a variable ({@code mlp(x + time(64) -> ...)})
 * takes that variable's size in the model using the network, so its size is only known
 * there: {@link #inputSize} asks the caller.
 *
 * <pre>
 * network Enc = mlp(64 -> 128 relu -> [mu 16, logvar 16])   // input 64, heads mu and logvar of 16
 * </pre>
 */
public final class NetworkAnalysis {
    /** The activations a layer or a head may name. */
    public static final List<String> ACTIVATIONS = List.of("relu", "tanh", "sigmoid", "softplus", "silu", "identity");

    /** A hidden or output layer: its width and activation ({@code identity} when none is written). */
    public record LayerInfo(int width, String activation) {
    }

    /** A named output head. */
    public record HeadInfo(String name, int width, String activation) {
    }

    private final Network network;
    private final List<Integer> fixedInputs = new ArrayList<>();
    private final List<Variable> variableInputs = new ArrayList<>();
    private int timeWidth;
    private boolean learnedTime;
    private final List<LayerInfo> hidden = new ArrayList<>();
    private LayerInfo output;
    private final List<HeadInfo> heads = new ArrayList<>();
    private final List<Issue> issues = new ArrayList<>();

    private NetworkAnalysis(Network network) {
        this.network = network;
    }

    /** Reads the sizes of {@code network} and collects what is wrong with them. */
    public static NetworkAnalysis of(Network network) {
        NetworkAnalysis a = new NetworkAnalysis(network);
        a.run();
        return a;
    }

    private void run() {
        for (NetworkInput in : network.getInputs()) {
            if (in instanceof TimeInput t) {
                if (timeWidth > 0) {
                    error(t, null, "a network takes the time once", IssueCodes.SECOND_TIME);
                }
                Integer w = width(t.getWidth(), t, "the time embedding");
                timeWidth = w == null ? 0 : w;
                if (w != null && w % 2 != 0) {
                    error(t, null, "a sinusoidal time embedding pairs a sine with a cosine: its width " + w
                            + " must be even", IssueCodes.ODD_TIME_WIDTH);
                }
                learnedTime = t.isLearned();
            } else if (in instanceof SizeInput s) {
                if (s.getSize() instanceof SymbolRef r && r.getSymbol() instanceof Variable v && r.getIndices().isEmpty()) {
                    variableInputs.add(v);
                } else {
                    Integer w = width(s.getSize(), s, "an input");
                    if (w != null) {
                        fixedInputs.add(w);
                    }
                }
            }
        }
        List<Layer> layers = network.getLayers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (l instanceof Heads h) {
                if (!last) {
                    error(h, null, "output heads [...] come last in " + network.getName(), IssueCodes.HEADS_NOT_LAST);
                }
                Set<String> names = new HashSet<>();
                for (Head head : h.getHeads()) {
                    if (!names.add(head.getName())) {
                        error(head, Literals.HEAD__NAME, "two heads are named " + head.getName(),
                                IssueCodes.DUPLICATE_HEAD);
                    }
                    Integer w = width(head.getWidth(), head, "head " + head.getName());
                    String act = activation(head.getActivation(), head, Literals.HEAD__ACTIVATION);
                    if (w != null) {
                        heads.add(new HeadInfo(head.getName(), w, act));
                    }
                }
            } else if (l instanceof Dense d) {
                Integer w = width(d.getWidth(), d, "a layer");
                String act = activation(d.getActivation(), d, Literals.DENSE__ACTIVATION);
                if (w != null) {
                    LayerInfo info = new LayerInfo(w, act);
                    if (last) {
                        output = info;
                    } else {
                        hidden.add(info);
                    }
                }
            }
        }
    }

    private Integer width(org.thermogen.lang.thermogen.Expr e, EObject where, String what) {
        Double d = ConstantFolder.value(e);
        if (d == null || d != Math.rint(d) || d < 1) {
            error(where, null, what + " of " + network.getName() + " needs a whole number of units, at least 1",
                    IssueCodes.BAD_WIDTH);
            return null;
        }
        return (int) Math.round(d);
    }

    private String activation(String name, EObject where, EStructuralFeature feature) {
        if (name == null) {
            return "identity";
        }
        if (!ACTIVATIONS.contains(name)) {
            error(where, feature, "unknown activation " + name + Suggestions.didYouMean(name, ACTIVATIONS) + " (activations: "
                    + String.join(", ", ACTIVATIONS) + ")",
                    IssueCodes.UNKNOWN_ACTIVATION, Suggestions.data(name, ACTIVATIONS));
            return "identity";
        }
        return name;
    }

    private void error(EObject where, EStructuralFeature feature, String message, String code, String... data) {
        issues.add(new Issue(true, where, feature, -1, message, code, data));
    }

    public Network network() {
        return network;
    }

    public String name() {
        return network.getName();
    }

    public List<Issue> issues() {
        return issues;
    }

    /** The variables fed in, such as {@code x} of {@code mlp(x + time(64) -> ...)}. */
    public List<Variable> variableInputs() {
        return variableInputs;
    }

    /** Width of the time embedding, 0 when the network does not take the time. */
    public int timeWidth() {
        return timeWidth;
    }

    public boolean learnedTime() {
        return learnedTime;
    }

    /** Inputs written as numbers, in order. */
    public List<Integer> fixedInputs() {
        return fixedInputs;
    }

    /**
     * The width of the input vector (time embedding included).
     *
     * @param sizeOf the size of a variable input in the model using the network
     */
    public int inputSize(java.util.function.ToIntFunction<Variable> sizeOf) {
        int n = timeWidth;
        for (int w : fixedInputs) {
            n += w;
        }
        for (Variable v : variableInputs) {
            n += sizeOf.applyAsInt(v);
        }
        return n;
    }

    /** The input width without the time embedding, when it has no variable inputs. */
    public int dataInputSize() {
        int n = 0;
        for (int w : fixedInputs) {
            n += w;
        }
        return n;
    }

    public List<LayerInfo> hidden() {
        return hidden;
    }

    /** The single output layer, or null when the network ends in heads. */
    public LayerInfo output() {
        return output;
    }

    public List<HeadInfo> heads() {
        return heads;
    }

    /** The head of that name, or null. */
    public HeadInfo head(String name) {
        for (HeadInfo h : heads) {
            if (h.name().equals(name)) {
                return h;
            }
        }
        return null;
    }

    /** Width of the output layer, or of all heads together. */
    public int outputSize() {
        if (output != null) {
            return output.width();
        }
        int n = 0;
        for (HeadInfo h : heads) {
            n += h.width();
        }
        return n;
    }

    /** {@code 64 -> 128 relu -> [mu 16, logvar 16]}, for messages. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        List<String> in = new ArrayList<>();
        for (Variable v : variableInputs) {
            in.add(v.getName());
        }
        for (int w : fixedInputs) {
            in.add(Integer.toString(w));
        }
        if (timeWidth > 0) {
            in.add("time(" + timeWidth + ")");
        }
        s.append(String.join(" + ", in));
        for (LayerInfo l : hidden) {
            s.append(" -> ").append(l.width()).append(' ').append(l.activation());
        }
        if (output != null) {
            s.append(" -> ").append(output.width()).append(output.activation().equals("identity") ? "" : " " + output.activation());
        } else {
            List<String> hs = new ArrayList<>();
            for (HeadInfo h : heads) {
                hs.add(h.name() + " " + h.width() + (h.activation().equals("identity") ? "" : " " + h.activation()));
            }
            s.append(" -> [").append(String.join(", ", hs)).append(']');
        }
        return s.toString();
    }
}
