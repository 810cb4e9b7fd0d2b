package backprop.data;

import backprop.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MNIST's IDX files, written here byte by byte (big-endian header, then unsigned bytes). */
class MnistTest {

    @TempDir
    Path dir;

    /** 3 images of 2×3 pixels, with pixel values that use the whole range 0..255. */
    static final int[][] PIXELS = {
            {0, 255, 128, 1, 2, 3},
            {10, 20, 30, 40, 50, 60},
            {255, 254, 0, 0, 127, 200}};
    static final int[] LABELS = {7, 0, 9};

    @Test
    void imagesAndLabelsComeBackAsExamplesScaledTo0To1WithOneHotTargets() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        checkRoundTrip(Mnist.read(images, labels));
    }

    @Test
    void gzippedFilesAreReadTheSame() throws IOException {
        Path images = write("images.idx.gz", imageFile(0x803, 3, 2, 3, PIXELS), true);
        Path labels = write("labels.idx.gz", labelFile(0x801, 3, LABELS), true);
        checkRoundTrip(Mnist.read(images, labels));
    }

    @Test
    void aLimitReadsOnlyTheFirstExamples() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        DataSet two = Mnist.read(images, labels, 2);
        assertEquals(2, two.size());
        assertArrayEquals(new int[] {7, 0}, two.labels());
        assertEquals(3, Mnist.read(images, labels, 100).size());
        fails("the number of examples to read must be at least 1, got 0",
                () -> Mnist.read(images, labels, 0));
    }

    private static void checkRoundTrip(DataSet data) {
        assertEquals(3, data.size());
        assertEquals(6, data.inputSize());
        assertEquals(10, data.outputSize());
        for (int e = 0; e < 3; e++) {
            for (int p = 0; p < 6; p++) {
                assertEquals(PIXELS[e][p] / 255.0, data.x().get(p, e), "pixel " + p + " of image " + e);
            }
            for (int c = 0; c < 10; c++) {
                assertEquals(c == LABELS[e] ? 1.0 : 0.0, data.y().get(c, e));
            }
        }
        assertArrayEquals(LABELS, data.labels());
    }

    // ---- malformed files -------------------------------------------------------------------

    @Test
    void aBadMagicNumber() throws IOException {
        Path images = write("images.idx", imageFile(0x804, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails(images + ": the magic number at offset 0 is 0x00000804, but an image file starts "
                + "with 0x00000803", () -> Mnist.read(images, labels));
    }

    @Test
    void swappedFilesAreRecognisedByTheirMagicNumbers() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails(labels + ": the magic number at offset 0 is 0x00000801, but an image file starts "
                + "with 0x00000803: 0x00000801 starts a label file; were the image and label files "
                + "swapped?", () -> Mnist.read(labels, images));
    }

    @Test
    void aLabelFileWithTheMagicNumberOfSomethingElse() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x0d01, 3, LABELS), false);
        fails(labels + ": the magic number at offset 0 is 0x00000d01, but a label file starts "
                + "with 0x00000801", () -> Mnist.read(images, labels));
    }

    @Test
    void aHeaderCutShort() throws IOException {
        byte[] whole = imageFile(0x803, 3, 2, 3, PIXELS);
        Path images = writeBytes("images.idx", Arrays.copyOf(whole, 10));
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails(images + ": cut short in the header: the file ends at offset 10, but the number of "
                + "rows fills offsets 8 to 11", () -> Mnist.read(images, labels));
        Path empty = writeBytes("empty.idx", new byte[0]);
        fails(empty + ": cut short in the header: the file ends at offset 0, but the magic number "
                + "fills offsets 0 to 3", () -> Mnist.read(empty, labels));
    }

    @Test
    void imagesCutShort() throws IOException {
        byte[] whole = imageFile(0x803, 3, 2, 3, PIXELS); // 16 + 3 × 6 = 34 bytes
        Path images = writeBytes("images.idx", Arrays.copyOf(whole, 25));
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails(images + ": cut short: the header promises 3 images of 2×3 pixels, so the file "
                + "should be 34 bytes long, but it ends at offset 25 (in image 1, counting from 0)",
                () -> Mnist.read(images, labels));
    }

    @Test
    void labelsCutShort() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        byte[] whole = labelFile(0x801, 3, LABELS); // 8 + 3 = 11 bytes
        Path labels = writeBytes("labels.idx", Arrays.copyOf(whole, 9));
        fails(labels + ": cut short: the header promises 3 labels of one byte, so the file should "
                + "be 11 bytes long, but it ends at offset 9 (in label 1, counting from 0)",
                () -> Mnist.read(images, labels));
    }

    @Test
    void bytesAfterTheLastImage() throws IOException {
        byte[] whole = imageFile(0x803, 3, 2, 3, PIXELS);
        Path images = writeBytes("images.idx", Arrays.copyOf(whole, whole.length + 5));
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails(images + ": the header promises 3 images of 2×3 pixels, which end at offset 34, but "
                + "the file goes on to offset 39", () -> Mnist.read(images, labels));
    }

    @Test
    void imagesAndLabelsOfDifferentCounts() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 2, new int[] {7, 0}), false);
        fails(images + " holds 3 images but " + labels + " holds 2 labels: every image needs one label",
                () -> Mnist.read(images, labels));
    }

    @Test
    void aLabelThatIsNotADigit() throws IOException {
        Path images = write("images.idx", imageFile(0x803, 3, 2, 3, PIXELS), false);
        Path labels = write("labels.idx", labelFile(0x801, 3, new int[] {7, 12, 9}), false);
        fails(labels + ": label 1 (at offset 9) is 12, outside 0..9", () -> Mnist.read(images, labels));
    }

    @Test
    void impossibleHeaderFields() throws IOException {
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        Path noRows = write("rows.idx", imageFile(0x803, 3, 0, 3, new int[0][]), false);
        fails(noRows + ": the number of rows at offset 8 is 0, but it must be at least 1",
                () -> Mnist.read(noRows, labels));
        Path negative = write("count.idx", imageFile(0x803, -1, 2, 3, new int[0][]), false);
        fails(negative + ": the number of images at offset 4 is -1, but it must be at least 0",
                () -> Mnist.read(negative, labels));
        Path none = write("none.idx", imageFile(0x803, 0, 2, 3, new int[0][]), false);
        Path noLabels = write("nolabels.idx", labelFile(0x801, 0, new int[0]), false);
        fails(none + " and " + noLabels + " hold no examples", () -> Mnist.read(none, noLabels));
    }

    @Test
    void aMissingFile() {
        Path missing = dir.resolve("nowhere.idx");
        var e = assertThrows(UncheckedIOException.class, () -> Mnist.read(missing, missing));
        assertEquals("the file " + missing + " does not exist", e.getMessage());
    }

    // ---- writing IDX files -----------------------------------------------------------------

    static byte[] imageFile(int magic, int count, int rows, int columns, int[][] images) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // writeInt is big-endian, as IDX is
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        for (int[] image : images) {
            for (int pixel : image) {
                out.writeByte(pixel);
            }
        }
        return bytes.toByteArray();
    }

    static byte[] labelFile(int magic, int count, int[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        for (int label : labels) {
            out.writeByte(label);
        }
        return bytes.toByteArray();
    }

    Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path path = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(path))
                                     : Files.newOutputStream(path)) {
            out.write(content);
        }
        return path;
    }

    Path writeBytes(String name, byte[] content) throws IOException {
        return write(name, content, false);
    }

    static void fails(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void nullPathsAreNamed() throws IOException {
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        fails("the image file's path images must not be null", () -> Mnist.read(null, labels));
        fails("the label file's path labels must not be null", () -> Mnist.read(labels, null, 2));
    }

    @Test
    void aDamagedGzipFileIsNamedWithWhatIsWrongWithIt() throws IOException {
        Path labels = write("labels.idx", labelFile(0x801, 3, LABELS), false);
        byte[] gz = Files.readAllBytes(write("whole.idx.gz", imageFile(0x803, 3, 2, 3, PIXELS), true));
        Path header = writeBytes("header.idx.gz", Arrays.copyOf(gz, 5));
        Path trailer = writeBytes("trailer.idx.gz", Arrays.copyOf(gz, gz.length - 3));
        Path half = writeBytes("half.idx.gz", Arrays.copyOf(gz, gz.length / 2));
        for (Path cut : new Path[] {header, trailer, half}) {
            fails(cut + ": the gzip data is cut short: the file ends before its compressed data does",
                    () -> Mnist.read(cut, labels));
        }
        byte[] wrongSum = gz.clone();
        wrongSum[gz.length - 5] ^= 0x55;                  // inside the CRC-32 of the trailer
        Path damaged = writeBytes("damaged.idx.gz", wrongSum);
        fails(damaged + ": the gzip data is damaged: Corrupt GZIP trailer", () -> Mnist.read(damaged, labels));
    }
}
