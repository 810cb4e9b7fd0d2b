package backprop.data;

import backprop.DataSet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 10,000 MNIST digits shipped with the library, checked against the raw bytes. */
class ShippedMnistTest {

    static final DataSet ALL = DataSets.mnist();
    static final byte[] IMAGES = raw(DataSets.MNIST_IMAGES);
    static final byte[] LABELS = raw(DataSets.MNIST_LABELS);

    @Test
    void tenThousandDigitsOf784PixelsWithLabels0To9InTheCountsTheAttributionGives() {
        assertEquals(10_000, ALL.size());
        assertEquals(784, ALL.inputSize());
        assertEquals(10, ALL.outputSize());
        int[] counts = new int[10];
        for (int label : ALL.labels()) {
            counts[label]++;
        }
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, counts);
    }

    @Test
    void pixelsAreTheFilesBytesOver255AndLabelsTheFilesLabels() {
        for (int e : new int[] {0, 1, 4321, 9999}) {
            assertEquals(LABELS[8 + e], ALL.label(e));
            for (int p = 0; p < 784; p++) {
                assertEquals((IMAGES[16 + e * 784 + p] & 0xff) / 255.0, ALL.x().get(p, e), 0.0);
            }
        }
        double ink = 0;
        for (int p = 0; p < 784; p++) {
            ink += ALL.x().get(p, 0);
        }
        assertTrue(ink > 50 && ink < 200, "a digit is mostly paper with some ink: " + ink);
    }

    @Test
    void theSplitIsDisjointSizedAndTheSameForTheSameSeed() {
        DataSet.Split a = DataSets.mnist(8000, 2000, 1);
        DataSet.Split b = DataSets.mnist(8000, 2000, 1);
        DataSet.Split c = DataSets.mnist(8000, 2000, 2);
        assertEquals(8000, a.training().size());
        assertEquals(2000, a.test().size());
        assertArrayEquals(a.training().labels(), b.training().labels());
        assertEquals(0, a.test().x().minus(b.test().x()).maxAbs());
        assertNotEquals(Arrays.toString(a.test().labels()), Arrays.toString(c.test().labels()));
        Set<String> training = new HashSet<>();
        for (double[] image : a.training().x().transpose().toArray()) {
            training.add(Arrays.toString(image));
        }
        int shared = 0;
        for (double[] image : a.test().x().transpose().toArray()) {
            shared += training.contains(Arrays.toString(image)) ? 1 : 0;
        }
        // MNIST has a handful of exact duplicate images; a split that mixed the sets would share thousands
        assertTrue(shared < 5, shared + " test digits are also training digits");
    }

    @Test
    void aSplitAskingForMoreThanThereIsSaysHowManyThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSets.mnist(9000, 2000, 1));
        assertTrue(e.getMessage().contains("10000") && e.getMessage().contains("at most"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataSets.mnist(0, 10, 1));
    }

    @Test
    void aDamagedImageFileIsNamedWithTheOffsetAtFault() {
        byte[] cut = Arrays.copyOf(IMAGES, 16 + 784 * 5000 + 100);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mnist.examples(DataSets.MNIST_IMAGES, gzip(cut), DataSets.MNIST_LABELS,
                        gzip(LABELS), Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith(DataSets.MNIST_IMAGES + ": cut short"), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + cut.length) && e.getMessage().contains("image 5000"),
                e.getMessage());

        byte[] badLabel = LABELS.clone();
        badLabel[8 + 1234] = 12;
        e = assertThrows(IllegalArgumentException.class,
                () -> Mnist.examples(DataSets.MNIST_IMAGES, gzip(IMAGES), DataSets.MNIST_LABELS,
                        gzip(badLabel), Integer.MAX_VALUE));
        assertEquals(DataSets.MNIST_LABELS + ": label 1234 (at offset 1242) is 12, outside 0..9",
                e.getMessage());
    }

    @Test
    void damagedGzipDataIsNamedByFile() {
        byte[] packed = gzip(IMAGES).readAllBytesUnchecked();
        packed[packed.length / 2] ^= 0x55;
        packed[packed.length / 2 + 1] ^= 0x55;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mnist.examples(DataSets.MNIST_IMAGES, new ByteArrayInputStream(packed),
                        DataSets.MNIST_LABELS, gzip(LABELS), Integer.MAX_VALUE));
        assertTrue(e.getMessage().startsWith(DataSets.MNIST_IMAGES + ": the gzip data is damaged"),
                e.getMessage());
    }

    /** A shipped file decompressed with java.util.zip alone. */
    static byte[] raw(String name) {
        try (InputStream in = new GZIPInputStream(
                ShippedMnistTest.class.getResourceAsStream("/backprop/data/" + name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Packed gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Packed(out.toByteArray());
    }

    static final class Packed extends ByteArrayInputStream {
        Packed(byte[] bytes) {
            super(bytes);
        }

        byte[] readAllBytesUnchecked() {
            return Arrays.copyOf(buf, count);
        }
    }
}
