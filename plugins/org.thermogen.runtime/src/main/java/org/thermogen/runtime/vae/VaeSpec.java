package org.thermogen.runtime.vae;

import java.util.ArrayList;
import java.util.List;
import org.thermogen.runtime.nn.Activation;
import org.thermogen.runtime.nn.MlpSpec;

/**
 * The architecture of a (hierarchical) VAE, immutable: the data size, the observation
 * model, the latent sizes bottom-up ({@code z1} next to the data, {@code zL} on top) and
 * the hidden layers every encoder and decoder network shares. Depth 1 is the VAE of note
 * 03; depth 2 the two-level VAE of note 04, appendix C.
 *
 * <p>Networks, for {@code l = 1 .. L} with {@code z0 = x}:
 * <ul>
 * <li>encoder {@code Enc<l>}: {@code q(z_l | z_{l-1}) = N(mu, diag exp(logvar))}, heads
 * {@code [mu H_l, logvar H_l]};</li>
 * <li>decoder {@code Dec1}: {@code p(x | z1)}, heads of the {@link Likelihood};</li>
 * <li>decoder {@code Dec<l>}, {@code l >= 2}: {@code p(z_{l-1} | z_l) = N(mu, diag exp(logvar))},
 * heads {@code [mu H_{l-1}, logvar H_{l-1}]};</li>
 * <li>the top prior {@code p(zL) = N(0, I)} has no parameters.</li>
 * </ul>
 *
 * <pre>{@code
 * VaeSpec spec = VaeSpec.builder(64).likelihood(Likelihood.BERNOULLI)
 *         .hidden(128, Activation.RELU).latent(16).latent(8).build();
 * }</pre>
 */
public final class VaeSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int dataSize;
    private final Likelihood likelihood;
    private final int[] latents;
    private final List<MlpSpec.Layer> hidden;
    private final java.util.Map<Integer, Network> encoders;
    private final java.util.Map<Integer, Network> decoders;

    /**
     * A network given outright, with its name, instead of one built from the shared hidden
     * layers; for an encoder, {@code variance} is the fixed variance of {@code q(z_l | .)} when
     * the network outputs the mean alone ({@code normal(Enc(x), v * I)}), NaN when it ends in
     * heads {@code [mu, logvar]}.
     */
    private record Network(String name, MlpSpec spec, double variance) implements java.io.Serializable {
    }

    private VaeSpec(Builder b) {
        this.dataSize = b.dataSize;
        this.likelihood = b.likelihood;
        this.latents = b.latents.stream().mapToInt(Integer::intValue).toArray();
        this.hidden = List.copyOf(b.hidden);
        this.encoders = java.util.Map.copyOf(b.encoders);
        this.decoders = java.util.Map.copyOf(b.decoders);
        for (var e : encoders.entrySet()) {
            int l = e.getKey();
            checkLevel(l);
            MlpSpec m = e.getValue().spec();
            if (!Double.isNaN(e.getValue().variance())) {
                if (m.inputSize() != latentSize(l - 1) || m.heads().size() != 1 || m.outputSize() != latentSize(l)) {
                    throw new IllegalArgumentException("encoder " + e.getValue().name() + " of z" + l + " with a fixed"
                            + " variance must read " + latentSize(l - 1) + " inputs and output " + latentSize(l)
                            + " means, not " + m.describe());
                }
                continue;
            }
            MlpSpec.Head mu = hasHead(m, "mu") ? m.head("mu") : null;
            MlpSpec.Head lv = hasHead(m, "logvar") ? m.head("logvar") : null;
            if (m.inputSize() != latentSize(l - 1) || mu == null || lv == null || mu.size() != latentSize(l)
                    || lv.size() != latentSize(l) || m.heads().size() != 2) {
                throw new IllegalArgumentException("encoder " + e.getValue().name() + " of z" + l + " must read "
                        + latentSize(l - 1) + " inputs and end in heads [mu " + latentSize(l) + ", logvar "
                        + latentSize(l) + "], not " + m.describe());
            }
        }
        for (var e : decoders.entrySet()) {
            int l = e.getKey();
            checkLevel(l);
            MlpSpec m = e.getValue().spec();
            int below = latentSize(l - 1);
            boolean ok = m.inputSize() == latentSize(l) && (l == 1 ? m.outputSize() == likelihood.width(dataSize)
                    : m.heads().size() == 1 && m.outputSize() == below
                            || hasHead(m, "mu") && hasHead(m, "logvar") && m.outputSize() == 2 * below);
            if (!ok) {
                throw new IllegalArgumentException("decoder " + e.getValue().name() + " of " + (l == 1 ? "x" : "z" + (l - 1))
                        + " must read " + latentSize(l) + " inputs and output " + (l == 1 ? likelihood.width(dataSize)
                                : below + " means (unit variance) or heads [mu " + below + ", logvar " + below + "]")
                        + ", not " + m.describe());
            }
        }
    }

    /** Starts a spec for data rows of {@code dataSize} columns. */
    public static Builder builder(int dataSize) {
        return new Builder(dataSize);
    }

    public int dataSize() {
        return dataSize;
    }

    public Likelihood likelihood() {
        return likelihood;
    }

    /** Number of latent layers L. */
    public int depth() {
        return latents.length;
    }

    /** Size of latent layer {@code l} in {@code 1 .. L}; {@code latentSize(0)} is the data size. */
    public int latentSize(int l) {
        return l == 0 ? dataSize : latents[l - 1];
    }

    public List<MlpSpec.Layer> hidden() {
        return hidden;
    }

    private static boolean hasHead(MlpSpec m, String name) {
        return m.heads().stream().anyMatch(h -> h.name().equals(name));
    }

    /** The name of the network of {@code q(z_l | z_{l-1})}: as given, or {@code Enc<l>}. */
    public String encoderName(int l) {
        Network n = encoders.get(l);
        return n == null ? "Enc" + l : n.name();
    }

    /** The name of the network of {@code p(z_{l-1} | z_l)}: as given, or {@code Dec<l>}. */
    public String decoderName(int l) {
        Network n = decoders.get(l);
        return n == null ? "Dec" + l : n.name();
    }

    /**
     * True when {@code p(z_{l-1} | z_l)}, {@code l >= 2}, is {@code N(Dec(z_l), I)}: its
     * decoder outputs the mean only, the log-variance is zero.
     */
    public boolean unitVariance(int l) {
        return l >= 2 && !hasHead(decoder(l), "logvar");
    }

    /**
     * The fixed variance of {@code q(z_l | z_{l-1})} when its encoder outputs the mean alone
     * ({@code normal(Enc(x), v * I)}, as note 03 writes it with {@code v = 1}); NaN when the
     * encoder ends in heads {@code [mu, logvar]}.
     */
    public double encoderVariance(int l) {
        Network n = encoders.get(l);
        return n == null ? Double.NaN : n.variance();
    }

    /** The network of {@code q(z_l | z_{l-1})}, {@code l} in {@code 1 .. L}. */
    public MlpSpec encoder(int l) {
        checkLevel(l);
        if (encoders.containsKey(l)) {
            return encoders.get(l).spec();
        }
        MlpSpec.Builder b = withHidden(MlpSpec.input(latentSize(l - 1)));
        return b.head("mu", latentSize(l)).head("logvar", latentSize(l)).build();
    }

    /** The network of {@code p(z_{l-1} | z_l)} ({@code p(x | z1)} for {@code l = 1}). */
    public MlpSpec decoder(int l) {
        checkLevel(l);
        if (decoders.containsKey(l)) {
            return decoders.get(l).spec();
        }
        MlpSpec.Builder b = withHidden(MlpSpec.input(latentSize(l)));
        if (l == 1) {
            likelihood.heads(b, dataSize);
        } else {
            b.head("mu", latentSize(l - 1)).head("logvar", latentSize(l - 1));
        }
        return b.build();
    }

    private MlpSpec.Builder withHidden(MlpSpec.Builder b) {
        for (MlpSpec.Layer layer : hidden) {
            b.hidden(layer.width(), layer.activation());
        }
        return b;
    }

    private void checkLevel(int l) {
        if (l < 1 || l > depth()) {
            throw new IllegalArgumentException("latent level " + l + " outside 1.." + depth());
        }
    }

    /** {@code vae(64 bernoulli, latents [16, 8], hidden [128 relu])}. */
    public String describe() {
        StringBuilder b = new StringBuilder("vae(").append(dataSize).append(' ').append(likelihood.keyword())
                .append(", latents [");
        for (int l = 1; l <= depth(); l++) {
            b.append(l == 1 ? "" : ", ").append(latentSize(l));
        }
        b.append("], hidden [");
        for (int i = 0; i < hidden.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(hidden.get(i).width()).append(' ')
                    .append(hidden.get(i).activation().keyword());
        }
        return b.append("])").toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Collects the settings; latent layers are added bottom-up. */
    public static final class Builder {
        private final int dataSize;
        private Likelihood likelihood = Likelihood.BERNOULLI;
        private final List<Integer> latents = new ArrayList<>();
        private final List<MlpSpec.Layer> hidden = new ArrayList<>();
        private final java.util.Map<Integer, Network> encoders = new java.util.HashMap<>();
        private final java.util.Map<Integer, Network> decoders = new java.util.HashMap<>();

        private Builder(int dataSize) {
            if (dataSize <= 0) {
                throw new IllegalArgumentException("a VAE needs a positive data size, got " + dataSize);
            }
            this.dataSize = dataSize;
        }

        public Builder likelihood(Likelihood v) {
            this.likelihood = java.util.Objects.requireNonNull(v);
            return this;
        }

        /** The next latent layer up: the first call is {@code z1}. */
        public Builder latent(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("latent layer z" + (latents.size() + 1)
                        + " needs a positive size, got " + size);
            }
            latents.add(size);
            return this;
        }

        /**
         * The network of {@code q(z_l | z_{l-1})} given outright, with its own hidden layers:
         * it reads the level below and ends in heads {@code [mu, logvar]} of {@code z_l}'s size.
         */
        public Builder encoder(int l, String name, MlpSpec network) {
            encoders.put(l, new Network(name, network, Double.NaN));
            return this;
        }

        /**
         * The network of {@code q(z_l | z_{l-1}) = N(Enc(z_{l-1}), variance * I)}: it outputs the
         * mean alone, of {@code z_l}'s size.
         *
         * @throws IllegalArgumentException unless the variance is finite and above 0
         */
        public Builder encoder(int l, String name, MlpSpec network, double variance) {
            if (!(variance > 0) || Double.isInfinite(variance)) {
                throw new IllegalArgumentException("the variance of q(z" + l + " | .) must be a finite number above 0, not "
                        + variance);
            }
            encoders.put(l, new Network(name, network, variance));
            return this;
        }

        /**
         * The network of {@code p(z_{l-1} | z_l)} given outright: for {@code l = 1} it outputs
         * what the likelihood reads (Bernoulli logits, Gaussian means); above, either one output
         * of means ({@code N(Dec(z_l), I)}) or heads {@code [mu, logvar]}.
         */
        public Builder decoder(int l, String name, MlpSpec network) {
            decoders.put(l, new Network(name, network, Double.NaN));
            return this;
        }

        /** A hidden layer of every encoder and decoder. */
        public Builder hidden(int width, Activation activation) {
            hidden.add(new MlpSpec.Layer(width, activation));
            return this;
        }

        public VaeSpec build() {
            if (latents.isEmpty()) {
                throw new IllegalArgumentException("a VAE needs at least one latent layer: call latent(size)");
            }
            return new VaeSpec(this);
        }
    }
}
