package backprop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class list, as the learning platform exports it: a CSV file with a header line naming at
 * least the columns name, id, login and section (in any order, any case; Canvas's own names
 * Student, ID, SIS Login ID and Section are understood too). Every student has an id and a login,
 * each unique.
 *
 * <p>A submission is matched to a student by its {@link Claim}: a Canvas user id to the id, a
 * Moodle full name to the name, any other name to the login (letter case aside).
 */
final class Roster {

    /** One student of the class. */
    record Student(String name, String id, String login, String section) {
    }

    /** Column names understood for each field. */
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "name", List.of("name", "student", "full name"),
            "id", List.of("id", "student id", "user id"),
            "login", List.of("login", "username", "sis login id"),
            "section", List.of("section"));

    private final List<Student> students;
    private final Map<String, Student> byId = new HashMap<>();
    private final Map<String, Student> byLogin = new HashMap<>();
    private final Map<String, Student> byName = new HashMap<>();

    private Roster(List<Student> students) {
        this.students = List.copyOf(students);
        for (Student s : students) {
            byId.put(s.id(), s);
            byLogin.put(s.login().toLowerCase(Locale.ROOT), s);
            byName.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s);
        }
    }

    List<Student> students() {
        return students;
    }

    /** Reads a roster; a bad line is named with its number and what is wrong with it. */
    static Roster read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: a roster needs a header line "
                    + "(name,id,login,section) and a line per student");
        }
        List<String> header = Csv.parse(lines.get(0).replace("\uFEFF", ""));
        Map<String, Integer> at = columns(file, header);
        List<Student> students = new ArrayList<>();
        Map<String, Integer> idLine = new HashMap<>();
        Map<String, Integer> loginLine = new HashMap<>();
        for (int n = 2; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = Csv.parse(line);
            String where = file.getFileName() + " line " + n;
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(where + " has " + cells.size() + " fields, the header "
                        + header.size());
            }
            Student s = new Student(cells.get(at.get("name")).trim(), cells.get(at.get("id")).trim(),
                    cells.get(at.get("login")).trim(), cells.get(at.get("section")).trim());
            if (s.id().isEmpty() || s.login().isEmpty()) {
                throw new IllegalArgumentException(where + " has no " + (s.id().isEmpty() ? "id" : "login"));
            }
            Integer before = idLine.put(s.id(), n);
            if (before != null) {
                throw new IllegalArgumentException(where + " repeats the id " + s.id() + " of line " + before);
            }
            before = loginLine.put(s.login().toLowerCase(Locale.ROOT), n);
            if (before != null) {
                throw new IllegalArgumentException(where + " repeats the login " + s.login() + " of line " + before);
            }
            students.add(s);
        }
        return new Roster(students);
    }

    private static Map<String, Integer> columns(Path file, List<String> header) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> field : COLUMNS.entrySet()) {
            for (int i = 0; i < header.size(); i++) {
                if (field.getValue().contains(header.get(i).trim().toLowerCase(Locale.ROOT))) {
                    at.putIfAbsent(field.getKey(), i);
                }
            }
        }
        for (String field : List.of("name", "id", "login", "section")) {
            if (!at.containsKey(field)) {
                throw new IllegalArgumentException(file.getFileName() + " line 1 has no column '" + field
                        + "' (it has: " + String.join(", ", header) + ")");
            }
        }
        return at;
    }

    /** The student a claim names, or null. */
    Student match(Claim claim) {
        if (!claim.lmsId().isEmpty()) {
            return byId.get(claim.lmsId());
        }
        if (!claim.name().isEmpty()) {
            return byName.get(claim.name().toLowerCase(Locale.ROOT));
        }
        Student s = byLogin.get(claim.login().toLowerCase(Locale.ROOT));
        return s != null ? s : byId.get(claim.login());
    }
}
