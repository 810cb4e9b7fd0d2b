package backprop.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.IOException;
import java.util.Set;

/**
 * How arrays are laid out in a network file: the layers, and the rows of a weight matrix, one
 * per line; any other array (sizes, biases, the numbers of one row) on a single line.
 * <pre>
 *   "weights": [
 *     [ 0.15, 0.2 ],
 *     [ 0.25, 0.3 ]
 *   ],
 *   "biases": [ 0.35, 0.35 ]
 * </pre>
 * Jackson calls this before each entry of an array and before its closing bracket.
 */
final class OneEntryPerLine implements DefaultPrettyPrinter.Indenter {

    /** Arrays whose entries are objects or rows, named by the field that holds them. */
    private static final Set<String> BROKEN_INTO_LINES = Set.of("layers", "weights");

    static final DefaultIndenter NEW_LINE = new DefaultIndenter("  ", "\n");

    @Override
    public void writeIndentation(JsonGenerator g, int level) throws IOException {
        JsonStreamContext holder = g.getOutputContext().getParent(); // what holds this array
        boolean heldByField = holder != null && holder.inObject() && holder.getCurrentName() != null;
        if (heldByField && BROKEN_INTO_LINES.contains(holder.getCurrentName())) {
            NEW_LINE.writeIndentation(g, level);
        } else {
            g.writeRaw(' ');
        }
    }

    /** False, so that nested arrays are indented one step further. */
    @Override
    public boolean isInline() {
        return false;
    }
}
