package org.thermogen.runtime.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.thermogen.runtime.compute.DenseKernels;
import org.thermogen.runtime.compute.Precision;
import org.thermogen.runtime.model.Init;
import org.thermogen.runtime.model.ModelSpec;
import org.thermogen.runtime.model.ParamSpec;
import org.thermogen.runtime.model.Shape;

/**
 * A multi-layer perceptron whose parameters live in a model's flat parameter vector.
 *
 * <p><b>Layout.</b> Starting at {@link #offset()}, affine layer {@code l} (hidden layers
 * first, the output layer last) stores its weight matrix {@code name.l.W} of shape
 * {@code [fanIn, fanOut]} row-major, then its bias {@code name.l.b} of shape
 * {@code [fanOut]}. A layer computes {@code a_out = act(a_in W + b)} for a row vector
 * {@code a_in}. Gradients use the same layout in a separate array.
 *
 * <p><b>Batches.</b> Inputs, outputs and their gradients are row-major arrays with one row
 * per example. {@link #forward} and {@link #backward} work in a {@link Workspace} made once by
 * {@link #workspace(int)} and allocate nothing; rows are independent, so a row's output does
 * not depend on the batch it comes in.
 *
 * <p><b>Precision.</b> A {@link Precision#FLOAT32} network (the default, see
 * {@link Precision#networkDefault()}) runs its layers in float32 on the
 * {@link org.thermogen.runtime.compute.Backend}'s
 * kernels: the weights are rounded to float32 once per forward pass, gradients are summed in
 * float32 per pass and added to the float64 gradient. Inputs, outputs, parameters and
 * gradients stay float64 arrays either way. {@link Precision#FLOAT64} runs exact float64 loops.
 *
 * <pre>{@code
 * Mlp enc = new Mlp("Enc", MlpSpec.input(64).hidden(128, Activation.RELU).head("mu", 16).head("logvar", 16).build(), 0);
 * double[] theta = new double[enc.end()];
 * enc.initialize(theta, new SplittableRandom(1));
 * Workspace ws = enc.workspace(100);
 * enc.forward(theta, x, rows, ws);             // ws.output(): rows x 32, mu in columns 0..15
 * enc.backward(theta, dOut, rows, ws, grad, dx); // grad += dLoss/dtheta, dx = dLoss/dx
 * }</pre>
 */
public final class Mlp {
    private final String name;
    private final MlpSpec spec;
    private final int offset;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final int end;
    private final Precision precision;

    /**
     * A network called {@code name} (the prefix of its parameter names) whose parameters
     * start at {@code offset} of the parameter vector, computing in the
     * {@linkplain Precision#networkDefault() default precision}.
     */
    public Mlp(String name, MlpSpec spec, int offset) {
        this(name, spec, offset, Precision.networkDefault());
    }

    /** As {@link #Mlp(String, MlpSpec, int)}, computing in {@code precision}. */
    public Mlp(String name, MlpSpec spec, int offset, Precision precision) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a network needs a name for its parameters");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("parameter offset must be >= 0, got " + offset);
        }
        this.name = name;
        this.spec = Objects.requireNonNull(spec, "spec");
        this.offset = offset;
        int n = spec.layers();
        weightOffset = new int[n];
        biasOffset = new int[n];
        int at = offset;
        for (int l = 0; l < n; l++) {
            weightOffset[l] = at;
            at += spec.fanIn(l) * spec.fanOut(l);
            biasOffset[l] = at;
            at += spec.fanOut(l);
        }
        this.end = at;
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /** The arithmetic of the layers. */
    public Precision precision() {
        return precision;
    }

    public String name() {
        return name;
    }

    public MlpSpec spec() {
        return spec;
    }

    /** Index of the first parameter in the parameter vector. */
    public int offset() {
        return offset;
    }

    /** Number of parameters. */
    public int size() {
        return end - offset;
    }

    /** One past the last parameter: the offset of whatever comes next. */
    public int end() {
        return end;
    }

    /** Offset of the weight matrix of layer {@code l} in the parameter vector. */
    public int weightOffset(int l) {
        return weightOffset[l];
    }

    /** Offset of the bias of layer {@code l} in the parameter vector. */
    public int biasOffset(int l) {
        return biasOffset[l];
    }

    /** The activation that follows layer {@code l}, or the first head's for the output layer. */
    private Activation activation(int l) {
        return l < spec.hidden().size() ? spec.hidden().get(l).activation() : spec.heads().get(0).activation();
    }

    /**
     * The parameters in layout order, named {@code name.l.W} and {@code name.l.b}, with
     * their offsets and initial values: weights by {@code init} for the activation that
     * follows them, biases zero. Weights are rank 2, so optimizers' weight decay applies
     * to them and not to biases.
     */
    public List<ParamSpec> params(Initialization init) {
        List<ParamSpec> ps = new ArrayList<>();
        for (int l = 0; l < spec.layers(); l++) {
            ps.add(new ParamSpec(name + "." + l + ".W", Shape.of(spec.fanIn(l), spec.fanOut(l)), weightOffset[l],
                    Set.of(), init.weights(activation(l)), false));
            ps.add(new ParamSpec(name + "." + l + ".b", Shape.of(spec.fanOut(l)), biasOffset[l], Set.of(),
                    Init.zeros(), false));
        }
        return ps;
    }

    /**
     * Declares this network's parameters on a model spec under construction. The builder
     * places parameters one after another, so this network's {@link #offset()} must equal
     * the size of the parameters declared before it; {@link ModelSpec#initialParameters}
     * then initialises them by {@code init}.
     */
    public ModelSpec.Builder declare(ModelSpec.Builder builder, Initialization init) {
        for (ParamSpec p : params(init)) {
            builder.param(p.name(), p.shape(), p.init(), false);
        }
        return builder;
    }

    /**
     * Checks that {@code model} declares this network's parameters at this network's offsets.
     *
     * @throws IllegalArgumentException naming the first parameter that is missing or elsewhere
     */
    public void checkLayout(ModelSpec model) {
        for (ParamSpec p : params(Initialization.DEFAULT)) {
            ParamSpec q = model.param(p.name()).orElseThrow(
                    () -> new IllegalArgumentException("model " + model.name() + " has no parameter " + p.name()));
            if (q.offset() != p.offset() || !q.shape().equals(p.shape())) {
                throw new IllegalArgumentException("parameter " + p.name() + " of " + model.name() + " is "
                        + q.shape() + " at " + q.offset() + ", but network " + name + " expects " + p.shape()
                        + " at " + p.offset());
            }
        }
    }

    /** Writes initial values by {@link Initialization#DEFAULT} into {@code theta}. */
    public void initialize(double[] theta, SplittableRandom random) {
        initialize(theta, random, Initialization.DEFAULT);
    }

    /** Writes initial values into this network's part of {@code theta}. */
    public void initialize(double[] theta, SplittableRandom random, Initialization init) {
        checkTheta(theta);
        for (ParamSpec p : params(init)) {
            p.init().fill(p.shape(), theta, p.offset(), random);
        }
    }

    /** Work buffers for batches of up to {@code maxRows} rows. */
    public Workspace workspace(int maxRows) {
        return new Workspace(this, maxRows);
    }

    /**
     * Computes the outputs of the first {@code rows} rows of {@code input} (row-major,
     * {@link MlpSpec#inputSize()} columns) into {@link Workspace#output()}. The workspace
     * keeps a reference to {@code input} for {@link #backward}: do not change it in between.
     */
    public void forward(double[] theta, double[] input, int rows, Workspace ws) {
        checkWorkspace(ws, rows);
        checkTheta(theta);
        if (input.length < rows * spec.inputSize()) {
            throw new IllegalArgumentException(rows + " rows of " + spec.inputSize() + " inputs need "
                    + rows * spec.inputSize() + " values, got " + input.length);
        }
        ws.input = input;
        ws.rows = rows;
        if (ws.single != null) {
            forwardSingle(theta, input, rows, ws, ws.single);
            return;
        }
        double[] in = input;
        int last = spec.layers() - 1;
        for (int l = 0; l <= last; l++) {
            affine(theta, l, in, rows, ws.pre[l]);
            int nOut = spec.fanOut(l);
            double[] z = ws.pre[l];
            double[] a = ws.post[l];
            if (l < last) {
                Activation act = spec.hidden().get(l).activation();
                for (int i = 0, n = rows * nOut; i < n; i++) {
                    a[i] = act.value(z[i]);
                }
            } else {
                for (MlpSpec.Head h : spec.heads()) {
                    Activation act = h.activation();
                    for (int r = 0; r < rows; r++) {
                        for (int i = r * nOut + h.start(), e = i + h.size(); i < e; i++) {
                            a[i] = act.value(z[i]);
                        }
                    }
                }
            }
            in = a;
        }
    }

    /**
     * {@code out = in W_l + b_l} for {@code rows} rows. Rows go four at a time so that each
     * element of {@code W} loaded serves four rows; every row still adds its terms in the
     * order {@code k = 0, 1, ...}, so its result does not depend on the batch around it.
     */
    private void affine(double[] theta, int l, double[] in, int rows, double[] out) {
        int nIn = spec.fanIn(l);
        int nOut = spec.fanOut(l);
        int w = weightOffset[l];
        int b = biasOffset[l];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(theta, b, out, r * nOut, nOut);
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = r * nOut;
            int o1 = o0 + nOut;
            int o2 = o1 + nOut;
            int o3 = o2 + nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                double a0 = in[x0 + k];
                double a1 = in[x0 + nIn + k];
                double a2 = in[x0 + 2 * nIn + k];
                double a3 = in[x0 + 3 * nIn + k];
                if (a0 == 0.0 && a1 == 0.0 && a2 == 0.0 && a3 == 0.0) {
                    continue; // relu zeros and blank pixels: a row of W that adds nothing
                }
                int wk = w + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    double wj = theta[wk + j];
                    out[o0 + j] += a0 * wj;
                    out[o1 + j] += a1 * wj;
                    out[o2 + j] += a2 * wj;
                    out[o3 + j] += a3 * wj;
                }
            }
        }
        for (; r < rows; r++) {
            int o = r * nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                double x = in[x0 + k];
                if (x == 0.0) {
                    continue;
                }
                int wk = w + k * nOut;
                for (int j = 0; j < nOut; j++) {
                    out[o + j] += x * theta[wk + j];
                }
            }
        }
    }

    /**
     * Back-propagates {@code dOutput} (dLoss/dOutput for the rows of the last
     * {@link #forward} in this workspace, same layout as the output): adds dLoss/dtheta to
     * {@code grad} (same layout as {@code theta}; callers zero it when a batch starts) and,
     * unless {@code dInput} is null, overwrites its first {@code rows} rows with dLoss/dInput.
     * {@code theta} must be the array of the forward pass.
     */
    public void backward(double[] theta, double[] dOutput, int rows, Workspace ws, double[] grad, double[] dInput) {
        checkWorkspace(ws, rows);
        if (rows != ws.rows) {
            throw new IllegalArgumentException("backward over " + rows + " rows after a forward pass over " + ws.rows);
        }
        checkTheta(grad);
        if (ws.single != null) {
            backwardSingle(dOutput, rows, ws, ws.single, grad, dInput);
            return;
        }
        int last = spec.layers() - 1;
        int nOut = spec.fanOut(last);
        double[] z = ws.pre[last];
        double[] a = ws.post[last];
        double[] d = ws.delta[last];
        for (MlpSpec.Head h : spec.heads()) {
            Activation act = h.activation();
            for (int r = 0; r < rows; r++) {
                for (int i = r * nOut + h.start(), e = i + h.size(); i < e; i++) {
                    d[i] = dOutput[i] * act.derivative(z[i], a[i]);
                }
            }
        }
        for (int l = last; l >= 0; l--) {
            double[] in = l == 0 ? ws.input : ws.post[l - 1];
            double[] dIn = l == 0 ? dInput : ws.delta[l - 1];
            layerBackward(theta, l, in, ws.delta[l], rows, grad, dIn);
            if (l > 0) {
                Activation act = spec.hidden().get(l - 1).activation();
                double[] zp = ws.pre[l - 1];
                double[] ap = ws.post[l - 1];
                for (int i = 0, n = rows * spec.fanOut(l - 1); i < n; i++) {
                    dIn[i] *= act.derivative(zp[i], ap[i]);
                }
            }
        }
    }

    /**
     * Gradients of one affine layer given dLoss/dz: {@code db += sum_r d_r},
     * {@code dW += in' d}, and (if {@code dIn} is not null) {@code dIn = d W'}. Rows go four
     * at a time, as in {@link #affine}; each row's dot products still run over {@code j} in
     * order, with one accumulator per row.
     */
    private void layerBackward(double[] theta, int l, double[] in, double[] d, int rows, double[] grad,
            double[] dIn) {
        int nIn = spec.fanIn(l);
        int nOut = spec.fanOut(l);
        int w = weightOffset[l];
        int b = biasOffset[l];
        for (int r = 0; r < rows; r++) {
            int o = r * nOut;
            for (int j = 0; j < nOut; j++) {
                grad[b + j] += d[o + j];
            }
        }
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o0 = r * nOut;
            int o1 = o0 + nOut;
            int o2 = o1 + nOut;
            int o3 = o2 + nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                double a0 = in[x0 + k];
                double a1 = in[x0 + nIn + k];
                double a2 = in[x0 + 2 * nIn + k];
                double a3 = in[x0 + 3 * nIn + k];
                int wk = w + k * nOut;
                if (a0 != 0.0 || a1 != 0.0 || a2 != 0.0 || a3 != 0.0) {
                    for (int j = 0; j < nOut; j++) {
                        grad[wk + j] += a0 * d[o0 + j] + a1 * d[o1 + j] + a2 * d[o2 + j] + a3 * d[o3 + j];
                    }
                }
                if (dIn != null) {
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int j = 0; j < nOut; j++) {
                        double wj = theta[wk + j];
                        s0 += wj * d[o0 + j];
                        s1 += wj * d[o1 + j];
                        s2 += wj * d[o2 + j];
                        s3 += wj * d[o3 + j];
                    }
                    dIn[x0 + k] = s0;
                    dIn[x0 + nIn + k] = s1;
                    dIn[x0 + 2 * nIn + k] = s2;
                    dIn[x0 + 3 * nIn + k] = s3;
                }
            }
        }
        for (; r < rows; r++) {
            int o = r * nOut;
            int x0 = r * nIn;
            for (int k = 0; k < nIn; k++) {
                int wk = w + k * nOut;
                double x = in[x0 + k];
                if (x != 0.0) {
                    for (int j = 0; j < nOut; j++) {
                        grad[wk + j] += x * d[o + j];
                    }
                }
                if (dIn != null) {
                    double s = 0;
                    for (int j = 0; j < nOut; j++) {
                        s += theta[wk + j] * d[o + j];
                    }
                    dIn[x0 + k] = s;
                }
            }
        }
    }

    /**
     * The float32 forward pass: weights and inputs rounded once, every layer on the
     * backend's kernels, the outputs widened into {@link Workspace#output()}.
     */
    private void forwardSingle(double[] theta, double[] input, int rows, Workspace ws, Workspace.Single f) {
        DenseKernels k = f.kernels;
        for (int i = offset; i < end; i++) {
            f.w[i - offset] = (float) theta[i];
        }
        int nIn0 = spec.inputSize();
        for (int i = 0, n = rows * nIn0; i < n; i++) {
            f.input[i] = (float) input[i];
        }
        float[] in = f.input;
        int last = spec.layers() - 1;
        for (int l = 0; l <= last; l++) {
            int nOut = spec.fanOut(l);
            float[] z = f.pre[l];
            float[] a = f.post[l];
            k.affine(rows, spec.fanIn(l), nOut, in, f.w, weightOffset[l] - offset, biasOffset[l] - offset, z);
            if (l < last) {
                activate(k, spec.hidden().get(l).activation(), z, a, 0, rows * nOut);
            } else if (spec.heads().size() == 1) {
                activate(k, spec.heads().get(0).activation(), z, a, 0, rows * nOut);
            } else {
                for (MlpSpec.Head h : spec.heads()) {
                    for (int r = 0; r < rows; r++) {
                        int i = r * nOut + h.start();
                        activate(k, h.activation(), z, a, i, i + h.size());
                    }
                }
            }
            in = a;
        }
        double[] out = ws.post[last];
        float[] a = f.post[last];
        for (int i = 0, n = rows * spec.outputSize(); i < n; i++) {
            out[i] = a[i];
        }
    }

    private static void activate(DenseKernels k, Activation act, float[] z, float[] a, int from, int to) {
        switch (act) {
            case IDENTITY -> System.arraycopy(z, from, a, from, to - from);
            case RELU -> k.relu(z, a, from, to);
            case SILU -> k.silu(z, a, from, to);
            default -> {
                for (int i = from; i < to; i++) {
                    a[i] = (float) act.value(z[i]);
                }
            }
        }
    }

    /** The float32 backward pass of {@link #forwardSingle}; gradients summed in float32, then added in float64. */
    private void backwardSingle(double[] dOutput, int rows, Workspace ws, Workspace.Single f, double[] grad,
            double[] dInput) {
        DenseKernels k = f.kernels;
        int last = spec.layers() - 1;
        int nOut = spec.fanOut(last);
        float[] z = f.pre[last];
        float[] a = f.post[last];
        float[] d = f.delta[last];
        for (MlpSpec.Head h : spec.heads()) {
            Activation act = h.activation();
            for (int r = 0; r < rows; r++) {
                for (int i = r * nOut + h.start(), e = i + h.size(); i < e; i++) {
                    d[i] = (float) (dOutput[i] * act.derivative(z[i], a[i]));
                }
            }
        }
        java.util.Arrays.fill(f.grad, 0f);
        // W' of every layer, for the input gradients (the kernels never sum across SIMD lanes).
        for (int l = 0; l <= last; l++) {
            int at = weightOffset[l] - offset;
            k.transpose(spec.fanIn(l), spec.fanOut(l), f.w, at, f.wt, at);
        }
        for (int l = last; l >= 0; l--) {
            float[] in = l == 0 ? f.input : f.post[l - 1];
            int nIn = spec.fanIn(l);
            k.accumulateGradients(rows, nIn, spec.fanOut(l), in, f.delta[l], f.grad, weightOffset[l] - offset,
                    biasOffset[l] - offset);
            if (l > 0) {
                float[] dIn = f.delta[l - 1];
                k.inputGradient(rows, nIn, spec.fanOut(l), f.delta[l], f.wt, weightOffset[l] - offset, dIn);
                Activation act = spec.hidden().get(l - 1).activation();
                float[] zp = f.pre[l - 1];
                float[] ap = f.post[l - 1];
                int n = rows * nIn;
                if (act == Activation.RELU) {
                    k.reluGradient(zp, dIn, n);
                } else if (act == Activation.SILU) {
                    k.siluGradient(zp, dIn, n);
                } else {
                    for (int i = 0; i < n; i++) {
                        dIn[i] = (float) (dIn[i] * act.derivative(zp[i], ap[i]));
                    }
                }
            } else if (dInput != null) {
                k.inputGradient(rows, nIn, spec.fanOut(0), f.delta[0], f.wt, weightOffset[0] - offset, f.dInput);
                for (int i = 0, n = rows * nIn; i < n; i++) {
                    dInput[i] = f.dInput[i];
                }
            }
        }
        for (int i = offset; i < end; i++) {
            grad[i] += f.grad[i - offset];
        }
    }

    /** {@code wt = W'} for the {@code rows x cols} matrix at {@code w[at]}, in tiles that stay in the cache. */
    private void checkWorkspace(Workspace ws, int rows) {
        if (ws.owner != this) {
            throw new IllegalArgumentException("workspace belongs to another network than " + name);
        }
        if (rows < 0 || rows > ws.maxRows) {
            throw new IllegalArgumentException(rows + " rows do not fit a workspace of " + ws.maxRows);
        }
    }

    private void checkTheta(double[] theta) {
        if (theta.length < end) {
            throw new IllegalArgumentException("network " + name + " needs a parameter vector of at least " + end
                    + " elements, got " + theta.length);
        }
    }

    @Override
    public String toString() {
        return name + " = " + spec.describe() + " at " + offset;
    }
}
