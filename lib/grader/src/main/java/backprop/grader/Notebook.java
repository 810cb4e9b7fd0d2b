package backprop.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A Jupyter notebook (.ipynb, nbformat 4) read as JSON, with just what the release tool and the
 * grader need: its cells, their source, metadata and outputs. Everything else is kept as it was.
 */
public final class Notebook {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The largest submission the grader reads: notebooks of the course are well under 1 MB. */
    static final int MAX_BYTES = 32 << 20;

    /** What a byte that is not UTF-8 is read as: U+FFFD, the "replacement character" �. */
    static final char REPLACEMENT = '\uFFFD';

    /** What some editors write first in a UTF-8 file; JSON does not allow it, so it is skipped. */
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final ObjectNode root;
    private int replaced;

    private Notebook(ObjectNode root) {
        this.root = root;
    }

    /** Reads a notebook; a file that is not one gives a message saying why. */
    public static Notebook read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    }

    /**
     * Reads a student's notebook. It is opened without following a symbolic link (one swapped in
     * after the grader looked is refused, not read) and read up to {@link #MAX_BYTES}. Bytes that
     * are not UTF-8 are read as {@link #REPLACEMENT} (see {@link #replaced()}): one stray byte in
     * a text cell must not cost a notebook. Whatever keeps it from being read throws an
     * {@link IllegalArgumentException} whose message says why, without the file's full path.
     */
    static Notebook readSubmission(Path file) {
        String name = file.getFileName().toString();
        InputStream in;
        try {
            in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) { // a link is refused as "too many levels of symbolic links"
            throw new IllegalArgumentException(name + " could not be opened as a regular file "
                    + "(is it a symbolic link, or unreadable?)");
        }
        byte[] bytes;
        try (in) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + " could not be read (" + e.getClass().getSimpleName() + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(name + " is larger than " + (MAX_BYTES >> 20)
                    + " MB, far more than any notebook of the course: save it without its outputs");
        }
        CharBuffer text = CharBuffer.allocate(bytes.length);
        int replaced = decodeLeniently(bytes, text);
        String json = text.flip().toString();
        Notebook nb = parse(json.startsWith(BYTE_ORDER_MARK) ? json.substring(1) : json, name);
        nb.replaced = replaced;
        return nb;
    }

    /**
     * Decodes UTF-8 into {@code out} (as many chars as bytes is always room enough), each byte
     * sequence that is not UTF-8 as one {@link #REPLACEMENT}; returns how many bytes were replaced.
     */
    private static int decodeLeniently(byte[] bytes, CharBuffer out) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int replaced = 0;
        for (CoderResult r = utf8.decode(in, out, true); !r.isUnderflow(); r = utf8.decode(in, out, true)) {
            if (r.isOverflow()) {
                throw new IllegalStateException("decoded UTF-8 longer than its bytes");
            }
            out.put(REPLACEMENT);
            in.position(in.position() + r.length());
            replaced += r.length();
        }
        utf8.flush(out);
        return replaced;
    }

    /**
     * How many bytes of the file were not UTF-8 and were read as {@link #REPLACEMENT} (0 for a
     * clean file, and for a notebook not read by {@link #readSubmission}).
     */
    public int replaced() {
        return replaced;
    }

    /**
     * The places (from 1, among the code cells only) of the code cells that hold a
     * {@link #REPLACEMENT} character.
     */
    public List<Integer> codeCellsWithReplacements() {
        List<Integer> out = new ArrayList<>();
        int place = 0; // among the code cells, as JupyterLab shows them (markdown not counted)
        for (ObjectNode cell : cells()) {
            if (!isCode(cell)) {
                continue;
            }
            place++;
            if (source(cell).indexOf(REPLACEMENT) >= 0) {
                out.add(place);
            }
        }
        return out;
    }

    public static Notebook parse(String text, String name) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(name + " is not a notebook: its JSON is broken near line "
                    + e.getLocation().getLineNr() + " (" + e.getOriginalMessage() + ")");
        }
        if (!(node instanceof ObjectNode o) || !o.path("cells").isArray()) {
            throw new IllegalArgumentException(name + " is not a notebook: it has no list of cells");
        }
        for (JsonNode cell : o.get("cells")) {
            if (!cell.isObject() || !cell.path("cell_type").isTextual()) {
                throw new IllegalArgumentException(name + " is not a notebook: a cell has no type");
            }
        }
        return new Notebook(o);
    }

    /** A new notebook with the metadata of this one and the given cells. */
    public Notebook withCells(List<ObjectNode> cells) {
        ObjectNode copy = root.deepCopy();
        ArrayNode array = copy.putArray("cells");
        cells.forEach(array::add);
        return new Notebook(copy);
    }

    public List<ObjectNode> cells() {
        List<ObjectNode> out = new ArrayList<>();
        root.get("cells").forEach(c -> out.add((ObjectNode) c));
        return out;
    }

    public ObjectNode metadata() {
        if (!root.path("metadata").isObject()) {
            root.putObject("metadata");
        }
        return (ObjectNode) root.get("metadata");
    }

    /** Our own metadata block, {@code metadata.backprop}, made if missing. */
    public ObjectNode labMetadata() {
        ObjectNode m = metadata();
        if (!m.path("backprop").isObject()) {
            m.putObject("backprop");
        }
        return (ObjectNode) m.get("backprop");
    }

    // ---- cells -----------------------------------------------------------------------------------

    public static boolean isCode(ObjectNode cell) {
        return "code".equals(cell.path("cell_type").asText());
    }

    /** A cell's source as one string (the file may hold it as one string or a list of lines). */
    public static String source(ObjectNode cell) {
        JsonNode s = cell.get("source");
        if (s == null || s.isNull()) {
            return "";
        }
        if (s.isArray()) {
            StringBuilder out = new StringBuilder();
            s.forEach(line -> out.append(line.asText()));
            return out.toString();
        }
        return s.asText();
    }

    /** Sets a cell's source, stored as a list of lines the way Jupyter writes it. */
    public static void setSource(ObjectNode cell, String source) {
        ArrayNode lines = cell.putArray("source");
        int start = 0;
        while (start < source.length()) {
            int nl = source.indexOf('\n', start);
            int end = nl < 0 ? source.length() : nl + 1;
            lines.add(source.substring(start, end));
            start = end;
        }
    }

    public static ObjectNode newCodeCell(String source) {
        ObjectNode cell = JsonNodeFactory.instance.objectNode();
        cell.put("cell_type", "code");
        cell.putNull("execution_count");
        cell.putObject("metadata");
        cell.putArray("outputs");
        setSource(cell, source);
        return cell;
    }

    public static ObjectNode cellMetadata(ObjectNode cell) {
        if (!cell.path("metadata").isObject()) {
            cell.putObject("metadata");
        }
        return (ObjectNode) cell.get("metadata");
    }

    // ---- writing ---------------------------------------------------------------------------------

    /** The notebook as Jupyter writes it: keys sorted, one-space indents, a final newline. */
    public String toJson() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(sorted(root)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode o) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            o.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node instanceof ArrayNode a) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            a.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return node;
    }
}
