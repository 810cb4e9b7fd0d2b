package backprop.notebook;

import backprop.Activation;
import backprop.Cost;
import backprop.DataSet;
import backprop.GradientCheck;
import backprop.Gradients;
import backprop.History;
import backprop.Layer;
import backprop.Matrix;
import backprop.Network;
import backprop.Sgd;
import backprop.graph.Value;
import backprop.table.Tables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What show() sends for each kind of result, checked without a kernel. */
class ShowTest {

    @AfterEach
    void findTheDisplayAgain() {
        Show.useDisplay(null);
    }

    static Gradients simpleNetworkGradients() {
        Network net = Network.of(
                Layer.withoutBias(Matrix.scalar(0.01), Activation.RELU),
                Layer.of(Matrix.scalar(-5), Matrix.scalar(-1), Activation.SIGMOID));
        return net.backprop(Matrix.scalar(3), Matrix.scalar(1), Cost.QUADRATIC);
    }

    static BufferedImage decodePng(MimeBundle bundle) throws IOException {
        byte[] png = Base64.getDecoder().decode(bundle.get(MimeBundle.PNG));
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, Arrays.copyOf(png, 8), "starts with the PNG signature");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "decodes as an image");
        return image;
    }

    @Test
    void aChartBecomesAPngOfItsOwnSize() throws IOException {
        XYChart chart = new XYChartBuilder().width(320).height(200).title("loss").build();
        chart.addSeries("C", new double[] {0, 1, 2}, new double[] {0.3, 0.2, 0.1});

        MimeBundle bundle = Show.render(chart);

        assertEquals(List.of(MimeBundle.PNG, MimeBundle.TEXT), List.copyOf(bundle.data().keySet()));
        BufferedImage image = decodePng(bundle);
        assertEquals(320, image.getWidth());
        assertEquals(200, image.getHeight());
        assertEquals("XYChart \"loss\" (320×200 PNG)", bundle.text());
    }

    @Test
    void anImageBecomesAPngWithTheSamePixels() throws IOException {
        BufferedImage image = new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 2, 0xff0000);

        BufferedImage back = decodePng(Show.render(image));

        assertEquals(7, back.getWidth());
        assertEquals(5, back.getHeight());
        assertEquals(0xff0000, back.getRGB(3, 2) & 0xffffff);
        assertEquals("image (7×5 PNG)", Show.render(image).text());
    }

    @Test
    void aTablesawTableBecomesAnEscapedHtmlTable() {
        Table table = Table.create("a <table> & more",
                StringColumn.create("<name>", "x < y", "\"quoted\" & 'single'"),
                DoubleColumn.create("value", 1.5, -2));

        MimeBundle bundle = Show.render(table);
        String html = bundle.get(MimeBundle.HTML);

        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<caption>a &lt;table&gt; &amp; more</caption>"), html);
        assertTrue(html.contains("<th>&lt;name&gt;</th><th>value</th>"), html);
        assertTrue(html.contains("<td>x &lt; y</td>"), html);
        assertTrue(html.contains("<td>&quot;quoted&quot; &amp; &#39;single&#39;</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:right\">1.5</td>"), html);
        assertFalse(html.contains("<name>"), "no raw markup from the data");
        assertTrue(bundle.text().contains("x < y"), "the text form is the table as printed");
    }

    @Test
    void scriptsInDataNeverBecomeMarkup() {
        Table table = Table.create("t", StringColumn.create("c", "<script>alert(1)</script>"));
        String html = Show.render(table).get(MimeBundle.HTML);
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    }

    @Test
    void aLongTableShowsItsHeadAndTailAndSaysHowManyRowsAreLeftOut() {
        double[] values = new double[100];
        Arrays.setAll(values, i -> i);
        String html = Show.render(Table.create("long", DoubleColumn.create("i", values)))
                .get(MimeBundle.HTML);

        assertEquals(Html.HEAD_ROWS + 1 + Html.TAIL_ROWS + 1, html.split("<tr>").length - 1,
                "header, head rows, the gap row, tail rows");
        assertTrue(html.contains(">49</td>") && !html.contains(">50</td>"), "head ends at row 49");
        assertTrue(html.contains("… 45 more rows …"), html);
        assertTrue(html.contains(">95</td>") && html.contains(">99</td>"), "tail rows 95 to 99");
    }

    @Test
    void theLibrarysResultsBecomeTheirTablesWithTheirTextAsTwin() {
        Gradients g = simpleNetworkGradients();
        Value x = Value.of(3, "x");
        Value z = Value.of(0.01, "w1").times(x).label("z1");
        z.backward();
        Network net = Network.sizes(2, 3, 1).seed(1).build();
        DataSet data = DataSet.of(new double[][] {{0, 1}, {1, 0}}, new double[][] {{1}, {0}});
        History history = Sgd.eta(1).epochs(2).train(net, data);
        GradientCheck check = GradientCheck.of(net, data, Cost.QUADRATIC);
        Matrix m = Matrix.of(new double[][] {{1, 2}, {3, 4}});

        Map<Object, Table> expected = new LinkedHashMap<>();
        expected.put(g.trace(), Tables.trace(g.trace()));
        expected.put(g, Tables.gradients(g));
        expected.put(z, Tables.graph(z));
        expected.put(history, Tables.history(history));
        expected.put(check, Tables.gradientCheck(check));
        expected.put(m, Tables.matrix(m));
        for (Map.Entry<Object, Table> e : expected.entrySet()) {
            MimeBundle bundle = Show.render(e.getKey());
            String what = e.getKey().getClass().getSimpleName();
            assertEquals(List.of(MimeBundle.HTML, MimeBundle.TEXT),
                    List.copyOf(bundle.data().keySet()), what);
            assertEquals(Html.table(e.getValue()), bundle.get(MimeBundle.HTML), what);
            assertEquals(e.getKey().toString(), bundle.text(), what);
        }
    }

    @Test
    void theForwardPassTableShowsEveryNeuron() {
        String html = Show.render(simpleNetworkGradients().trace()).get(MimeBundle.HTML);
        assertEquals(1 + 3, html.split("<tr>").length - 1, "a header and layers 0, 1, 2");
        assertTrue(html.contains("sigmoid") && html.contains("relu"), html);
    }

    @Test
    void anythingElseIsItsText() {
        MimeBundle bundle = Show.render(List.of(1, 2));
        assertEquals(List.of(MimeBundle.TEXT), List.copyOf(bundle.data().keySet()));
        assertEquals("[1, 2]", bundle.text());
        assertEquals("null", Show.render(null).text());
    }

    @Test
    void outsideAKernelShowPrintsText() {
        assertInstanceOf(Display.TextDisplay.class, Display.find(), "no kernel in a unit test");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Show.useDisplay(new Display.TextDisplay(new PrintStream(out, true, StandardCharsets.UTF_8)));
        Show.show(Matrix.scalar(2));

        assertEquals(Matrix.scalar(2) + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenKernelDisplayFallsBackToText() {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Show.useDisplay(new Display() {
                @Override
                public void send(MimeBundle bundle) {
                    throw new IllegalStateException("the kernel is gone");
                }

                @Override
                public String describe() {
                    return "broken";
                }
            });
            Show.show("hello");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertEquals("hello" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
        assertEquals("show: the kernel is gone; showing text instead" + System.lineSeparator(),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void htmlTablesRoundDecimalsForReadingAsTheTextTablesDo() {
        Table t = Table.create("errors", DoubleColumn.create("value",
                new double[] {0.2404890830508888, 3.6703875491e-10, -5}));
        t.doubleColumn("value").appendMissing();
        String html = Html.table(t);
        assertTrue(html.contains(">0.240489<"), html);
        assertTrue(html.contains(">3.67039e-10<"), html);
        assertTrue(html.contains(">-5<"), html);
        assertTrue(html.contains("<td style=\"text-align:right\"></td>"), "a missing value is an empty cell: " + html);
        assertFalse(html.contains("0.24048908"), html);
        assertFalse(html.contains("0.000000000"), html);
    }
}
