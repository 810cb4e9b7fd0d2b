package backprop.grader;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a grading run graded, written beside its grades as {@code run.json}: its shard, the
 * fingerprint of every exercise's answer key and hidden checks, of the roster ("" without one) and
 * of every notebook it found ({@link #found}: each shard finds the whole class, and grades its own
 * slice), the submissions it graded (as reports name them, with when each was last changed: of two
 * by one student, the later counts) and those that match no student of the roster. {@link #merge}
 * joins the runs of the shards of one grading into the outcomes one run over everything would
 * have given.
 */
record Run(int shard, int of, Map<String, String> keys, String roster, String found, Map<String, Long> files,
           List<String> unmatched) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    Run {
        roster = roster == null ? "" : roster; // a run.json that does not say: as without a roster
        found = found == null ? "" : found;
    }

    /** A run that records neither its roster nor what it found, as a test makes one. */
    Run(int shard, int of, Map<String, String> keys, Map<String, Long> files, List<String> unmatched) {
        this(shard, of, keys, "", "", files, unmatched);
    }

    String json() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** Each exercise's fingerprint: SHA-256 of its answer key and its solution notebook. */
    static Map<String, String> keys(Path solutions, List<String> exercises) throws IOException {
        Map<String, String> keys = new TreeMap<>();
        try {
            for (String ex : exercises) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update(Files.readAllBytes(solutions.resolve(ex + ".answers.json")));
                sha.update(Files.readAllBytes(solutions.resolve(ex + ".ipynb")));
                keys.put(ex, HexFormat.of().formatHex(sha.digest()));
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
        return keys;
    }

    /** The fingerprint of a roster: SHA-256 of its file; "" without one. */
    static String roster(Path file) throws IOException {
        return file == null ? "" : HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)))
                .substring(0, 16);
    }

    /**
     * The fingerprint of the notebooks a run found, before it took its shard's: how many, and a
     * digest of each one's name (as reports show it) and when it was last changed. Shards that
     * found the same notebooks, unchanged, have the same fingerprint.
     */
    static String found(Map<String, Long> modified) {
        MessageDigest sha = sha256();
        new TreeMap<>(modified).forEach((file, time) ->
                sha.update((file + "\u0000" + time + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return modified.size() + " notebooks, " + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    /** A run's grades folder, read back. */
    record Graded(Path folder, Run run, List<Outcome> outcomes) {
    }

    /**
     * A shard's output folder, read back; refused, with the reason, when it is not one (a shard
     * whose task failed or never ran has none).
     */
    static Graded read(Path folder) throws IOException {
        Path manifest = folder.resolve("run.json");
        Path grades = folder.resolve("grades.json");
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("no such folder: " + folder + " (a shard whose grading failed or "
                    + "has not run writes none: grade that shard, then merge)");
        }
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(grades)) {
            throw new IllegalArgumentException(folder + " is not the output of a grading run (it has no "
                    + (Files.isRegularFile(manifest) ? "grades.json" : "run.json") + ")");
        }
        Run run;
        List<Outcome> outcomes;
        try {
            run = JSON.readValue(manifest.toFile(), Run.class);
            outcomes = JSON.readValue(grades.toFile(), new TypeReference<List<Outcome>>() {
            });
        } catch (IOException e) {
            throw new IllegalArgumentException(folder + " holds a run.json or grades.json that cannot be read ("
                    + e.getClass().getSimpleName() + "): grade that shard again");
        }
        if (run == null || run.of() < 1 || run.shard() < 0 || run.shard() >= run.of() || run.keys() == null
                || run.files() == null || run.unmatched() == null || outcomes == null) {
            throw new IllegalArgumentException(folder + "/run.json is not a grading run's"
                    + (run == null ? "" : " (shard " + run.shard() + " of " + run.of() + ")")
                    + ": grade that shard again");
        }
        return new Graded(folder, run, outcomes);
    }

    /**
     * The outcomes of every shard of one grading, as one run would have them, with the merged
     * run's manifest. Refused, with the reason: shards of different gradings (counts), of
     * different answer keys, of different rosters, that found different notebooks, a shard given
     * twice, or shards missing (listed, to be run again).
     */
    static Graded merge(List<Graded> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("--merge needs the output folders of the shards");
        }
        Run first = shards.get(0).run();
        Graded[] byIndex = new Graded[first.of()];
        for (Graded g : shards) {
            Run r = g.run();
            if (r.of() != first.of()) {
                throw new IllegalArgumentException(g.folder() + " is shard " + r.shard() + "/" + r.of() + ", "
                        + shards.get(0).folder() + " is shard " + first.shard() + "/" + first.of()
                        + ": they are not shards of one grading");
            }
            if (!r.keys().equals(first.keys())) {
                throw new IllegalArgumentException(g.folder() + " was graded with other exercises or answer keys than "
                        + shards.get(0).folder() + " (" + differences(first.keys(), r.keys())
                        + "): grade every shard with the same solutions");
            }
            if (!r.roster().equals(first.roster())) {
                throw new IllegalArgumentException(g.folder() + " was graded with another roster than "
                        + shards.get(0).folder() + ": grade every shard with the same --roster");
            }
            if (!r.found().equals(first.found())) {
                throw new IllegalArgumentException(g.folder() + " found other notebooks to grade than "
                        + shards.get(0).folder() + " (" + or(r.found()) + ", against " + or(first.found())
                        + "): every shard must grade the same submissions, unchanged; after a change, grade "
                        + "every shard again");
            }
            if (byIndex[r.shard()] != null) {
                throw new IllegalArgumentException(g.folder() + " and " + byIndex[r.shard()].folder()
                        + " are both shard " + r.shard() + "/" + r.of());
            }
            byIndex[r.shard()] = g;
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < byIndex.length; i++) {
            if (byIndex[i] == null) {
                missing.add(i + "/" + first.of());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " of this grading " + (missing.size() > 1 ? "are" : "is") + " missing: run "
                    + (missing.size() > 1 ? "them" : "it") + " (./lab grade --shard " + missing.get(0)
                    + " …) and merge again");
        }
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Long> files = new TreeMap<>();
        List<String> unmatched = new ArrayList<>();
        for (Graded g : byIndex) {
            outcomes.addAll(g.outcomes());
            files.putAll(g.run().files());
            unmatched.addAll(g.run().unmatched());
        }
        outcomes.sort(Outcome.ORDER);
        unmatched.sort(null);
        return new Graded(null, new Run(0, 1, first.keys(), first.roster(), first.found(), files, unmatched),
                outcomes);
    }

    private static String or(String found) {
        return found.isEmpty() ? "not recorded" : found;
    }

    private static String differences(Map<String, String> a, Map<String, String> b) {
        List<String> out = new ArrayList<>();
        for (String ex : new java.util.TreeSet<>(a.keySet())) {
            if (!b.containsKey(ex)) {
                out.add(ex + " only in the first");
            } else if (!a.get(ex).equals(b.get(ex))) {
                out.add(ex + " has another key");
            }
        }
        b.keySet().stream().filter(ex -> !a.containsKey(ex)).forEach(ex -> out.add(ex + " only in the second"));
        return String.join(", ", out);
    }
}
