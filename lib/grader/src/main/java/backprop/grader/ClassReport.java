package backprop.grader;

import backprop.check.Misconception;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The instructor's page after grading, {@code class-report.md} and {@code class-report.html} in
 * the grades folder: for each exercise, each question's score distribution; how many students
 * showed each known misconception ({@link Misconception}, found in the feedback they got); and
 * the five most common wrong answers with the feedback they got — what a lecture could take up.
 */
final class ClassReport {

    /** How many wrong answers are listed. */
    static final int COMMON = 5;

    private ClassReport() {
    }

    /** One kind of wrong answer: where, the feedback, how many students got it, an answer given. */
    record Wrong(String exercise, String question, String feedback, Set<String> students, String example) {
    }

    /** The report's parts for one exercise. */
    record Part(String exercise, Map<String, Map<Double, Integer>> scores, Map<String, Double> max,
                Map<Misconception, Set<String>> misconceptions, List<Wrong> common, int submissions) {
    }

    static List<Part> parts(List<Outcome> outcomes) {
        Map<String, List<Outcome>> byExercise = new TreeMap<>();
        outcomes.stream().filter(o -> !o.exercise().equals(Grader.UNKNOWN))
                .forEach(o -> byExercise.computeIfAbsent(o.exercise(), k -> new ArrayList<>()).add(o));
        List<Part> parts = new ArrayList<>();
        byExercise.forEach((exercise, list) -> parts.add(part(exercise, list)));
        return parts;
    }

    private static Part part(String exercise, List<Outcome> outcomes) {
        Map<String, Map<Double, Integer>> scores = new LinkedHashMap<>();
        Map<String, Double> max = new LinkedHashMap<>();
        Map<Misconception, Set<String>> seen = new LinkedHashMap<>();
        Map<String, Wrong> wrong = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            for (Outcome.Question q : o.questions()) {
                scores.computeIfAbsent(q.id(), k -> new TreeMap<>()).merge(q.points(), 1, Integer::sum);
                max.put(q.id(), q.max());
                List<String[]> feedback = new ArrayList<>(); // {answer, feedback}
                if (q.cases().isEmpty() && !q.result().equals("right")) {
                    int colon = q.message().indexOf(": ");
                    boolean answer = q.message().startsWith("your answer ") && colon > 0;
                    feedback.add(new String[] {answer ? q.message().substring("your answer ".length(), colon) : "",
                            answer ? q.message().substring(colon + 2) : q.message()});
                }
                for (Outcome.Case c : q.cases()) {
                    if (!c.passed()) {
                        feedback.add(new String[] {"", c.message()});
                    }
                }
                for (String[] f : feedback) {
                    Misconception.in(f[1]).forEach(m -> seen.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(o.student()));
                    wrong.computeIfAbsent(q.id() + "\n" + f[1], k -> new Wrong(exercise, q.id(), f[1], new LinkedHashSet<>(),
                            f[0])).students().add(o.student());
                }
            }
        }
        List<Wrong> common = wrong.values().stream()
                .sorted(Comparator.comparingInt((Wrong w) -> w.students().size()).reversed()).limit(COMMON).toList();
        return new Part(exercise, scores, max, seen, common, outcomes.size());
    }

    static String markdown(List<Outcome> outcomes) {
        StringBuilder md = new StringBuilder("# Class report\n\n");
        for (Part p : parts(outcomes)) {
            md.append("## ").append(p.exercise()).append(" (").append(p.submissions()).append(" submissions)\n\n");
            md.append("| question | scores (points: how many) |\n|---|---|\n");
            p.scores().forEach((q, dist) -> md.append("| ").append(q).append(" | ").append(distribution(dist, p.max().get(q)))
                    .append(" |\n"));
            md.append("\n**Misconceptions**: ").append(p.misconceptions().isEmpty() ? "none seen" : "");
            List<String> ms = new ArrayList<>();
            p.misconceptions().forEach((m, students) -> ms.add(m.title() + ": " + count(students.size())));
            md.append(String.join("; ", ms)).append("\n\n**Most common wrong answers**\n\n");
            if (p.common().isEmpty()) {
                md.append("none\n");
            }
            int n = 1;
            for (Wrong w : p.common()) {
                md.append(n++).append(". ").append(w.question()).append(", ").append(count(w.students().size()))
                        .append(w.example().isEmpty() ? "" : " (such as " + w.example() + ")").append(": ")
                        .append(w.feedback().replace("\n", " ")).append('\n');
            }
            md.append('\n');
        }
        return md.toString();
    }

    static String html(List<Outcome> outcomes) {
        StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Class report</title>")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse}")
                .append("td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}.bar{display:inline-block;")
                .append("background:#4a78c2;height:.8rem;margin-right:.3rem}</style></head><body>\n<h1>Class report</h1>\n");
        for (Part p : parts(outcomes)) {
            h.append("<h2>").append(Reports.esc(p.exercise())).append(" (").append(p.submissions()).append(" submissions)</h2>\n");
            h.append("<table><tr><th>question</th><th>points</th><th>students</th></tr>\n");
            p.scores().forEach((q, dist) -> dist.forEach((points, k) -> h.append("<tr><td>").append(Reports.esc(q))
                    .append("</td><td>").append(Reports.number(points)).append(" / ").append(Reports.number(p.max().get(q)))
                    .append("</td><td><span class=\"bar\" style=\"width:").append(Math.round(12.0 * k / p.submissions()))
                    .append("rem\"></span>").append(k).append("</td></tr>\n")));
            h.append("</table>\n<h3>Misconceptions</h3>\n<ul>");
            if (p.misconceptions().isEmpty()) {
                h.append("<li>none seen</li>");
            }
            p.misconceptions().forEach((m, s) -> h.append("<li>").append(Reports.esc(m.title())).append(": ")
                    .append(count(s.size())).append("</li>"));
            h.append("</ul>\n<h3>Most common wrong answers</h3>\n<ol>");
            for (Wrong w : p.common()) {
                h.append("<li><b>").append(Reports.esc(w.question())).append("</b>, ").append(count(w.students().size()))
                        .append(w.example().isEmpty() ? "" : " (such as " + Reports.esc(w.example()) + ")").append(": ")
                        .append(Reports.esc(w.feedback())).append("</li>");
            }
            h.append("</ol>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String distribution(Map<Double, Integer> dist, double max) {
        List<String> parts = new ArrayList<>();
        dist.forEach((points, k) -> parts.add(Reports.number(points) + "/" + Reports.number(max) + ": " + k));
        return String.join(", ", parts);
    }

    private static String count(int students) {
        return students + (students == 1 ? " student" : " students");
    }
}
