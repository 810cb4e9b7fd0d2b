package backprop.io;

import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import backprop.Activation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A hand-edited or broken network file fails with the file, the place and the problem. */
class BadNetworkFileTest {

    @TempDir
    Path dir;

    /** A network file for the given sizes and layers (each a JSON object). */
    static String file(String sizes, String... layers) {
        return "{\"format\": \"backprop-lab network\", \"version\": 1, \"sizes\": " + sizes
                + ", \"layers\": [" + String.join(", ", layers) + "]}";
    }

    static String layer(String activation, String weights, String biases) {
        return "{\"activation\": " + activation + ", \"weights\": " + weights + ", \"biases\": " + biases + "}";
    }

    static final String GOOD_1 = layer("\"relu\"", "[[1, 2], [3, 4], [5, 6]]", "[0, 0, 0]");   // 3×2
    static final String GOOD_2 = layer("\"sigmoid\"", "[[1, 2, 3]]", "null");                   // 1×3

    @Test
    void theHelpersMakeAValidFile() {
        Network net = NetworkFile.fromJson(file("[2, 3, 1]", GOOD_1, GOOD_2));
        assertEquals("[2, 3, 1] relu → sigmoid (no bias)", net.toString());
    }

    @Test
    void jsonSyntaxErrorsGiveLineAndColumn() {
        fails("the JSON text line 3, column 3: not valid JSON: Unexpected character (',' (code 44)): "
                + "was expecting double-quote to start field name",
                "{\n  \"format\": \"backprop-lab network\",\n  ,\n}");
        fails("the JSON text line 2, column 3: not valid JSON: Unexpected character ('\"' (code 34)): "
                + "was expecting comma to separate Object entries",
                "{\"format\": 1\n  \"version\": 1}");
        fails("the JSON text line 1, column 12: not valid JSON: Unexpected character ('s' (code 115)): "
                + "was expecting a colon to separate field name and value",
                "{\"version\" sizes}");
        fails("the JSON text line 1, column 13: not valid JSON: Unexpected end-of-input: expected close "
                + "marker for Object (start marker at line 1, column 1)", "{\"version\":1");
        fails("the JSON text line 1, column 42: not valid JSON: Duplicate field 'format'",
                "{\"format\":\"backprop-lab network\",\"format\":1}");
        fails("the JSON text line 1, column 4: there is more text after the closing } of the network",
                "{} {}");
        fails("the JSON text: the text is empty: there is no network in it", "  \n");
    }

    @Test
    void notANetworkFile() {
        fails("the JSON text: a network file holds one JSON object { … }, not [1,2,3]", "[1, 2, 3]");
        fails("the JSON text: missing \"format\": a network file says \"format\": \"backprop-lab network\"",
                "{\"version\": 1}");
        fails("the JSON text: \"format\" is \"keras\": a network file says \"format\": \"backprop-lab network\"",
                "{\"format\": \"keras\"}");
        fails("the JSON text: \"version\" is 2, but this library reads version 1",
                file("[2, 3, 1]", GOOD_1, GOOD_2).replace("\"version\": 1", "\"version\": 2"));
        fails("the JSON text: missing \"version\"", "{\"format\": \"backprop-lab network\"}");
        fails("the JSON text: unknown field \"comment\": a network file has \"format\", \"version\", "
                + "\"sizes\" and \"layers\"", "{\"comment\": \"mine\", \"format\": \"backprop-lab network\"}");
    }

    @Test
    void badSizes() {
        fails("the JSON text: \"sizes\" must be a list of at least 2 layer sizes, input first, such as "
                + "[2, 3, 1], not [2]", file("[2]"));
        fails("the JSON text: \"sizes\" must be a list of at least 2 layer sizes, input first, such as "
                + "[2, 3, 1], not \"2, 3, 1\"", file("\"2, 3, 1\"", GOOD_1, GOOD_2));
        fails("the JSON text: entry 1 of \"sizes\" is 0, but a size must be a whole number of at least 1",
                file("[2, 0, 1]", GOOD_1, GOOD_2));
        fails("the JSON text: entry 0 of \"sizes\" is 2.5, but a size must be a whole number of at least 1",
                file("[2.5, 3, 1]", GOOD_1, GOOD_2));
        fails("the JSON text: \"sizes\" [2, 3, 1] call for 2 layers, but \"layers\" has 1",
                file("[2, 3, 1]", GOOD_1));
        fails("the JSON text: missing \"sizes\"", "{\"format\": \"backprop-lab network\", \"version\": 1}");
    }

    @Test
    void badLayers() {
        fails("the JSON text: \"layers\" must be a list of layers [ { … }, … ], not {}",
                file("[2, 3, 1]").replace("\"layers\": []", "\"layers\": {}"));
        fails("the JSON text: layer 2 must be an object { \"activation\": …, \"weights\": …, \"biases\": … }, "
                + "not [[1,2,3]]", file("[2, 3, 1]", GOOD_1, "[[1, 2, 3]]"));
        fails("the JSON text: layer 1: unknown field \"bias\": a layer has \"activation\", \"weights\" and "
                + "\"biases\"", file("[2, 3, 1]", GOOD_1.replace("\"biases\"", "\"bias\""), GOOD_2));
        fails("the JSON text: layer 2: missing \"weights\"",
                file("[2, 3, 1]", GOOD_1, "{\"activation\": \"relu\", \"biases\": null}"));
        fails("the JSON text: layer 2: missing \"biases\" (write \"biases\": null for a layer without biases)",
                file("[2, 3, 1]", GOOD_1, "{\"activation\": \"relu\", \"weights\": [[1, 2, 3]]}"));
    }

    @Test
    void badActivations() {
        fails("the JSON text: layer 2: unknown activation \"sigmod\": expected one of sigmoid, relu, tanh, "
                + "identity, softmax", file("[2, 3, 1]", GOOD_1, layer("\"sigmod\"", "[[1, 2, 3]]", "null")));
        fails("the JSON text: layer 1: \"activation\" must be a name such as \"sigmoid\", not 1",
                file("[2, 3, 1]", layer("1", "[[1, 2], [3, 4], [5, 6]]", "null"), GOOD_2));
        fails("the JSON text: layer 1: missing \"activation\"",
                file("[2, 3, 1]", "{\"weights\": [[1, 2], [3, 4], [5, 6]], \"biases\": null}", GOOD_2));
    }

    @Test
    void badWeights() {
        fails("the JSON text: layer 2: \"weights\" must be a list of rows, such as [[0.1, 0.2], [0.3, 0.4]], "
                + "not \"1 2 3\"",
                file("[2, 3, 1]", GOOD_1, layer("\"relu\"", "\"1 2 3\"", "null")));
        fails("the JSON text: layer 2: weights row 0 must be a list of numbers, not 1",
                file("[2, 3, 1]", GOOD_1, layer("\"relu\"", "[1, 2, 3]", "null")));
        fails("the JSON text: layer 1: weights row 2 has 1 entry but row 0 has 2",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, 2], [3, 4], [5]]", "null"), GOOD_2));
        fails("the JSON text: layer 1: weight (1, 0) is \"3\", not a number",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, 2], [\"3\", 4], [5, 6]]", "null"), GOOD_2));
        fails("the JSON text: layer 1: weight (0, 1) is null, not a number",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, null], [3, 4], [5, 6]]", "null"), GOOD_2));
        fails("the JSON text: layer 1: weight (2, 1) is beyond the range of a double",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, 2], [3, 4], [5, 1e400]]", "null"), GOOD_2));
    }

    @Test
    void weightsOfTheWrongShape() {
        fails("the JSON text: layer 2: weights are 1×2, but sizes [2, 3, 1] call for 1×3 "
                + "(one row per neuron, one column per input)", file("[2, 3, 1]", GOOD_1, layer("\"relu\"", "[[1, 2]]", "null")));
        fails("the JSON text: layer 1: weights are 3×2, but sizes [2, 4, 1] call for 4×2 "
                + "(one row per neuron, one column per input)", file("[2, 4, 1]", GOOD_1, GOOD_2));
        fails("the JSON text: layer 2: weights are 0×0, but sizes [2, 3, 1] call for 1×3 "
                + "(one row per neuron, one column per input)", file("[2, 3, 1]", GOOD_1, layer("\"relu\"", "[]", "null")));
    }

    @Test
    void badBiases() {
        fails("the JSON text: layer 2: weights are 3×4 but biases have 2 entries",
                file("[2, 4, 3]", layer("\"relu\"", "[[1, 2], [3, 4], [5, 6], [7, 8]]", "null"),
                        layer("\"relu\"", "[[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]]", "[0.5, 0.5]")));
        fails("the JSON text: layer 1: bias 1 is true, not a number",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, 2], [3, 4], [5, 6]]", "[0, true, 0]"), GOOD_2));
        fails("the JSON text: layer 1: \"biases\" must be a list of numbers, or null for none, not 0",
                file("[2, 3, 1]", layer("\"relu\"", "[[1, 2], [3, 4], [5, 6]]", "0"), GOOD_2));
    }

    @Test
    void errorsFromAFileNameTheFile() throws IOException {
        Path path = dir.resolve("edited.json");
        Files.writeString(path, file("[2, 3, 1]", GOOD_1, layer("\"softplus\"", "[[1, 2, 3]]", "null")));
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.load(path));
        assertEquals(path + ": layer 2: unknown activation \"softplus\": expected one of sigmoid, relu, "
                + "tanh, identity, softmax", e.getMessage());

        Files.writeString(path, "{\n  \"format\": \"backprop-lab network\"\n  \"version\": 1\n}\n");
        e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.load(path));
        assertEquals(path + " line 3, column 3: not valid JSON: Unexpected character ('\"' (code 34)): "
                + "was expecting comma to separate Object entries", e.getMessage());

        Files.write(path, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.load(path));
        assertEquals(path + ": not UTF-8 text, so not a network file", e.getMessage());
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("nowhere.json");
        var e = assertThrows(UncheckedIOException.class, () -> NetworkFile.load(missing));
        assertEquals("the file " + missing + " does not exist", e.getMessage());
    }

    @Test
    void savingIntoAFolderThatDoesNotExist() {
        Path nowhere = dir.resolve("no-such-folder").resolve("net.json");
        var e = assertThrows(UncheckedIOException.class,
                () -> NetworkFile.save(NetworkFile.fromJson(file("[2, 3, 1]", GOOD_1, GOOD_2)), nowhere));
        assertEquals("cannot write " + nowhere + ": its folder does not exist", e.getMessage());
    }

    @Test
    void aNetworkHoldingNaNCannotBeSaved() {
        // Matrix.fill refuses NaN and ∞; computed weights (arithmetic that overflowed) may hold them
        Network broken = Network.of(Layer.of(Matrix.computed(2, 3, (j, k) -> j == 1 && k == 2 ? Double.NaN : 1),
                Matrix.fill(2, 1, (j, k) -> 0), Activation.RELU));
        var e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.toJson(broken));
        assertEquals("cannot save the network: layer 1 weight (1, 2) is NaN, and JSON has no such number",
                e.getMessage());
        Network infinite = Network.of(Layer.of(Matrix.fill(1, 1, (j, k) -> 1),
                Matrix.computed(1, 1, (j, k) -> Double.NEGATIVE_INFINITY), Activation.RELU));
        e = assertThrows(IllegalArgumentException.class, () -> NetworkFile.save(infinite, dir.resolve("x.json")));
        assertEquals("cannot save the network: layer 1 bias 0 is -Infinity, and JSON has no such number",
                e.getMessage());
    }

    static void fails(String message, String json) {
        assertFails(message, () -> NetworkFile.fromJson(json));
    }

    static void assertFails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void nullArgumentsAreNamed() {
        Network net = NetworkFile.fromJson(file("[2, 3, 1]", GOOD_1, GOOD_2));
        assertFails("the network net must not be null", () -> NetworkFile.save(null, dir.resolve("x.json")));
        assertFails("the path must not be null", () -> NetworkFile.save(net, null));
        assertFails("the path must not be null", () -> NetworkFile.load(null));
        assertFails("the network net must not be null", () -> NetworkFile.toJson(null));
        assertFails("the JSON text json must not be null", () -> NetworkFile.fromJson(null));
    }

    @Test
    void aLayerTheLibraryRefusesIsNamedWithTheFileAndTheLayer() {
        fails("the JSON text: layer 2: a softmax layer needs at least 2 neurons, but these weights are "
                + "1×3: for one neuron softmax(z) = e^z / e^z = 1 whatever z is, so it never learns; "
                + "for one output, use sigmoid",
                file("[2, 3, 1]", GOOD_1, layer("\"softmax\"", "[[1, 2, 3]]", "[0]")));
    }
}
