package backprop.data;

import backprop.DataSet;
import backprop.Matrix;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads MNIST's handwritten digits from their IDX files: an image file and a label file, each
 * optionally gzipped. The library ships 10,000 of the digits ({@link DataSets#mnist()}); the full
 * MNIST files (60,000 training and 10,000 test digits) are read with {@link #read}.
 *
 * <pre>{@code
 * DataSet training = Mnist.read(Path.of("train-images-idx3-ubyte.gz"),
 *                               Path.of("train-labels-idx1-ubyte.gz"));
 * }</pre>
 *
 * Each image becomes one example: its pixels row by row, scaled from 0..255 to 0..1 (784 inputs
 * for 28×28 images), with the digit as a one-hot target of 10 entries. A file that breaks the
 * format is reported with its name and the offset or header field at fault.
 */
public final class Mnist {

    /** Digits 0..9. */
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /** Every image with its label. */
    public static DataSet read(Path images, Path labels) {
        return read(images, labels, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} images with their labels (all of them if there are fewer): 60 000
     * examples of 784 doubles take about 380 MB, so a notebook may want fewer. Both files are
     * still checked whole.
     */
    public static DataSet read(Path images, Path labels, int limit) {
        DataSets.nonNull(images, "the image file's path images");
        DataSets.nonNull(labels, "the label file's path labels");
        if (limit < 1) {
            throw new IllegalArgumentException("the number of examples to read must be at least "
                    + "1, got " + limit);
        }
        return examples(images.toString(), DataFile.open(images), labels.toString(),
                DataFile.open(labels), limit);
    }

    /**
     * The examples of an image file and a label file, opened as streams ({@code images} and
     * {@code labels} name them in error messages); the first {@code limit} of them.
     */
    static DataSet examples(String images, InputStream imageFile, String labels,
                            InputStream labelFile, int limit) {
        Idx.Images pictures = Idx.images(images, DataFile.readAllBytes(images, imageFile));
        int[] digits = Idx.labels(labels, DataFile.readAllBytes(labels, labelFile), CLASSES);
        if (pictures.count() != digits.length) {
            throw new IllegalArgumentException(images + " holds " + pictures.count()
                    + " images but " + labels + " holds " + digits.length
                    + " labels: every image needs one label");
        }
        if (digits.length == 0) {
            throw new IllegalArgumentException(images + " and " + labels + " hold no examples");
        }
        int n = Math.min(limit, digits.length);
        Matrix x = Matrix.fill(pictures.pixelsPerImage(), n, (p, e) -> pictures.pixel(e, p) / 255.0);
        int[] firstLabels = Arrays.copyOf(digits, n);
        return DataSet.labelled(x, firstLabels, CLASSES);
    }
}
