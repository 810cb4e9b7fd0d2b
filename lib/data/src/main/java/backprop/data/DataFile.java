package backprop.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opening and reading data files: from the library jar or from disk, gzip-compressed or not.
 * A file is taken as gzip when it starts with gzip's two marker bytes 0x1f 0x8b, whatever its
 * name.
 */
final class DataFile {

    private DataFile() {
    }

    /** A data file shipped inside the library jar, next to this class. */
    static InputStream resource(String name) {
        InputStream in = DataFile.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the data file backprop/data/" + name + " is missing "
                    + "from the library jar");
        }
        return in;
    }

    /** A file on disk. */
    static InputStream open(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage(), e);
        }
    }

    /** Every byte of the file, decompressed if it is gzip. Closes the stream. */
    static byte[] readAllBytes(String file, InputStream in) {
        try (InputStream data = gunzipIfNeeded(in)) {
            return data.readAllBytes();
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * The lines of a text file, decompressed if it is gzip, each split at its commas. A blank
     * line is an error: it is either a mistake or a line that lost its values. Closes the stream.
     */
    static List<CsvLine> readCsv(String file, InputStream in) {
        List<CsvLine> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(gunzipIfNeeded(in), StandardCharsets.UTF_8))) {
            String text;
            while ((text = reader.readLine()) != null) {
                if (lines.isEmpty() && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // a byte-order mark some editors write first
                }
                CsvLine line = new CsvLine(file, lines.size() + 1, text);
                if (text.isBlank()) {
                    throw line.problem("the line is empty");
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw readFailure(file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": the file is empty");
        }
        return lines;
    }

    private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == 0x1f && second == 0x8b;
        return gzip ? new GZIPInputStream(buffered) : buffered;
    }

    /**
     * A broken gzip stream means a broken file (IllegalArgumentException): cut short when the
     * stream ends early (EOFException), damaged when it does not decode (ZipException, whose
     * message says how). Anything else is I/O. The JDK leaves some of these messages null, so
     * each message says what is wrong in its own words.
     */
    private static RuntimeException readFailure(String file, IOException e) {
        if (e instanceof EOFException) {
            return new IllegalArgumentException(file + ": the gzip data is cut short: the file ends "
                    + "before its compressed data does", e);
        }
        if (e instanceof ZipException) {
            return new IllegalArgumentException(file + ": the gzip data is damaged: "
                    + (e.getMessage() == null ? "it does not decode" : e.getMessage()), e);
        }
        return new UncheckedIOException("cannot read " + file + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
}
