package backprop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./lab gradebook}: the course's gradebook, shown and exported.
 *
 * <pre>
 * gradebook [--gradebook DIR] [--solutions DIR] [--roster CSV] show
 * gradebook … history STUDENT
 * gradebook … export canvas|moodle|sheet FILE [--canvas-ids CSV]
 * </pre>
 * {@code --canvas-ids} names a CSV of {@code exercise,assignment id} lines: Canvas matches a
 * column to its assignment by the id in parentheses (without one, the exercise's name stands there).
 */
public final class GradebookCommands {

    private GradebookCommands() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("gradebook: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        Path dir = Path.of("gradebook");
        Path solutions = Path.of("solutions");
        Path roster = null;
        Path canvasIds = null;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gradebook" -> dir = Path.of(value(args, ++i));
                case "--solutions" -> solutions = Path.of(value(args, ++i));
                case "--roster" -> roster = Path.of(value(args, ++i));
                case "--canvas-ids" -> canvasIds = Path.of(value(args, ++i));
                default -> words.add(args[i]);
            }
        }
        Gradebook book = Gradebook.open(dir);
        Roster r = roster == null ? null : Roster.read(roster);
        String command = words.isEmpty() ? "show" : words.get(0);
        switch (command) {
            case "show" -> show(book, columns(solutions, canvasIds), r);
            case "history" -> history(book, word(words, 1, "history needs a student's login"));
            case "export" -> {
                String format = word(words, 1, "export needs a format: canvas, moodle or sheet");
                Path file = Path.of(word(words, 2, "export needs the file to write"));
                List<Exports.Column> cols = columns(solutions, canvasIds);
                String text = switch (format) {
                    case "canvas" -> Exports.canvas(book, r, cols);
                    case "moodle" -> Exports.moodle(book, r, cols);
                    case "sheet" -> Exports.sheet(book, r, cols);
                    default -> throw new IllegalArgumentException("unknown export format '" + format
                            + "': canvas, moodle or sheet");
                };
                Files.writeString(file, text, StandardCharsets.UTF_8);
                System.out.println("Wrote " + file + " (" + format + ", " + (text.split("\n").length - 1)
                        + " lines after the header).");
            }
            default -> throw new IllegalArgumentException("unknown command '" + command
                    + "': show, history STUDENT or export FORMAT FILE");
        }
    }

    private static void show(Gradebook book, List<Exports.Column> columns, Roster roster) {
        System.out.print(Exports.sheet(book, roster, columns));
    }

    private static void history(Gradebook book, String student) throws IOException {
        List<Gradebook.Replaced> earlier = book.history(student);
        for (Gradebook.Replaced r : earlier) {
            System.out.println(r.replacedAt() + " replaced: " + r.entry().exercise() + " "
                    + Reports.number(r.entry().points()) + " / " + Reports.number(r.entry().max())
                    + " (" + r.entry().file() + ", graded " + r.entry().gradedAt() + ")");
        }
        if (earlier.isEmpty()) {
            System.out.println("No grade of " + student + " has been replaced.");
        }
    }

    /** The course's exercises as export columns: title and points from each answer key. */
    static List<Exports.Column> columns(Path solutions, Path canvasIds) throws IOException {
        Map<String, String> ids = new HashMap<>();
        if (canvasIds != null) {
            for (String line : Files.readAllLines(canvasIds, StandardCharsets.UTF_8)) {
                List<String> f = Csv.parse(line);
                if (f.size() == 2 && !f.get(0).isBlank()) {
                    ids.put(f.get(0).trim(), f.get(1).trim());
                }
            }
        }
        List<Exports.Column> out = new ArrayList<>();
        for (String name : Exercise.names(solutions)) {
            AnswerKey key = Exercise.read(solutions, name).key();
            out.add(new Exports.Column(name, key.title(), key.totalPoints(), ids.getOrDefault(name, "")));
        }
        return out;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static String word(List<String> words, int i, String missing) {
        if (i >= words.size()) {
            throw new IllegalArgumentException(missing);
        }
        return words.get(i);
    }
}
