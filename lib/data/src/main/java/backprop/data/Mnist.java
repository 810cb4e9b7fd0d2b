package backprop.data;

import backprop.DataSet;
import backprop.Matrix;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads MNIST's handwritten digits from their IDX files, for those who have them (the library
 * does not ship them): an image file and a label file, each optionally gzipped.
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
        Idx.Images pictures = Idx.images(images.toString(),
                DataFile.readAllBytes(images.toString(), DataFile.open(images)));
        int[] digits = Idx.labels(labels.toString(),
                DataFile.readAllBytes(labels.toString(), DataFile.open(labels)), CLASSES);
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
