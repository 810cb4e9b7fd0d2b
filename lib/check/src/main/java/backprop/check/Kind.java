package backprop.check;

import java.util.Locale;

/** The kinds of question an exercise can ask. */
public enum Kind {
    /** One number, or a few, each to a number of decimals. */
    NUMBER,
    /** An expression in the question's variables, compared by its values at many points. */
    FORMULA,
    /** One of a few labelled options. */
    CHOICE,
    /** Code the student writes, run against test cases (some of them hidden). */
    CODE;

    /** The name used in answer keys: "number", "formula", "choice", "code". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind with this {@link #id()}; an unknown id fails, naming the four. */
    public static Kind fromId(String id) {
        for (Kind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown question kind '" + id
                + "': use number, formula, choice or code");
    }
}
