package backprop.browser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Java a student's kernel runs in the Hub test to see whom it runs as and what it can reach:
 * the other student's home and one of their notebooks, the instructor's clone, and a search of
 * every folder the course set-up touches for answer keys, solution folders, the grader's jar and
 * given texts (solution marks, answers). The texts travel base64-encoded, so that the cell
 * itself, once saved in the student's home, holds none of them.
 */
final class Probe {

    private Probe() {
    }

    static String source(Path otherHome, Path clone, List<String> needles) {
        String encoded = needles.stream()
                .map(n -> "\"" + Base64.getEncoder().encodeToString(n.getBytes(StandardCharsets.UTF_8)) + "\"")
                .collect(Collectors.joining(", "));
        return """
                import java.io.IOException;
                import java.nio.file.*;
                import java.nio.file.attribute.BasicFileAttributes;
                import java.util.*;
                System.out.println("the kernel runs as " + System.getProperty("user.name"));
                for (String p : new String[] {"%1$s", "%1$s/backprop-lab/exercises/03-activations.ipynb", "%2$s/solutions"}) {
                    try {
                        if (p.endsWith(".ipynb")) {
                            Files.readAllBytes(Path.of(p));
                        } else {
                            try (var list = Files.list(Path.of(p))) { list.count(); }
                        }
                        System.out.println("READ " + p);
                    } catch (IOException e) {
                        System.out.println("refused " + p + ": " + e.getClass().getSimpleName());
                    }
                }
                List<String> needles = new ArrayList<>();
                for (String n : new String[] {%3$s}) needles.add(new String(Base64.getDecoder().decode(n), "UTF-8"));
                List<String> found = new ArrayList<>();
                int[] searched = {0};
                for (String root : new String[] {"/home", "/opt/backprop-lab", "/usr/local/share/jupyter", "%2$s"}) {
                    Files.walkFileTree(Path.of(root), new SimpleFileVisitor<Path>() {
                        @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                            if (d.getFileName() != null && d.getFileName().toString().equals("solutions")) found.add(d + " (a solutions folder)");
                            return FileVisitResult.CONTINUE;
                        }
                        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                            searched[0]++;
                            String name = f.getFileName().toString();
                            if (name.endsWith(".answers.json") || name.startsWith("backprop-grader") || name.contains("backprop-lab-instructor")) found.add(f.toString());
                            if (!f.startsWith("/opt/backprop-lab/venv") && a.size() < 5_000_000) {
                                try {
                                    String text = Files.readString(f);
                                    for (String n : needles) if (text.contains(n)) found.add(f + " holds " + n);
                                } catch (IOException | RuntimeException notText) {
                                }
                            }
                            return FileVisitResult.CONTINUE;
                        }
                        @Override public FileVisitResult visitFileFailed(Path f, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
                }
                System.out.println("searched " + searched[0] + " files; found: " + found);""".formatted(otherHome, clone, encoded);
    }
}
