package backprop.check;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Salted fingerprints of answers: what an exercise notebook holds instead of the answers.
 *
 * <p>A fingerprint is the start of the SHA-256 hash of a salt (the exercise and the question) and
 * the answer written in one canonical way: a number rounded to the question's decimals, a formula's
 * value at a point to six significant digits, a choice in capitals. The same answer always gives
 * the same fingerprint, so a notebook can tell a right answer from a wrong one without knowing the
 * right one. (Answers from a small set, such as a choice among four, can still be found by
 * trying them all: the fingerprints keep answers out of sight, they are not a safe.)
 */
public final class Fingerprint {

    /** Hex digits kept from the hash: 64 bits, plenty to make accidental matches impossible. */
    private static final int LENGTH = 16;

    /** Relative nudge used to find the other side of a rounding boundary. */
    private static final double NUDGE = 1e-8;

    /** Values closer to 0 than this count as 0 in formulas (they are rounding noise). */
    private static final double ZERO = 1e-10;

    private Fingerprint() {
    }

    /** The salt for one question of one exercise: the same answer fingerprints differently elsewhere. */
    public static String salt(String exercise, String questionId) {
        return exercise + "/" + questionId;
    }

    /** The fingerprint of a canonical text under a salt. */
    public static String of(String salt, String canonical) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest((salt + "\n" + canonical).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < LENGTH / 2; i++) {
                hex.append(String.format("%02x", hash[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    // ---- numbers -------------------------------------------------------------------------------

    /** A student's number rounded to {@code decimals} places, half away from zero: "2.081". */
    public static String rounded(double value, int decimals) {
        return plain(BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP));
    }

    /**
     * The roundings a key accepts: the grid values just below and just above it, so that both the
     * rounded 2.081 and the truncated 2.080 pass for 2.0809 to three decimals (one value when the
     * key lies on the grid).
     */
    public static Set<String> acceptedRoundings(double key, int decimals) {
        BigDecimal exact = BigDecimal.valueOf(key);
        Set<String> out = new LinkedHashSet<>();
        out.add(plain(exact.setScale(decimals, RoundingMode.FLOOR)));
        out.add(plain(exact.setScale(decimals, RoundingMode.CEILING)));
        return out;
    }

    private static String plain(BigDecimal d) {
        String s = d.toPlainString();
        // -0.000 and 0.000 are the same answer.
        return d.signum() == 0 ? s.replace("-", "") : s;
    }

    // ---- values of formulas ----------------------------------------------------------------------

    /**
     * A value to six significant digits, and, when it lies within a hair of a rounding boundary,
     * the rounding on the other side too: two equivalent formulas differ in their last bits, and
     * must not land on different sides of a boundary by accident.
     */
    public static Set<String> significant(double value) {
        Set<String> out = new LinkedHashSet<>();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            out.add(String.valueOf(value));
            return out;
        }
        for (double v : new double[] {value, value * (1 + NUDGE), value * (1 - NUDGE)}) {
            out.add(Math.abs(v) < ZERO ? "0" : String.format(Locale.ROOT, "%.5e", v));
        }
        if (Math.abs(value) < 2 * ZERO) {
            out.add("0");
        }
        return out;
    }

    // ---- choices ---------------------------------------------------------------------------------

    /** A choice as written, trimmed and in capitals: " b " and "B" are the same answer. */
    public static String choice(String answer) {
        return answer == null ? "" : answer.strip().toUpperCase(Locale.ROOT);
    }
}
