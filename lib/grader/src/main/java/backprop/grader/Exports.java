package backprop.grader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gradebook in the forms instructors import elsewhere, one file each:
 * <ul>
 *   <li>{@link #canvas}: Canvas's gradebook CSV: Student, ID, SIS User ID, SIS Login ID, Section,
 *       then a column per exercise headed "Title (id)", after a "Points Possible" line;</li>
 *   <li>{@link #moodle}: Moodle's grade import CSV: the user's username, ID number and email
 *       address (to map on import), then a column per exercise headed by its title;</li>
 *   <li>{@link #sheet}: one sheet for the course: a line per student, a column per exercise and
 *       the total.</li>
 * </ul>
 * Students come from the roster when there is one (a student without a grade gets an empty
 * field, never a silent 0), else from the gradebook.
 */
final class Exports {

    /** An exercise as the exports head it: its id, its title, its points, its LMS id if known. */
    record Column(String exercise, String title, double max, String lmsId) {
    }

    private Exports() {
    }

    static String canvas(Gradebook book, Roster roster, List<Column> columns) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section"));
        List<String> possible = new ArrayList<>(List.of("    Points Possible", "", "", "", ""));
        for (Column c : columns) {
            header.add(c.title() + " (" + (c.lmsId().isEmpty() ? c.exercise() : c.lmsId()) + ")");
            possible.add(Reports.number(c.max()));
        }
        out.append(Csv.line(header)).append(Csv.line(possible));
        for (Roster.Student s : students(book, roster)) {
            List<String> row = new ArrayList<>(List.of(s.name(), s.id(), "", s.login(), s.section()));
            row.addAll(points(book, s, columns));
            out.append(Csv.line(row));
        }
        return out.toString();
    }

    static String moodle(Gradebook book, Roster roster, List<Column> columns) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("Username", "ID number", "Email address"));
        columns.forEach(c -> header.add(c.title()));
        out.append(Csv.line(header));
        for (Roster.Student s : students(book, roster)) {
            List<String> row = new ArrayList<>(List.of(s.login(), s.id(), ""));
            row.addAll(points(book, s, columns));
            out.append(Csv.line(row));
        }
        return out.toString();
    }

    static String sheet(Gradebook book, Roster roster, List<Column> columns) {
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("student", "name", "id", "section"));
        columns.forEach(c -> header.add(c.exercise()));
        header.add("total");
        header.add("max");
        out.append(Csv.line(header));
        double max = columns.stream().mapToDouble(Column::max).sum();
        for (Roster.Student s : students(book, roster)) {
            List<String> row = new ArrayList<>(List.of(s.login(), s.name(), s.id(), s.section()));
            double total = 0;
            for (Column c : columns) {
                Gradebook.Entry e = book.get(c.exercise(), s.login());
                row.add(e == null ? "" : Reports.number(e.points()));
                total += e == null ? 0 : e.points();
            }
            row.add(Reports.number(total));
            row.add(Reports.number(max));
            out.append(Csv.line(row));
        }
        return out.toString();
    }

    private static List<String> points(Gradebook book, Roster.Student s, List<Column> columns) {
        List<String> out = new ArrayList<>();
        for (Column c : columns) {
            Gradebook.Entry e = book.get(c.exercise(), s.login());
            out.add(e == null ? "" : Reports.number(e.points()));
        }
        return out;
    }

    /** The roster's students, or, without one, every student of the gradebook. */
    private static List<Roster.Student> students(Gradebook book, Roster roster) {
        if (roster != null) {
            return roster.students();
        }
        Map<String, Roster.Student> seen = new LinkedHashMap<>();
        for (Gradebook.Entry e : book.entries()) {
            seen.putIfAbsent(e.student(), new Roster.Student(e.name(), e.id(), e.student(), e.section()));
        }
        List<Roster.Student> out = new ArrayList<>(seen.values());
        out.sort(java.util.Comparator.comparing(Roster.Student::login));
        return out;
    }
}
