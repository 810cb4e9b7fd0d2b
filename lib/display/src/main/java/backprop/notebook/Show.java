package backprop.notebook;

import backprop.GradientCheck;
import backprop.Gradients;
import backprop.History;
import backprop.Matrix;
import backprop.Trace;
import backprop.graph.Value;
import backprop.plot.StepThrough;
import backprop.table.Tables;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import java.awt.image.RenderedImage;

/**
 * Shows a result under the notebook cell, as richly as the kernel allows:
 * <ul>
 *   <li>an XChart chart or a {@code BufferedImage} as a PNG picture;</li>
 *   <li>a Tablesaw {@code Table} as an HTML table;</li>
 *   <li>a {@code plot.StepThrough} as its interactive HTML (its frames as text too);</li>
 *   <li>the library's {@code Trace}, {@code Gradients}, {@code History}, {@code GradientCheck},
 *       {@code Matrix} and {@code graph.Value} as HTML tables (through {@code backprop.table.Tables});</li>
 *   <li>anything else as its {@code toString()}.</li>
 * </ul>
 * Every output also carries plain text, which is all that is printed outside a notebook (in a
 * test, in JShell, in a program). The notebook's first cell imports it:
 * <pre>{@code
 * import backprop.*;
 * import static backprop.notebook.Show.show;
 * }</pre>
 * {@code show} returns nothing, so no stray value appears under the cell. It works on any
 * IJava-like kernel (rapaio-jupyter-kernel, IJava, JJava): it finds the kernel's display at run
 * time and needs no kernel-specific code in the notebook.
 */
public final class Show {

    private static Display display;

    private Show() {
    }

    /** Shows x under the current cell (or prints it as text outside a notebook). */
    public static void show(Object x) {
        MimeBundle bundle = render(x);
        Display target = display();
        try {
            target.send(bundle);
        } catch (RuntimeException e) {
            // A kernel whose display API changed must not hide the result: print it as text.
            System.err.println("show: " + e.getMessage() + "; showing text instead");
            System.out.println(bundle.text());
        }
    }

    /** What {@link #show} sends for x: the MIME types and their content. */
    public static MimeBundle render(Object x) {
        if (x == null) {
            return MimeBundle.text("null");
        }
        if (x instanceof Chart<?, ?> chart) {
            String title = chart.getTitle() == null || chart.getTitle().isBlank()
                    ? "untitled" : "\"" + chart.getTitle() + "\"";
            return MimeBundle.png(Png.base64(Png.draw(chart)), chart.getClass().getSimpleName()
                    + " " + title + " (" + chart.getWidth() + "×" + chart.getHeight() + " PNG)");
        }
        if (x instanceof RenderedImage image) {
            return MimeBundle.png(Png.base64(image), "image (" + image.getWidth() + "×"
                    + image.getHeight() + " PNG)");
        }
        if (x instanceof StepThrough step) {
            return MimeBundle.html(step.html(), step.toString());
        }
        if (x instanceof Table table) {
            return MimeBundle.html(Html.table(table), table.print());
        }
        Table table = libraryTable(x);
        if (table != null) {
            return MimeBundle.html(Html.table(table), x.toString());
        }
        return MimeBundle.text(String.valueOf(x));
    }

    /** The library's results that have a table form, as that table; null for anything else. */
    private static Table libraryTable(Object x) {
        if (x instanceof Trace trace) {
            return Tables.trace(trace);
        }
        if (x instanceof Gradients gradients) {
            return Tables.gradients(gradients);
        }
        if (x instanceof History history) {
            return Tables.history(history);
        }
        if (x instanceof GradientCheck check) {
            return Tables.gradientCheck(check);
        }
        if (x instanceof Value value) {
            return Tables.graph(value);
        }
        if (x instanceof Matrix matrix) {
            return Tables.matrix(matrix);
        }
        return null;
    }

    /** Where outputs go: found once, on first use. */
    static synchronized Display display() {
        if (display == null) {
            display = Display.find();
        }
        return display;
    }

    /** Sends outputs somewhere else from now on (tests); null finds the display again. */
    static synchronized void useDisplay(Display target) {
        display = target;
    }
}
