package backprop;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The math core (packages backprop and backprop.graph) uses nothing but the JDK. */
class CoreDependenciesTest {

    @Test
    void theCoreImportsOnlyTheJdkAndItself() throws IOException {
        Path core = Path.of("src/main/java/backprop");
        List<String> offenders = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(core)) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = core.relativize(p.getParent()).toString();
                if (!(pkg.isEmpty() || pkg.equals("graph"))) {
                    continue; // data, tables, plots, notebook display: allowed to use libraries
                }
                files++;
                for (String line : Files.readAllLines(p)) {
                    String s = line.strip();
                    if (s.startsWith("import ") && !(s.startsWith("import java.")
                            || s.startsWith("import static java.")
                            || s.startsWith("import jdk.incubator.vector.") // the JDK's Vector API
                            || s.matches("import (static )?backprop\\.(graph\\.)?[A-Z].*"))) {
                        offenders.add(p + ": " + s);
                    }
                }
            }
        }
        assertTrue(files >= 10, "found the core sources");
        assertEquals(List.of(), offenders);
    }
}
