package backprop.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the grader writes as its output folder (a new one each run, see {@link #write}):
 * <ul>
 *   <li>{@code grades.csv}: one line per submission and question (points, result, reason, file);</li>
 *   <li>{@code NN-topic.csv}: one line per submission with a column per question, the total and the file;</li>
 *   <li>{@code grades.json}: everything, including each case of the code questions;</li>
 *   <li>{@code feedback/NN-topic/STUDENT.html}: a page for each submission (see {@link #pages});</li>
 *   <li>{@code class-report.md} and {@code class-report.html}: the instructor's page on the whole
 *       class (see {@link ClassReport}).</li>
 * </ul>
 * Everything that came from a submission is escaped in the pages: it is never trusted as HTML.
 */
final class Reports {

    private Reports() {
    }

    /**
     * Writes a run's reports as the folder {@code out}, which the grader owns: they are written
     * into a new folder beside it ({@code OUT.tmp-…}) that then takes the place of {@code out}, and
     * the earlier run's folder is kept as {@code OUT.previous} (replacing the one before). So the
     * folder holds this run's files and nothing else: no page of an earlier run, and no file that
     * anything else (a submission's code, while it ran) put there.
     */
    static void write(Path out, List<Outcome> outcomes) throws IOException {
        write(out, outcomes, Map.of());
    }

    /** As {@link #write(Path, List)}, with more files of the run ({@code name → text}) beside them. */
    static void write(Path out, List<Outcome> outcomes, Map<String, String> more) throws IOException {
        checkOutput(out);
        Path folder = out.toAbsolutePath().normalize();
        Path fresh = Files.createTempDirectory(folder.getParent(), folder.getFileName() + ".tmp-");
        try {
            writeInto(fresh, outcomes);
            for (Map.Entry<String, String> f : more.entrySet()) {
                Files.writeString(fresh.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException | RuntimeException e) {
            deleteTree(fresh);
            throw e;
        }
        Path previous = previous(folder);
        deleteTree(previous);
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(folder, previous, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(fresh, folder, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Refuses an output folder the grader does not own: one that holds files but no grades.json
     * (so not an earlier run's), or that is not a folder; {@code OUT.previous} likewise. Grade
     * calls it before grading, so that a mistyped {@code --out} costs no time.
     */
    static void checkOutput(Path out) throws IOException {
        Path folder = out.toAbsolutePath().normalize();
        if (folder.getParent() == null) {
            throw new IllegalArgumentException("--out " + out + ": the grades need a folder of their own");
        }
        for (Path p : List.of(folder, previous(folder))) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(p + " is not a folder: name another with --out");
            }
            boolean empty;
            try (Stream<Path> files = Files.list(p)) {
                empty = files.findAny().isEmpty();
            }
            if (!empty && !Files.isRegularFile(p.resolve("grades.json"), LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(p + " holds files but no grades.json, so not grades of "
                        + "an earlier run; the grader replaces its output folder as a whole: name another "
                        + "with --out");
            }
        }
    }

    /** Where the run before is kept: {@code OUT.previous}, beside the output folder. */
    static Path previous(Path out) {
        Path folder = out.toAbsolutePath().normalize();
        return folder.resolveSibling(folder.getFileName() + ".previous");
    }

    /** Deletes a folder and everything in it, links as links (never what they point to). */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void writeInto(Path out, List<Outcome> outcomes) throws IOException {
        List<Outcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Outcome.ORDER);
        Files.writeString(out.resolve("grades.csv"), longCsv(sorted), StandardCharsets.UTF_8);
        Map<String, List<Outcome>> byExercise = new LinkedHashMap<>();
        sorted.forEach(o -> byExercise.computeIfAbsent(o.exercise(), k -> new ArrayList<>()).add(o));
        byExercise.remove(Grader.UNKNOWN);
        for (var e : byExercise.entrySet()) {
            Files.writeString(out.resolve(e.getKey() + ".csv"), wideCsv(e.getValue()), StandardCharsets.UTF_8);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("grades.json").toFile(), sorted);
        Files.writeString(out.resolve("class-report.md"), ClassReport.markdown(sorted), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("class-report.html"), ClassReport.html(sorted), StandardCharsets.UTF_8);
        List<String> pages = pages(sorted);
        for (int i = 0; i < sorted.size(); i++) {
            Path page = out.resolve("feedback").resolve(pages.get(i));
            Files.createDirectories(page.getParent());
            Files.writeString(page, html(sorted.get(i)), StandardCharsets.UTF_8);
        }
    }

    /**
     * Each outcome's feedback page (in the order given), a path under {@code feedback/}:
     * {@code EXERCISE/STUDENT.html}, or, where two outcomes would share that name (a student who
     * handed in twice), {@code EXERCISE/STUDENT--FILE.html} for each of them, FILE being the
     * submission's path with its folders joined by "_".
     */
    static List<String> pages(List<Outcome> outcomes) {
        Map<String, Integer> uses = new HashMap<>();
        outcomes.forEach(o -> uses.merge(o.exercise() + "/" + safe(o.student()), 1, Integer::sum));
        Set<String> taken = new HashSet<>();
        List<String> pages = new ArrayList<>();
        for (Outcome o : outcomes) {
            String base = o.exercise() + "/" + safe(o.student());
            if (uses.get(base) > 1) {
                base += "--" + safe(o.file().replaceFirst("\\.ipynb$", "").replace('/', '_'));
            }
            String page = base + ".html";
            for (int n = 2; !taken.add(page); n++) {
                page = base + "-" + n + ".html";
            }
            pages.add(page);
        }
        return pages;
    }

    static String longCsv(List<Outcome> outcomes) {
        StringBuilder csv = new StringBuilder("student,exercise,question,points,max,result,reason,file\n");
        for (Outcome o : outcomes) {
            if (o.questions().isEmpty()) { // not gradable at all: say why on one line
                csv.append(String.join(",", cell(o.student()), cell(o.exercise()), "", "0", "0", "error",
                        cell(String.join("; ", o.notes())), cell(o.file()))).append('\n');
            }
            for (Outcome.Question q : o.questions()) {
                csv.append(String.join(",", cell(o.student()), cell(o.exercise()), cell(q.id()),
                        number(q.points()), number(q.max()), cell(q.result()), cell(q.message()),
                        cell(o.file()))).append('\n');
            }
        }
        return csv.toString();
    }

    static String wideCsv(List<Outcome> outcomes) {
        List<String> ids = outcomes.get(0).questions().stream().map(Outcome.Question::id).toList();
        StringBuilder csv = new StringBuilder("student");
        ids.forEach(id -> csv.append(',').append(cell(id)));
        csv.append(",total,max,file\n");
        for (Outcome o : outcomes) {
            csv.append(cell(o.student()));
            o.questions().forEach(q -> csv.append(',').append(number(q.points())));
            csv.append(',').append(number(o.points())).append(',').append(number(o.max()))
                    .append(',').append(cell(o.file())).append('\n');
        }
        return csv.toString();
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    private static String cell(String s) {
        return Csv.field(s);
    }

    static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String safe(String student) {
        return student.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String html(Outcome o) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
                .append("<title>").append(esc(o.exercise() + " · " + o.student())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}")
                .append("table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;text-align:left;vertical-align:top}")
                .append(".right{color:#1a7f37}.wrong,.error,.notanswered{color:#b42318}.partlyright{color:#9a6700}")
                .append("ul{margin:.3rem 0 0 1rem;padding:0}li{list-style:none}")
                .append(".why{white-space:pre-wrap}.why ul{white-space:normal}</style></head><body>\n");
        h.append("<h1>").append(esc(o.exercise())).append("</h1>\n<p>Feedback for <b>").append(esc(o.student()))
                .append("</b> (").append(esc(o.file())).append("): <b>").append(number(o.points())).append(" of ")
                .append(number(o.max())).append(" points</b>.</p>\n");
        for (String note : o.notes()) {
            h.append("<p><i>").append(esc(note)).append("</i></p>\n");
        }
        h.append("<table><tr><th>question</th><th>points</th><th>result</th><th>why</th></tr>\n");
        for (Outcome.Question q : o.questions()) {
            String css = q.result().replace(" ", "");
            h.append("<tr><td>").append(esc(q.heading()));
            if (!q.heading().equals(q.id())) {
                h.append("<br><small>").append(esc(q.id())).append("</small>");
            }
            h.append("</td><td>").append(number(q.points())).append(" / ")
                    .append(number(q.max())).append("</td><td class=\"").append(css).append("\">")
                    .append(q.result().equals("right") ? "✓ " : "✗ ").append(esc(q.result())).append("</td><td class=\"why\">")
                    .append(esc(q.message()));
            if (!q.cases().isEmpty()) {
                h.append("<ul>");
                for (Outcome.Case c : q.cases()) {
                    h.append("<li class=\"").append(c.passed() ? "right" : "wrong").append("\">")
                            .append(c.passed() ? "✓ " : "✗ ").append(esc(c.name()));
                    if (!c.passed()) {
                        h.append(" — ").append(esc(c.message()));
                    }
                    h.append("</li>");
                }
                h.append("</ul>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    /** Text made safe for HTML: no tag, entity or attribute can come out of it. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
