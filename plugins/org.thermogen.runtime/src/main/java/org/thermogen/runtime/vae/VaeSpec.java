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
public final class VaeSpec {
    private final int dataSize;
    private final Likelihood likelihood;
    private final int[] latents;
    private final List<MlpSpec.Layer> hidden;

    private VaeSpec(Builder b) {
        this.dataSize = b.dataSize;
        this.likelihood = b.likelihood;
        this.latents = b.latents.stream().mapToInt(Integer::intValue).toArray();
        this.hidden = List.copyOf(b.hidden);
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

    /** The network of {@code q(z_l | z_{l-1})}, {@code l} in {@code 1 .. L}. */
    public MlpSpec encoder(int l) {
        checkLevel(l);
        MlpSpec.Builder b = withHidden(MlpSpec.input(latentSize(l - 1)));
        return b.head("mu", latentSize(l)).head("logvar", latentSize(l)).build();
    }

    /** The network of {@code p(z_{l-1} | z_l)} ({@code p(x | z1)} for {@code l = 1}). */
    public MlpSpec decoder(int l) {
        checkLevel(l);
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
