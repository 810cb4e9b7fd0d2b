package backprop.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The shipped data files read the plainest way (java.util.zip and String.split), as a source
 * of truth independent of the loaders under test.
 */
final class RawFile {

    private RawFile() {
    }

    /** Every line of a file in the library's resources, split at commas. */
    static List<String[]> rows(String name) {
        try (InputStream raw = RawFile.class.getResourceAsStream("/backprop/data/" + name);
             InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String[]> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(line.split(","));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
