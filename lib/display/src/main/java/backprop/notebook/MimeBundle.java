package backprop.notebook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One output for a notebook: the same thing in one or more MIME types, such as an HTML table with
 * its plain-text twin. Jupyter shows the richest type it can and keeps the others, so every bundle
 * made here has {@code text/plain}. Images are base64-encoded, as Jupyter's message format wants.
 *
 * @param data MIME type → content, in the order they were added; {@code text/plain} always present
 */
public record MimeBundle(Map<String, String> data) {

    /** The plain-text MIME type, which every bundle has. */
    public static final String TEXT = "text/plain";
    /** The HTML MIME type: tables and text a notebook renders. */
    public static final String HTML = "text/html";
    /** The PNG image MIME type: plots and pictures, base64-encoded. */
    public static final String PNG = "image/png";

    public MimeBundle {
        if (data == null || !data.containsKey(TEXT)) {
            throw new IllegalArgumentException("a MIME bundle needs a text/plain entry, got "
                    + (data == null ? "null" : data.keySet()));
        }
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** Plain text only. */
    public static MimeBundle text(String text) {
        return new MimeBundle(Map.of(TEXT, text));
    }

    /** An HTML fragment and the plain text shown where HTML cannot be. */
    public static MimeBundle html(String html, String text) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(HTML, html);
        data.put(TEXT, text);
        return new MimeBundle(data);
    }

    /** A PNG image (base64) and the plain text shown where images cannot be. */
    public static MimeBundle png(String base64, String text) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PNG, base64);
        data.put(TEXT, text);
        return new MimeBundle(data);
    }

    /** The plain-text form, what {@code show} prints outside a notebook. */
    public String text() {
        return data.get(TEXT);
    }

    /** Whether the bundle holds content of this MIME type. */
    public boolean has(String mimeType) {
        return data.containsKey(mimeType);
    }

    /** The content for a MIME type; fails when the bundle has none. */
    public String get(String mimeType) {
        String content = data.get(mimeType);
        if (content == null) {
            throw new IllegalArgumentException("this bundle has no " + mimeType + ", only "
                    + data.keySet());
        }
        return content;
    }
}
