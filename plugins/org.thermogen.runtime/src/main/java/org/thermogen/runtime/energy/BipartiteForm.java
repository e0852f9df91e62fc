package org.thermogen.runtime.energy;


/**
 * The map from parameters {@code theta} to the natural parameters of a restricted
 * Boltzmann machine ({@link BipartiteEnergy}), and its adjoint. Generated from a bipartite
 * energy such as {@code -(v' * W * h) - b . v - c . h}.
 */
public interface BipartiteForm {

    /** Clears {@code out} and writes the natural parameters at {@code theta}. */
    void couplings(double[] theta, BipartiteEnergy out);

    /**
     * Adds {@code scale * (d eta / d theta)^T deta} into {@code grad}; {@code deta} holds a
     * gradient with respect to the natural parameters, read back with
     * {@link BipartiteEnergy#pair}, {@code visible}, {@code hidden}, {@code quadratic},
     * {@code hiddenQuadratic} and {@code constant}.
     */
    void addCouplingsAdjoint(double[] theta, BipartiteEnergy deta, double scale, double[] grad);

    /** True if the natural parameters are affine in {@code theta}. */
    boolean affine();

    /**
     * Where theta holds the natural parameters, for a form that only copies them (the energy
     * {@code -(v' * W * h) - b . v - c . h} and its sign variants): then contrastive divergence
     * moves each mini-batch's couplings and gradient as blocks through the layout instead of
     * through {@link #couplings} and {@link #addCouplingsAdjoint}. Null, the default, for any
     * other form; a form that returns a layout must compute exactly what the layout does.
     */
    default Layout layout() {
        return null;
    }

    /**
     * The natural parameters as signed copies of theta: {@code W} the row-major
     * {@code nv x nh} block at {@code theta[pairs]} times {@code pairSign}, the visible biases
     * {@code nv} values at {@code theta[visibleBiases]} times {@code visibleSign}, the hidden
     * biases {@code nh} at {@code theta[hiddenBiases]} times {@code hiddenSign}; an offset of
     * {@code -1} for biases the energy does not have (zero). No quadratic coefficients, no
     * constant. Signs are {@code 1} or {@code -1}. Its values are the form's bit for bit but
     * for the sign of a zero: a copy keeps a {@code -0.0} that the form, adding it to
     * {@code 0.0}, writes as {@code 0.0}; no product or sum a sampler or optimizer takes
     * tells them apart beyond that sign.
     */
    record Layout(int pairs, double pairSign, int visibleBiases, double visibleSign, int hiddenBiases,
            double hiddenSign) {

        /** The natural parameters at {@code theta}, into {@code out}: the values {@link BipartiteForm#couplings} writes. */
        public void couplings(double[] theta, BipartiteEnergy out) {
            int nv = out.visibleSize();
            int nh = out.hiddenSize();
            out.setPairs(theta, pairs, pairSign);
            for (int i = 0; i < nv; i++) {
                out.setVisible(i, visibleBiases < 0 ? 0.0 : visibleSign * theta[visibleBiases + i]);
                out.setQuadratic(i, 0.0);
            }
            for (int j = 0; j < nh; j++) {
                out.setHidden(j, hiddenBiases < 0 ? 0.0 : hiddenSign * theta[hiddenBiases + j]);
            }
            out.setConstant(0.0);
        }

        /**
         * Sets the entries of {@code grad} for the form's parameters to the gradient with
         * respect to them of a gradient with respect to the natural parameters held in
         * {@code natural}: {@code W} row-major at {@code pairsAt}, the {@code nv} visible biases
         * at {@code visibleAt}, the {@code nh} hidden ones at {@code hiddenAt}. What
         * {@link BipartiteForm#addCouplingsAdjoint} with scale 1 adds to zeros; other entries of
         * {@code grad} are left as they are.
         */
        public void gradient(double[] natural, int pairsAt, int visibleAt, int hiddenAt, int nv, int nh,
                double[] grad) {
            signedCopy(natural, pairsAt, pairSign, grad, pairs, nv * nh);
            if (visibleBiases >= 0) {
                signedCopy(natural, visibleAt, visibleSign, grad, visibleBiases, nv);
            }
            if (hiddenBiases >= 0) {
                signedCopy(natural, hiddenAt, hiddenSign, grad, hiddenBiases, nh);
            }
        }

        /** {@code to[t + k] = sign * from[f + k]} for {@code k < n}, {@code sign} 1 or -1. */
        private static void signedCopy(double[] from, int f, double sign, double[] to, int t, int n) {
            if (sign == 1.0) {
                System.arraycopy(from, f, to, t, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                to[t + k] = -from[f + k];
            }
        }
    }
}
