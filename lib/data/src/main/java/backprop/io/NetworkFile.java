package backprop.io;

import backprop.Network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Saves a network as readable JSON and loads it back: the layer sizes, and for each layer its
 * activation, weights and biases (or none). Every double is written with just enough digits to
 * read back as exactly the same double, so a loaded network has bit-identical weights and
 * computes exactly what the saved one did.
 *
 * <pre>{@code
 * NetworkFile.save(net, Path.of("digits-net.json"));
 * Network again = NetworkFile.load(Path.of("digits-net.json"));
 * }</pre>
 *
 * A file for a [2, 2, 1] network whose output layer has no biases:
 * <pre>{@code
 * {
 *   "format": "backprop-lab network",
 *   "version": 1,
 *   "sizes": [ 2, 2, 1 ],
 *   "layers": [
 *     {
 *       "activation": "sigmoid",
 *       "weights": [
 *         [ 0.15, 0.2 ],
 *         [ 0.25, 0.3 ]
 *       ],
 *       "biases": [ 0.35, 0.35 ]
 *     },
 *     {
 *       "activation": "relu",
 *       "weights": [
 *         [ 0.4, 0.45 ]
 *       ],
 *       "biases": null
 *     }
 *   ]
 * }
 * }</pre>
 *
 * Layer l's weights have one row per neuron j and one column per input k, the w<sup>l</sup><sub>jk</sub>
 * of {@link Network#w(int)}; "biases": null is a layer without biases (z = w a). Activations
 * are named by {@link backprop.Activation#id()}. In error messages layers count from 1 and rows,
 * columns and biases from 0, as in {@link Network}.
 */
public final class NetworkFile {

    /** The value of "format" that marks a network file. */
    public static final String FORMAT = "backprop-lab network";
    /** The version of the format this library writes and reads. */
    public static final int VERSION = 1;

    private NetworkFile() {
    }

    /** Writes the network to a file as JSON (UTF-8), replacing the file if it exists. */
    public static void save(Network net, Path path) {
        nonNull(path, "the path");
        String json = toJson(net);
        try {
            Files.writeString(path, json, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("cannot write " + path + ": its folder does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage(), e);
        }
    }

    /** Reads a network saved by {@link #save}, or written by hand in the same format. */
    public static Network load(Path path) {
        nonNull(path, "the path");
        String json;
        try {
            json = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the file " + path + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(path + ": not UTF-8 text, so not a network file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getClass().getSimpleName()
                    + " " + e.getMessage(), e);
        }
        return NetworkReader.read(path.toString(), json);
    }

    /** The network as pretty-printed JSON text, as {@link #save} writes it. */
    public static String toJson(Network net) {
        return NetworkWriter.toJson(nonNull(net, "the network net"));
    }

    /** A network from JSON text in the format above; errors name "the JSON text". */
    public static Network fromJson(String json) {
        return NetworkReader.read("the JSON text", nonNull(json, "the JSON text json"));
    }

    private static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
