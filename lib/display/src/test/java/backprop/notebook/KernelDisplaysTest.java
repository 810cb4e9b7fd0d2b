package backprop.notebook;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reflective bridge to a kernel's display, driven against stand-ins shaped like the kernels'
 * own classes (the real kernel is exercised by the notebook tests).
 */
class KernelDisplaysTest {

    /** Shaped like IJava's and JJava's DisplayData: a public constructor and putData. */
    public static final class DisplayData {
        final Map<String, Object> data = new LinkedHashMap<>();

        public DisplayData() {
        }

        public void putData(String mime, Object content) {
            data.put(mime, content);
        }
    }

    /** Shaped like IJava's and JJava's kernel: display(DisplayData). */
    public static final class BaseLikeKernel {
        final List<Map<String, Object>> published = new java.util.ArrayList<>();

        public void display(DisplayData data) {
            published.add(data.data);
        }
    }

    /** Shaped like rapaio's: the constructor is not public, a static factory makes one. */
    public static final class RapaioLike {
        public static final class DisplayData {
            final Map<String, Object> data = new LinkedHashMap<>();

            DisplayData() {
            }

            public static DisplayData fromText(String text) {
                DisplayData d = new DisplayData();
                d.data.put("text/plain", text);
                return d;
            }

            public void putData(String mime, Object content) {
                data.put(mime, content);
            }
        }

        final List<Map<String, Object>> published = new java.util.ArrayList<>();

        public void display(DisplayData data) {
            if (!data.data.containsKey("text/plain")) {
                throw new IllegalArgumentException("no text");
            }
            published.add(data.data);
        }
    }

    @Test
    void sendsEveryMimeTypeOfTheBundleToAnIJavaLikeKernel() {
        BaseLikeKernel kernel = new BaseLikeKernel();
        Display display = KernelDisplays.KernelDisplay.of("IJava", kernel);
        assertNotNull(display);

        display.send(MimeBundle.html("<b>x</b>", "x"));

        assertEquals(List.of(Map.of("text/html", "<b>x</b>", "text/plain", "x")), kernel.published);
        assertEquals("the display of the IJava kernel", display.describe());
    }

    @Test
    void makesTheDisplayDataWithTheFactoryWhenTheConstructorIsHidden() {
        RapaioLike kernel = new RapaioLike();
        Display display = KernelDisplays.KernelDisplay.of("rapaio-jupyter-kernel", kernel);
        assertNotNull(display);

        display.send(MimeBundle.png("iVBOR", "a picture"));

        assertEquals(List.of(Map.of("image/png", "iVBOR", "text/plain", "a picture")),
                kernel.published);
    }

    /** Shaped like rapaio's display that can be updated: setDisplayId on the data, updateDisplay on the kernel. */
    public static final class Updatable {
        public static final class DisplayData {
            final Map<String, Object> data = new LinkedHashMap<>();
            String id;

            public DisplayData() {
            }

            public void putData(String mime, Object content) {
                data.put(mime, content);
            }

            public void setDisplayId(String id) {
                this.id = id;
            }
        }

        final List<String> published = new java.util.ArrayList<>();

        public void display(DisplayData data) {
            published.add("display " + data.id + " " + data.data.get("text/plain"));
        }

        public void updateDisplay(DisplayData data) {
            published.add("update " + data.id + " " + data.data.get("text/plain"));
        }
    }

    @Test
    void aDisplaySentWithAnIdIsUpdatedInPlaceUnderThatId() {
        Updatable kernel = new Updatable();
        Display display = KernelDisplays.KernelDisplay.of("rapaio-jupyter-kernel", kernel);
        assertTrue(display.updatesInPlace());
        display.send(MimeBundle.text("first"), "d-1");
        display.update(MimeBundle.text("second"), "d-1");
        display.send(MimeBundle.text("plain"));
        assertEquals(List.of("display d-1 first", "update d-1 second", "display null plain"), kernel.published);
    }

    @Test
    void aKernelWithoutUpdatesSaysSoAndSendsAPlainDisplay() {
        BaseLikeKernel kernel = new BaseLikeKernel();
        Display display = KernelDisplays.KernelDisplay.of("IJava", kernel);
        assertFalse(display.updatesInPlace());
        display.send(MimeBundle.text("x"), "d-2");
        assertEquals(1, kernel.published.size());
        assertThrows(UnsupportedOperationException.class, () -> display.update(MimeBundle.text("y"), "d-2"));
    }

    @Test
    void aKernelWithoutADisplayMethodIsNotADisplay() {
        assertNull(KernelDisplays.KernelDisplay.of("nothing", new Object()));
    }

    @Test
    void aKernelThatRefusesSaysWhichKernelAndWhy() {
        Display display = KernelDisplays.KernelDisplay.of("picky", new Object() {
            @SuppressWarnings("unused")
            public void display(DisplayData data) {
                throw new UnsupportedOperationException("not today");
            }
        });
        assertNotNull(display);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> display.send(MimeBundle.text("x")));
        assertTrue(e.getMessage().startsWith("the picky kernel refused to display the output: "
                + "java.lang.UnsupportedOperationException: not today"), e.getMessage());
    }

    @Test
    void thereIsNoKernelInAUnitTest() {
        assertNull(KernelDisplays.find());
    }
}
