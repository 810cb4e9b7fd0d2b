package backprop.io;

import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A network as the JSON text described in {@link NetworkFile}. */
final class NetworkWriter {

    /**
     * USE_FAST_DOUBLE_WRITER writes each double with the fewest digits that read back as
     * exactly the same double (the Schubfach algorithm), on every Java version.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)) // "key": value
            .withObjectIndenter(OneEntryPerLine.NEW_LINE)
            .withArrayIndenter(new OneEntryPerLine());

    private NetworkWriter() {
    }

    static String toJson(Network net) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", NetworkFile.FORMAT);
        root.put("version", NetworkFile.VERSION);
        ArrayNode sizes = root.putArray("sizes");
        for (int size : net.sizes()) {
            sizes.add(size);
        }
        ArrayNode layers = root.putArray("layers");
        for (int l = 1; l <= net.depth(); l++) {
            Layer layer = net.layer(l);
            ObjectNode out = layers.addObject();
            out.put("activation", layer.activation().id());
            ArrayNode weights = out.putArray("weights");
            for (int j = 0; j < layer.weights().rows(); j++) {
                ArrayNode row = weights.addArray();
                for (int k = 0; k < layer.weights().cols(); k++) {
                    row.add(finite(layer.weights().get(j, k), l, "weight (" + j + ", " + k + ")"));
                }
            }
            if (layer.hasBias()) {
                ArrayNode biases = out.putArray("biases");
                Matrix b = layer.biases();
                for (int j = 0; j < b.rows(); j++) {
                    biases.add(finite(b.get(j, 0), l, "bias " + j));
                }
            } else {
                out.putNull("biases");
            }
        }
        try {
            return JSON.writer(PRETTY).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write the network as JSON: " + e.getMessage(), e);
        }
    }

    /** JSON has no NaN or infinity: a network holding one cannot be saved. */
    private static double finite(double value, int l, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot save the network: layer " + l + " " + what
                    + " is " + value + ", and JSON has no such number");
        }
        return value;
    }
}
