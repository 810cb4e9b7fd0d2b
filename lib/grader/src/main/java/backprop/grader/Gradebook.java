package backprop.grader;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The course's grades: one entry per student and exercise, kept in a folder of its own
 * ({@code gradebook/} beside the project, never under build/, which {@code ./lab clean} removes).
 *
 * <ul>
 *   <li>{@code gradebook.json}: every current entry, by exercise, then student;</li>
 *   <li>{@code history.jsonl}: every entry ever replaced, one JSON line each, with when.</li>
 * </ul>
 * Grading adds entries or replaces a student's entry for an exercise; nothing else of the
 * gradebook changes, and the entry replaced goes to the history first. A notebook the grader
 * could not grade (no healthy kernel) never replaces a grade. The files are replaced whole
 * (written beside, then renamed), under a lock, so an interrupted or concurrent run cannot leave
 * half a gradebook.
 */
final class Gradebook {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One student's grade for one exercise: who (roster fields, "" without a roster), the points,
     * each question's grade, the file graded, when, and the answer key's fingerprint.
     */
    record Entry(String student, String name, String id, String section, String exercise, double points,
                 double max, List<Outcome.Question> questions, String file, String gradedAt, String key,
                 Provenance replay) {

        Entry withTime(String time) {
            return new Entry(student, name, id, section, exercise, points, max, questions, file, time, key, replay);
        }
    }

    /**
     * Where the gradebook keeps a copy of each graded notebook, by its SHA-256, so that a grade
     * can be made again ({@code ./lab grade --replay STUDENT}) from exactly what was graded.
     */
    static Path submissions(Path dir) {
        return dir.resolve("submissions");
    }

    /** Keeps a copy of a graded notebook's bytes (once: the name is their SHA-256). */
    static void keep(Path dir, String sha, byte[] bytes) throws IOException {
        Path folder = submissions(dir);
        Files.createDirectories(folder);
        Path file = folder.resolve(sha + ".ipynb");
        if (!Files.exists(file)) {
            Path next = Files.createTempFile(folder, sha, ".tmp");
            Files.write(next, bytes);
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** One replaced entry in the history. */
    record Replaced(String replacedAt, Entry entry) {
    }

    /** What entering a run changed: the entries added, and the entries replaced. */
    record Changes(List<Entry> added, List<Entry> replaced) {
        boolean none() {
            return added.isEmpty() && replaced.isEmpty();
        }
    }

    private final Path dir;
    /** exercise → student → entry, sorted so the file reads the same way each time. */
    private final Map<String, Map<String, Entry>> grades;

    private Gradebook(Path dir, Map<String, Map<String, Entry>> grades) {
        this.dir = dir;
        this.grades = grades;
    }

    /** The gradebook in {@code dir} (empty if it has none yet). */
    static Gradebook open(Path dir) throws IOException {
        Path file = dir.resolve("gradebook.json");
        Map<String, Map<String, Entry>> grades = new TreeMap<>();
        if (Files.exists(file)) {
            try {
                Map<String, Map<String, Entry>> read = JSON.readValue(file.toFile(), new TypeReference<>() {
                });
                read.forEach((ex, byStudent) -> grades.put(ex, new TreeMap<>(byStudent)));
            } catch (IOException e) {
                throw new IOException(file + " cannot be read (" + e.getMessage() + "); it is left as it is. "
                        + "Restore it from a copy, or move it away to start a new gradebook", e);
            }
        }
        return new Gradebook(dir, grades);
    }

    Entry get(String exercise, String student) {
        return grades.getOrDefault(exercise, Map.of()).get(student);
    }

    /** Every entry, by exercise and student. */
    List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        grades.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /**
     * Enters new entries and saves: each adds a grade or replaces the student's grade for that
     * exercise (the old one goes to the history); an entry equal to the one there, apart from when
     * it was graded, changes nothing.
     */
    Changes enter(List<Entry> entries, String now) throws IOException {
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
            Gradebook current = open(dir); // another run may have saved since this one opened it
            grades.clear();
            grades.putAll(current.grades);
            List<Entry> added = new ArrayList<>();
            List<Entry> replaced = new ArrayList<>();
            List<String> history = new ArrayList<>();
            for (Entry e : entries) {
                Map<String, Entry> byStudent = grades.computeIfAbsent(e.exercise(), k -> new TreeMap<>());
                Entry before = byStudent.get(e.student());
                if (before != null && sameApartFromTime(before, e)) {
                    continue;
                }
                byStudent.put(e.student(), e);
                if (before == null) {
                    added.add(e);
                } else {
                    replaced.add(before);
                    history.add(JSON.copy().disable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(new Replaced(now, before)));
                }
            }
            if (!history.isEmpty()) {
                Files.writeString(dir.resolve("history.jsonl"), String.join("\n", history) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (!added.isEmpty() || !replaced.isEmpty()) {
                Path next = dir.resolve("gradebook.json.next");
                JSON.writeValue(next.toFile(), grades);
                Files.move(next, dir.resolve("gradebook.json"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            return new Changes(added, replaced);
        }
    }

    private static boolean sameApartFromTime(Entry a, Entry b) {
        return a.withTime("").equals(b.withTime(""));
    }

    /** The replaced entries of one student, oldest first. */
    List<Replaced> history(String student) throws IOException {
        Path file = dir.resolve("history.jsonl");
        List<Replaced> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    Replaced r = JSON.readValue(line, Replaced.class);
                    if (r.entry().student().equals(student)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
