package backprop.fast;

/**
 * The three phases of a mini-batch in {@link Engine}, in order. Each is cut into two parts
 * ({@link Part}), which the two threads of a {@link Crew} can take one each.
 */
enum Phase {
    /** z^1 = w^1 x + b^1, by rows of w^1: the biggest product. */
    FIRST_LAYER,
    /** The rest of the forward pass, BP1 and BP2, by examples (they do not depend on each other). */
    FORWARD_AND_BACK,
    /** BP3, BP4 and the step, by rows of every w^l and b^l, from the δ and a of all examples. */
    UPDATE
}
