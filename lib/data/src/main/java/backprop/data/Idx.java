package backprop.data;

/**
 * The IDX format of the MNIST files: a header of big-endian 32-bit integers, then unsigned
 * bytes. Offsets below count bytes from the start of the file (of the decompressed data, for a
 * gzipped file), and error messages name them.
 *
 * <pre>
 * images (idx3)                               labels (idx1)
 * offset  field                               offset  field
 *  0      magic number 0x00000803              0      magic number 0x00000801
 *  4      number of images n                   4      number of labels n
 *  8      rows per image (28 for MNIST)        8      n labels, one byte each, 0..9
 * 12      columns per image (28)
 * 16      n images, one byte per pixel, row by row, 0 (paper) .. 255 (ink)
 * </pre>
 *
 * In the magic number, 0x08 says "unsigned bytes" and the last byte the number of dimensions.
 */
final class Idx {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_HEADER = 16;
    static final int LABELS_HEADER = 8;

    private Idx() {
    }

    /** The images of an IDX image file; pixel p of image i is {@link #pixel(int, int)}. */
    record Images(String file, int count, int rows, int columns, byte[] bytes) {

        int pixelsPerImage() {
            return rows * columns;
        }

        /** Pixel p (row by row) of image i, 0..255. */
        int pixel(int i, int p) {
            return bytes[IMAGES_HEADER + i * pixelsPerImage() + p] & 0xff;
        }
    }

    /** Reads and checks an image file; {@code file} names it in error messages. */
    static Images images(String file, byte[] bytes) {
        checkMagic(file, bytes, IMAGES_MAGIC, "an image file", LABELS_MAGIC, "a label file");
        int count = header(file, bytes, 4, "the number of images", 0);
        int rows = header(file, bytes, 8, "the number of rows", 1);
        int columns = header(file, bytes, 12, "the number of columns", 1);
        long imageBytes = (long) rows * columns;
        checkLength(file, bytes, IMAGES_HEADER, count, imageBytes,
                count + " images of " + rows + "×" + columns + " pixels", "image");
        return new Images(file, count, rows, columns, bytes);
    }

    /** Reads and checks a label file whose labels must be 0 … classes−1. */
    static int[] labels(String file, byte[] bytes, int classes) {
        checkMagic(file, bytes, LABELS_MAGIC, "a label file", IMAGES_MAGIC, "an image file");
        int count = header(file, bytes, 4, "the number of labels", 0);
        checkLength(file, bytes, LABELS_HEADER, count, 1, count + " labels of one byte", "label");
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int offset = LABELS_HEADER + i;
            labels[i] = bytes[offset] & 0xff;
            if (labels[i] >= classes) {
                throw new IllegalArgumentException(file + ": label " + i + " (at offset " + offset
                        + ") is " + labels[i] + ", outside 0.." + (classes - 1));
            }
        }
        return labels;
    }

    private static void checkMagic(String file, byte[] bytes, int expected, String kind,
                                   int other, String otherKind) {
        int magic = readInt(file, bytes, 0, "the magic number");
        if (magic != expected) {
            String hint = magic == other ? ": " + hex(other) + " starts " + otherKind
                    + "; were the image and label files swapped?" : "";
            throw new IllegalArgumentException(file + ": the magic number at offset 0 is "
                    + hex(magic) + ", but " + kind + " starts with " + hex(expected) + hint);
        }
    }

    /** A header field that must be at least {@code min}. */
    private static int header(String file, byte[] bytes, int offset, String field, int min) {
        int value = readInt(file, bytes, offset, field);
        if (value < min) {
            throw new IllegalArgumentException(file + ": " + field + " at offset " + offset
                    + " is " + value + ", but it must be at least " + min);
        }
        return value;
    }

    /** The file must hold exactly the header and {@code count} items of {@code itemBytes} each. */
    private static void checkLength(String file, byte[] bytes, int header, int count,
                                    long itemBytes, String promise, String item) {
        long expected = header + count * itemBytes;
        if (bytes.length < expected) {
            long cut = (bytes.length - header) / itemBytes;
            throw new IllegalArgumentException(file + ": cut short: the header promises " + promise
                    + ", so the file should be " + expected + " bytes long, but it ends at offset "
                    + bytes.length + " (in " + item + " " + cut + ", counting from 0)");
        }
        if (bytes.length > expected) {
            throw new IllegalArgumentException(file + ": the header promises " + promise
                    + ", which end at offset " + expected + ", but the file goes on to offset "
                    + bytes.length);
        }
    }

    /** The big-endian 32-bit integer at this offset. */
    private static int readInt(String file, byte[] bytes, int offset, String field) {
        if (bytes.length < offset + 4) {
            throw new IllegalArgumentException(file + ": cut short in the header: the file ends "
                    + "at offset " + bytes.length + ", but " + field + " fills offsets " + offset
                    + " to " + (offset + 3));
        }
        return (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
                | (bytes[offset + 2] & 0xff) << 8 | (bytes[offset + 3] & 0xff);
    }

    private static String hex(int value) {
        return String.format("0x%08x", value);
    }
}
