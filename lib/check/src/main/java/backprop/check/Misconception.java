package backprop.check;

import java.util.ArrayList;
import java.util.List;

/**
 * The mistakes in backpropagation that the checks recognise by their fingerprint on the values
 * (see {@link Diagnosis}). Each has a phrase that its feedback always contains, by which the
 * instructor's class report counts it.
 */
public enum Misconception {
    /** δ without the factor σ′(z): δ^L = a^L − y, or δ^l = (w^(l+1))ᵀ δ^(l+1) (BP1, BP2). */
    SIGMA_PRIME_MISSING("σ′ missing", "without σ′"),
    /** The factor σ′(z) taken twice: (a^L − y) ⊙ σ′(z^L) ⊙ σ′(z^L) (BP1, BP2). */
    SIGMA_PRIME_TWICE("σ′ applied twice", "σ′ applied twice"),
    /** σ(z) where σ′(z) belongs: (a^L − y) ⊙ σ(z^L) (BP1, BP2). */
    SIGMA_FOR_SIGMA_PRIME("σ(z) used for σ′(z)", "where σ′("),
    /** w^(l+1) δ^(l+1) where (w^(l+1))ᵀ δ^(l+1) belongs (BP2). */
    W_NOT_TRANSPOSED("w instead of wᵀ in BP2", ")ᵀ belongs"),
    /** ∂C/∂w^l = δ^l (a^l)ᵀ, the layer's own activation where a^(l−1) belongs (BP4). */
    ACTIVATION_OF_THE_LAYER("a^l instead of a^(l−1) in BP4", ", the activation feeding"),
    /** w − η Σ ∂C/∂w: the mini-batch's sum not divided by its size m (the update). */
    SUM_NOT_DIVIDED("mini-batch sum not divided by m", "not divided by m"),
    /** w + (η/m) Σ ∂C/∂w: a step up the gradient instead of down (the update). */
    GRADIENT_ADDED("gradient added instead of subtracted", "added where it must be subtracted"),
    /** δ^L = (z^L − y) ⊙ σ′(z^L): z^L used where a^L belongs (BP1). */
    DELTA_FROM_Z("δ from z where a belongs", "from z where a belongs");

    private final String title;
    private final String phrase;

    Misconception(String title, String phrase) {
        this.title = title;
        this.phrase = phrase;
    }

    /** Its name for the instructor: "w instead of wᵀ in BP2". */
    public String title() {
        return title;
    }

    /** What every feedback naming it contains. */
    public String phrase() {
        return phrase;
    }

    /** The misconceptions a feedback names. */
    public static List<Misconception> in(String feedback) {
        List<Misconception> out = new ArrayList<>();
        if (feedback != null) {
            for (Misconception m : values()) {
                if (feedback.contains(m.phrase)) {
                    out.add(m);
                }
            }
        }
        return out;
    }
}
