package backprop.check;

import backprop.Matrix;

/**
 * What a backpropagation written in an exercise computes for one example, kept so that each
 * equation can be checked on its own: for each layer l = 1 … L,
 *
 * <pre>
 * z[l]      = w^l a^(l−1) + b^l         (the forward pass; a[0] is the input x)
 * a[l]      = σ(z[l])
 * delta[l]  = δ^l = ∂C/∂z^l             (BP1 for l = L, BP2 below it)
 * nablaB[l] = ∂C/∂b^l                   (BP3)
 * nablaW[l] = ∂C/∂w^l                   (BP4)
 * </pre>
 *
 * Index 0 of z, delta, nablaB and nablaW is not used, so that index l is layer l as in the
 * equations.
 */
public final class Steps {

    /** z[l] = w^l a^(l−1) + b^l, the weighted inputs of layer l (z[0] unused). */
    public final Matrix[] z;
    /** a[l] = σ(z[l]), the activations of layer l; a[0] is the input x. */
    public final Matrix[] a;
    /** delta[l] = δ^l = ∂C/∂z^l, the error of layer l (delta[0] unused). */
    public final Matrix[] delta;
    /** nablaB[l] = ∂C/∂b^l = δ^l (BP3; nablaB[0] unused). */
    public final Matrix[] nablaB;
    /** nablaW[l] = ∂C/∂w^l = δ^l (a^(l−1))ᵀ (BP4; nablaW[0] unused). */
    public final Matrix[] nablaW;

    /** Room for a network of {@code depth} layers, with a[0] = x. */
    public Steps(int depth, Matrix x) {
        if (depth < 1) {
            throw new IllegalArgumentException("a network has at least one layer, got depth " + depth);
        }
        z = new Matrix[depth + 1];
        a = new Matrix[depth + 1];
        delta = new Matrix[depth + 1];
        nablaB = new Matrix[depth + 1];
        nablaW = new Matrix[depth + 1];
        a[0] = x;
    }

    /** The number of layers L. */
    public int depth() {
        return z.length - 1;
    }
}
