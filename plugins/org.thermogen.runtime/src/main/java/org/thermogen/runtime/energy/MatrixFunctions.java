package org.thermogen.runtime.energy;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * Matrix functions that generated energies use ({@code inv}, {@code logdet}, {@code trace})
 * and their adjoints, on row-major {@code n x n} arrays. A {@link Workspace} holds the
 * scratch space so that repeated calls allocate nothing.
 */
public final class MatrixFunctions {
    private MatrixFunctions() {
    }

    /** Scratch space for one matrix size; one per thread. */
    public static final class Workspace {
        final int n;
        final DMatrixRMaj a;
        final DMatrixRMaj b;
        final DMatrixRMaj c;
        final LUDecompositionAlt_DDRM lu;
        final LinearSolverLu_DDRM solver;
        final boolean[] seen;

        public Workspace(int n) {
            this.n = n;
            this.a = new DMatrixRMaj(n, n);
            this.b = new DMatrixRMaj(n, n);
            this.c = new DMatrixRMaj(n, n);
            this.lu = new LUDecompositionAlt_DDRM();
            this.solver = new LinearSolverLu_DDRM(lu);
            this.seen = new boolean[n];
        }
    }

    /**
     * Writes the inverse of {@code m} into {@code out} (may be the same array). A singular
     * matrix gives non-finite values, which training reports as divergence.
     */
    public static void invert(double[] m, int n, double[] out, Workspace ws) {
        System.arraycopy(m, 0, ws.a.data, 0, n * n);
        if (!ws.solver.setA(ws.a)) {
            java.util.Arrays.fill(out, 0, n * n, Double.NaN);
            return;
        }
        ws.solver.invert(ws.b);
        System.arraycopy(ws.b.data, 0, out, 0, n * n);
    }

    /**
     * {@code ln det m}; NaN unless the determinant is positive (a log-determinant in an
     * energy is of a positive definite matrix).
     */
    public static double logDeterminant(double[] m, int n, Workspace ws) {
        System.arraycopy(m, 0, ws.a.data, 0, n * n);
        if (!ws.lu.decompose(ws.a)) {
            return Double.NaN;
        }
        double[] lu = ws.lu.getLU().data;
        double logAbs = 0;
        boolean negative = permutationIsOdd(ws.lu.getPivot(), n, ws.seen);
        for (int i = 0; i < n; i++) {
            double d = lu[i * n + i];
            if (d == 0) {
                return Double.NaN;
            }
            negative ^= d < 0;
            logAbs += Math.log(Math.abs(d));
        }
        return negative ? Double.NaN : logAbs;
    }

    private static boolean permutationIsOdd(int[] pivot, int n, boolean[] seen) {
        java.util.Arrays.fill(seen, false);
        boolean odd = false;
        for (int i = 0; i < n; i++) {
            if (seen[i]) {
                continue;
            }
            int len = 0;
            for (int j = i; !seen[j]; j = pivot[j]) {
                seen[j] = true;
                len++;
            }
            odd ^= (len % 2) == 0;
        }
        return odd;
    }

    public static double trace(double[] m, int n) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += m[i * n + i];
        }
        return t;
    }

    /**
     * The adjoint of {@code T = inv(M)}: given {@code T} and {@code dT = dL/dT}, adds
     * {@code dL/dM = -T' dT T'} into {@code dM}.
     */
    public static void addInverseAdjoint(double[] t, double[] dT, int n, double[] dM, Workspace ws) {
        System.arraycopy(t, 0, ws.a.data, 0, n * n);
        System.arraycopy(dT, 0, ws.b.data, 0, n * n);
        // c = T' dT, then b = c T'
        CommonOps_DDRM.multTransA(ws.a, ws.b, ws.c);
        CommonOps_DDRM.multTransB(ws.c, ws.a, ws.b);
        for (int i = 0; i < n * n; i++) {
            dM[i] -= ws.b.data[i];
        }
    }

    /** The adjoint of {@code ln det M}: adds {@code up * inv(M)'} into {@code dM}. */
    public static void addLogDeterminantAdjoint(double[] m, int n, double up, double[] dM, Workspace ws) {
        invert(m, n, ws.c.data, ws);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dM[i * n + j] += up * ws.c.data[j * n + i];
            }
        }
    }

    /** The adjoint of {@code trace M}: adds {@code up} to the diagonal of {@code dM}. */
    public static void addTraceAdjoint(int n, double up, double[] dM) {
        for (int i = 0; i < n; i++) {
            dM[i * n + i] += up;
        }
    }
}
