package backprop.grader;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose a submitted notebook says it is, read from its file name and the folder it lies in, as
 * students and learning platforms name them:
 * <ul>
 *   <li>a folder per student: {@code alice/03-activations.ipynb} is alice's;</li>
 *   <li>the student's name after the exercise's: {@code 03-activations-bob.ipynb} is bob's;</li>
 *   <li>Canvas's "Download submissions": {@code smithalice_12345_67890_03-activations.ipynb}
 *       ({@code smithalice_LATE_…} when late) is Canvas user 12345's;</li>
 *   <li>Moodle's: a folder {@code Alice Smith_123456_assignsubmission_file_} is Alice Smith's.</li>
 * </ul>
 * JupyterLab's copies carry no name: {@code 03-activations-Copy1.ipynb},
 * {@code 03-activations (1).ipynb} and {@code Untitled.ipynb} belong to the folder's student,
 * and are marked as copies.
 *
 * @param login   the login or folder name, or the name after the exercise's ("" if none)
 * @param lmsId   the learning platform's user id (Canvas), or ""
 * @param name    the student's full name (Moodle's folder), or ""
 * @param copy    true for a JupyterLab copy or an untitled notebook
 */
record Claim(String login, String lmsId, String name, boolean copy) {

    private static final Pattern CANVAS = Pattern.compile("^([a-z]+)(?:_late)?_(\\d+)_(\\d+)_(.+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern MOODLE = Pattern.compile("^(.+?)_(\\d+)_assignsubmission_[a-z]+_?$");
    private static final Pattern COPY = Pattern.compile("(-Copy\\d+| \\(\\d+\\))+$");
    private static final Pattern UNTITLED = Pattern.compile("^Untitled\\d*$");

    /** What {@code file} claims, given the course's exercise names. */
    static Claim of(Path file, List<String> exercises) {
        String stem = file.getFileName().toString().replaceFirst("\\.ipynb$", "");
        Path parent = file.toAbsolutePath().normalize().getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        Matcher moodle = MOODLE.matcher(folder);
        if (moodle.matches()) {
            return new Claim("", "", moodle.group(1).trim(), isCopy(stem));
        }
        Matcher canvas = CANVAS.matcher(stem);
        if (canvas.matches()) {
            return new Claim("", canvas.group(2), "", isCopy(canvas.group(4)));
        }
        boolean copy = isCopy(stem);
        String plain = COPY.matcher(stem).replaceAll("");
        for (String ex : exercises) {
            if (plain.contains(ex)) {
                String rest = plain.replace(ex, "").replaceAll("^[-_ .]+|[-_ .]+$", "");
                return new Claim(rest.isEmpty() ? folder : rest, "", "", copy);
            }
        }
        return new Claim(copy || UNTITLED.matcher(plain).matches() ? folder : plain, "", "", copy);
    }

    private static boolean isCopy(String stem) {
        return COPY.matcher(stem).find() || UNTITLED.matcher(COPY.matcher(stem).replaceAll("")).matches();
    }

    /** How the claim reads, for messages: "login alice", "Canvas user 12345", "Alice Smith". */
    String describe() {
        if (!lmsId.isEmpty()) {
            return "Canvas user " + lmsId;
        }
        if (!name.isEmpty()) {
            return "\"" + name + "\" (Moodle)";
        }
        return login.isEmpty() ? "no name" : "login " + login;
    }
}
