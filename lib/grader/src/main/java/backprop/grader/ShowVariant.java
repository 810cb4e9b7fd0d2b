package backprop.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lab variant EXERCISE LOGIN}: one student's numbers of a varied exercise and the answers
 * the grader expects for them, for the instructor (a student who asks about their grade, a
 * regrade by hand).
 *
 * <pre>
 * variant [--solutions DIR] [--secret FILE] EXERCISE LOGIN      (LOGIN "default": the course's numbers)
 * </pre>
 */
public final class ShowVariant {

    private ShowVariant() {
    }

    public static void main(String[] args) throws IOException {
        Path solutions = Path.of("solutions");
        Path secretFile = Secret.file(Path.of(""));
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--solutions" -> solutions = Path.of(args[++i]);
                case "--secret" -> secretFile = Path.of(args[++i]);
                default -> rest.add(args[i]);
            }
        }
        if (rest.size() != 2) {
            System.err.println("usage: ./lab variant EXERCISE LOGIN   (LOGIN default: the course's own numbers)");
            System.exit(2);
        }
        try {
            show(Exercise.read(solutions, rest.get(0)), rest.get(1), Secret.read(secretFile), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("variant: " + e.getMessage());
            System.exit(2);
        }
    }

    static void show(Exercise ex, String login, String secret, PrintStream out) {
        AnswerKey key = ex.key();
        if (!key.isVaried()) {
            throw new IllegalArgumentException(ex.name() + " is not varied: every student has the same numbers");
        }
        boolean course = login.equals(Variants.DEFAULT);
        if (!course && secret == null) {
            throw new IllegalArgumentException("no instructor's secret (secret/variant-secret or $" + Secret.ENV
                    + "): without it no student's numbers can be told");
        }
        Variants.Variant v = key.variants().draw(course ? Variants.DEFAULT : Variants.seed(secret, ex.name(), login), key);
        out.println(ex.name() + " for " + (course ? "the default numbers" : login) + " (variant " + v.seed() + ")");
        out.print("  numbers:");
        v.numbers().forEach((n, x) -> out.print(" " + n + " = " + Variants.Answers.plain(x)));
        out.println();
        Map<String, Double> q = key.variants().quantities(v);
        for (AnswerKey.Question question : key.questions()) {
            if (question.quantity() != null) {
                List<String> values = new ArrayList<>();
                List<String> accepted = new ArrayList<>();
                for (String name : question.quantity()) {
                    values.add(String.valueOf(q.get(name)));
                    accepted.add(String.join(" or ",
                            backprop.check.Fingerprint.acceptedRoundings(q.get(name), question.decimals())));
                }
                out.printf("  %-12s %s   (%d decimals: %s)%n", question.id(), String.join(", ", values),
                        question.decimals(), String.join("; ", accepted));
            }
        }
    }
}
