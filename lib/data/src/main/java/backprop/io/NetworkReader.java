package backprop.io;

import backprop.Activation;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the JSON text described in {@link NetworkFile} back into a network, checking every field
 * on the way: a hand-edited file that does not describe a network fails with a message naming
 * the file, the layer and the problem, never deep inside the network's constructors.
 */
final class NetworkReader {

    /** A field written twice, or text after the closing brace, is a mistake, not something to ignore. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final List<String> FILE_FIELDS = List.of("format", "version", "sizes", "layers");
    private static final List<String> LAYER_FIELDS = List.of("activation", "weights", "biases");

    /** The file's name, or "the JSON text": how every error message begins. */
    private final String source;

    private NetworkReader(String source) {
        this.source = source;
    }

    static Network read(String source, String json) {
        NetworkReader reader = new NetworkReader(source);
        return reader.network(reader.parse(json));
    }

    private JsonNode parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException(source + where(e.getLocation())
                    + ": there is more text after the closing } of the network", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + where(e.getLocation()) + ": not valid JSON: "
                    + withoutSource(e.getOriginalMessage()), e);
        }
        if (root == null || root.isMissingNode()) {
            throw problem("the text is empty: there is no network in it");
        }
        return root;
    }

    private Network network(JsonNode root) {
        if (!root.isObject()) {
            throw problem("a network file holds one JSON object { … }, not " + shown(root));
        }
        checkFields(root, FILE_FIELDS, "", "a network file has");
        JsonNode format = root.get("format");
        if (format == null || !NetworkFile.FORMAT.equals(format.textValue())) {
            throw problem((format == null ? "missing \"format\"" : "\"format\" is " + shown(format))
                    + ": a network file says \"format\": \"" + NetworkFile.FORMAT + "\"");
        }
        JsonNode version = required(root, "version", "");
        if (!version.isInt() || version.intValue() != NetworkFile.VERSION) {
            throw problem("\"version\" is " + shown(version) + ", but this library reads version "
                    + NetworkFile.VERSION);
        }
        int[] sizes = sizes(required(root, "sizes", ""));
        JsonNode layers = required(root, "layers", "");
        if (!layers.isArray()) {
            throw problem("\"layers\" must be a list of layers [ { … }, … ], not " + shown(layers));
        }
        if (layers.size() != sizes.length - 1) {
            throw problem("\"sizes\" " + Arrays.toString(sizes) + " call for " + (sizes.length - 1)
                    + " layers, but \"layers\" has " + layers.size());
        }
        Layer[] out = new Layer[layers.size()];
        for (int l = 1; l <= out.length; l++) {
            out[l - 1] = layer(layers.get(l - 1), l, sizes);
        }
        return Network.of(out);
    }

    /** The layer sizes, input first: at least two whole numbers ≥ 1. */
    private int[] sizes(JsonNode node) {
        if (!node.isArray() || node.size() < 2) {
            throw problem("\"sizes\" must be a list of at least 2 layer sizes, input first, such as "
                    + "[2, 3, 1], not " + shown(node));
        }
        int[] sizes = new int[node.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode size = node.get(i);
            if (!size.isInt() || size.intValue() < 1) {
                throw problem("entry " + i + " of \"sizes\" is " + shown(size)
                        + ", but a size must be a whole number of at least 1");
            }
            sizes[i] = size.intValue();
        }
        return sizes;
    }

    /** Layer l (from 1), whose weights must be sizes[l] × sizes[l − 1]. */
    private Layer layer(JsonNode node, int l, int[] sizes) {
        String at = "layer " + l + ": ";
        if (!node.isObject()) {
            throw problem("layer " + l + " must be an object { \"activation\": …, \"weights\": …, "
                    + "\"biases\": … }, not " + shown(node));
        }
        checkFields(node, LAYER_FIELDS, at, "a layer has");

        JsonNode name = required(node, "activation", at);
        if (!name.isTextual()) {
            throw problem(at + "\"activation\" must be a name such as \"sigmoid\", not " + shown(name));
        }
        Activation activation;
        try {
            activation = Activation.byId(name.textValue());
        } catch (IllegalArgumentException e) {
            throw problem(at + e.getMessage());
        }

        double[][] w = weights(required(node, "weights", at), at);
        int neurons = sizes[l];
        int inputs = sizes[l - 1];
        int cols = w.length == 0 ? 0 : w[0].length;
        if (w.length != neurons || cols != inputs) {
            throw problem(at + "weights are " + w.length + "×" + cols + ", but sizes "
                    + Arrays.toString(sizes) + " call for " + neurons + "×" + inputs
                    + " (one row per neuron, one column per input)");
        }

        JsonNode biases = node.get("biases");
        if (biases == null) {
            throw problem(at + "missing \"biases\" (write \"biases\": null for a layer without biases)");
        }
        if (biases.isNull()) {
            return built(at, () -> Layer.withoutBias(Matrix.of(w), activation));
        }
        if (!biases.isArray()) {
            throw problem(at + "\"biases\" must be a list of numbers, or null for none, not "
                    + shown(biases));
        }
        if (biases.size() != neurons) {
            throw problem(at + "weights are " + neurons + "×" + inputs + " but biases have "
                    + biases.size() + " entries");
        }
        double[] b = new double[neurons];
        for (int j = 0; j < neurons; j++) {
            b[j] = number(biases.get(j), at + "bias " + j);
        }
        return built(at, () -> Layer.of(Matrix.of(w), Matrix.vector(b), activation));
    }

    /** A layer every field of which was read, still refused by the library (a softmax of one neuron). */
    private Layer built(String at, Supplier<Layer> layer) {
        try {
            return layer.get();
        } catch (IllegalArgumentException e) {
            throw problem(at + e.getMessage());
        }
    }

    /** The rows of a weight matrix: lists of numbers, all of the same length. */
    private double[][] weights(JsonNode node, String at) {
        if (!node.isArray()) {
            throw problem(at + "\"weights\" must be a list of rows, such as [[0.1, 0.2], [0.3, 0.4]], "
                    + "not " + shown(node));
        }
        double[][] w = new double[node.size()][];
        for (int j = 0; j < w.length; j++) {
            JsonNode row = node.get(j);
            if (!row.isArray()) {
                throw problem(at + "weights row " + j + " must be a list of numbers, not " + shown(row));
            }
            if (j > 0 && row.size() != w[0].length) {
                throw problem(at + "weights row " + j + " has " + backprop.TextTable.count(row.size(), "entry", "entries") + " but row 0 has "
                        + w[0].length);
            }
            w[j] = new double[row.size()];
            for (int k = 0; k < w[j].length; k++) {
                w[j][k] = number(row.get(k), at + "weight (" + j + ", " + k + ")");
            }
        }
        return w;
    }

    /** A JSON number that fits a double. */
    private double number(JsonNode node, String what) {
        if (!node.isNumber()) {
            throw problem(what + " is " + shown(node) + ", not a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw problem(what + " is beyond the range of a double");
        }
        return value;
    }

    private JsonNode required(JsonNode object, String field, String at) {
        JsonNode node = object.get(field);
        if (node == null) {
            throw problem(at + "missing \"" + field + "\"");
        }
        return node;
    }

    /** A misspelt field is caught here rather than silently ignored. */
    private void checkFields(JsonNode object, List<String> known, String at, String whatHas) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw problem(at + "unknown field \"" + name + "\": " + whatHas + " "
                        + listed(known));
            }
        }
    }

    private IllegalArgumentException problem(String message) {
        return new IllegalArgumentException(source + ": " + message);
    }

    /** "a", "b" and "c" */
    private static String listed(List<String> names) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            out.append(i == 0 ? "" : i == names.size() - 1 ? " and " : ", ")
                    .append('"').append(names.get(i)).append('"');
        }
        return out.toString();
    }

    /** A JSON value as written, cut short if long. */
    private static String shown(JsonNode node) {
        String text = node.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "…";
    }

    /** Jackson names a position as "[Source: …; line: 1, column: 1]"; we say "line 1, column 1". */
    private static String withoutSource(String message) {
        return message.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
