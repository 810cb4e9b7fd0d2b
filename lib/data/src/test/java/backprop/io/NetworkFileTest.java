package backprop.io;

import backprop.Activation;
import backprop.Init;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saving and loading gives back the very same network, bit for bit. */
class NetworkFileTest {

    @TempDir
    Path dir;

    @Test
    void everyActivationWithAndWithoutBiasesRoundTripsBitForBit() {
        for (Activation f : Activation.values()) {
            for (boolean biases : new boolean[] {true, false}) {
                Network.Builder builder = Network.sizes(3, 5, 4, 2).activation(f)
                        .init(Init.GAUSSIAN).seed(f.ordinal() * 2L + (biases ? 1 : 0));
                Network net = (biases ? builder : builder.withoutBiases()).build();
                assertSameNetwork(net, NetworkFile.fromJson(NetworkFile.toJson(net)));
            }
        }
    }

    @Test
    void mixedLayersKeepTheirOwnActivationAndBiases() {
        Network net = Network.of(
                Layer.of(Matrix.of(new double[][] {{0.5, -1.25}, {2, 0}, {1e-3, 7}}),
                        Matrix.vector(0.1, 0.2, 0.3), Activation.RELU),
                Layer.withoutBias(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}), Activation.TANH),
                Layer.of(Matrix.of(new double[][] {{-1, 1}}), Matrix.vector(-0.5), Activation.SIGMOID));
        Network loaded = NetworkFile.fromJson(NetworkFile.toJson(net));
        assertSameNetwork(net, loaded);
        assertEquals("[2, 3, 2, 1] relu → tanh (no bias) → sigmoid", loaded.toString());
    }

    /** Doubles whose shortest decimal form is long, tiny, huge, negative zero, and random bit patterns. */
    @Test
    void awkwardDoublesComeBackExactly() {
        double[] awkward = {0.1 + 0.2, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, Math.PI,
                Math.nextUp(1.0), Math.nextDown(1.0), 1e23, 2e-3, 1.0 / 3, 123456789.123456789, 5e-324,
                9007199254740993.0, 0.30000000000000004, 2.2250738585072014E-308, 4.35e-7};
        Random random = new Random(42);
        Matrix randomBits = Matrix.fill(100, 60, (j, k) -> {
            double d;
            do {
                d = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(d));
            return d;
        });
        Network net = Network.of(
                Layer.of(Matrix.row(awkward), Matrix.vector(Math.E), Activation.IDENTITY),
                Layer.withoutBias(Matrix.fill(60, 1, (j, k) -> random.nextGaussian()), Activation.TANH),
                Layer.of(randomBits, Matrix.fill(100, 1, (j, k) -> Math.scalb(random.nextDouble(), -1070)),
                        Activation.SIGMOID));
        assertSameNetwork(net, NetworkFile.fromJson(NetworkFile.toJson(net)));
    }

    @Test
    void aSavedFileLoadsBackAndHoldsTheSameTextAsToJson() throws IOException {
        Network net = Network.sizes(64, 30, 10).seed(3).build();
        Path file = dir.resolve("digits-net.json");
        NetworkFile.save(net, file);
        assertEquals(NetworkFile.toJson(net), Files.readString(file, StandardCharsets.UTF_8));
        Network loaded = NetworkFile.load(file);
        assertSameNetwork(net, loaded);
        Matrix x = Matrix.fill(64, 5, (i, e) -> (i * 7 + e * 3) % 17 / 16.0);
        assertEquals(net.feedForward(x), loaded.feedForward(x), "the same outputs, bit for bit");
    }

    @Test
    void savingTwiceReplacesTheFile() {
        Path file = dir.resolve("net.json");
        NetworkFile.save(Network.sizes(2, 8, 1).seed(1).build(), file);
        Network second = Network.sizes(2, 3, 1).seed(2).build();
        NetworkFile.save(second, file);
        assertSameNetwork(second, NetworkFile.load(file));
    }

    /** The example in NetworkFile's Javadoc, written out by hand, is what save writes. */
    @Test
    void theFileLooksLikeTheDocumentedExample() {
        Network net = Network.of(
                Layer.of(Matrix.of(new double[][] {{0.15, 0.2}, {0.25, 0.3}}), Matrix.vector(0.35, 0.35),
                        Activation.SIGMOID),
                Layer.withoutBias(Matrix.row(0.4, 0.45), Activation.RELU));
        String documented = """
                {
                  "format": "backprop-lab network",
                  "version": 1,
                  "sizes": [ 2, 2, 1 ],
                  "layers": [
                    {
                      "activation": "sigmoid",
                      "weights": [
                        [ 0.15, 0.2 ],
                        [ 0.25, 0.3 ]
                      ],
                      "biases": [ 0.35, 0.35 ]
                    },
                    {
                      "activation": "relu",
                      "weights": [
                        [ 0.4, 0.45 ]
                      ],
                      "biases": null
                    }
                  ]
                }
                """;
        assertEquals(documented, NetworkFile.toJson(net));
    }

    @Test
    void aCompactHandWrittenFileWithWholeNumbersLoads() {
        Network net = NetworkFile.fromJson("{\"format\":\"backprop-lab network\",\"version\":1,"
                + "\"sizes\":[1,2],\"layers\":[{\"weights\":[[3],[-2]],\"biases\":[0,1],"
                + "\"activation\":\"Tanh\"}]}");
        assertEquals(Matrix.vector(3, -2), net.w(1));
        assertEquals(Matrix.vector(0, 1), net.b(1));
        assertEquals(Activation.TANH, net.activation(1));
    }

    /** Same sizes, activations, biases or not, and every weight and bias with the same bits. */
    static void assertSameNetwork(Network expected, Network actual) {
        assertArrayEquals(expected.sizes(), actual.sizes());
        for (int l = 1; l <= expected.depth(); l++) {
            assertEquals(expected.activation(l), actual.activation(l), "activation of layer " + l);
            assertSameBits(expected.w(l), actual.w(l), "weights of layer " + l);
            assertEquals(expected.layer(l).hasBias(), actual.layer(l).hasBias(), "biases of layer " + l);
            if (expected.layer(l).hasBias()) {
                assertSameBits(expected.b(l), actual.b(l), "biases of layer " + l);
            } else {
                assertFalse(actual.layer(l).hasBias());
            }
        }
    }

    static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what);
        double[] e = expected.toFlatArray();
        double[] a = actual.toFlatArray();
        for (int i = 0; i < e.length; i++) {
            long eb = Double.doubleToRawLongBits(e[i]);
            long ab = Double.doubleToRawLongBits(a[i]);
            assertTrue(eb == ab, what + ", entry " + i + ": saved " + e[i] + ", loaded " + a[i]);
        }
    }
}
