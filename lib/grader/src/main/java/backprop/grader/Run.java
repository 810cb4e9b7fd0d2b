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
 * fingerprint of every exercise's answer key and hidden checks, the submissions it found (as
 * reports name them, with when each was last changed: of two by one student, the later counts) and
 * those that match no student of the roster. {@link #merge} joins the runs of the shards of
 * one grading into the outcomes one run over everything would have given.
 */
record Run(int shard, int of, Map<String, String> keys, Map<String, Long> files, List<String> unmatched) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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

    /** A run's grades folder, read back. */
    record Graded(Path folder, Run run, List<Outcome> outcomes) {
    }

    static Graded read(Path folder) throws IOException {
        Path manifest = folder.resolve("run.json");
        Path grades = folder.resolve("grades.json");
        if (!Files.isRegularFile(manifest) || !Files.isRegularFile(grades)) {
            throw new IllegalArgumentException(folder + " is not the output of a grading run (it has no "
                    + (Files.isRegularFile(manifest) ? "grades.json" : "run.json") + ")");
        }
        return new Graded(folder, JSON.readValue(manifest.toFile(), Run.class),
                JSON.readValue(grades.toFile(), new TypeReference<List<Outcome>>() {
                }));
    }

    /**
     * The outcomes of every shard of one grading, as one run would have them, with the merged
     * run's manifest. Refused, with the reason: shards of different gradings (counts), of
     * different answer keys, a shard given twice, or shards missing (listed, to be run again).
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
        return new Graded(null, new Run(0, 1, first.keys(), files, unmatched), outcomes);
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
