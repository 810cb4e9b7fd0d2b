package backprop.grader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a submitted notebook may not use: only what is dangerous, and never needed for the
 * exercises. Files, processes, the environment, reflection (and JShell's own API) and the network
 * could reach the answer keys, other students' work or the grader's state; the grader's own cells
 * (class {@code Grading} of the checks) collect the results; kernel magics run shell commands. A
 * cell that uses one costs the questions checked after it, with the reason in the feedback.
 * The grader itself and the answer keys are not on a student's kernel at all.
 */
final class Policy {

    private Policy() {
    }

    /** Names a student's cell may not mention, and why. */
    private static final Map<String, String> FORBIDDEN = new LinkedHashMap<>();

    static {
        for (String n : new String[] {"File", "Files", "Path", "Paths", "FileReader", "FileWriter",
                "FileInputStream", "FileOutputStream", "RandomAccessFile", "FileChannel"}) {
            FORBIDDEN.put(n, "reads or writes files");
        }
        for (String n : new String[] {"ProcessBuilder", "Runtime", "ProcessHandle"}) {
            FORBIDDEN.put(n, "starts or inspects processes");
        }
        FORBIDDEN.put("getenv", "reads the environment");
        for (String n : new String[] {"reflect", "setAccessible", "MethodHandles", "MethodHandle",
                "Unsafe", "ClassLoader", "forName", "getMethod", "getDeclaredMethod", "getField",
                "getDeclaredField", "invoke", "Instrumentation", "ScriptEngine", "ScriptEngineManager",
                "loadLibrary"}) {
            FORBIDDEN.put(n, "uses reflection");
        }
        for (String n : new String[] {"Socket", "URL", "URI", "HttpClient", "URLConnection"}) {
            FORBIDDEN.put(n, "uses the network");
        }
        for (String n : new String[] {"jshell", "JShell"}) {
            FORBIDDEN.put(n, "uses reflection");
        }
        FORBIDDEN.put("Grading", "reaches into the grader's own cells");
    }

    /** Why a cell breaks the policy ("uses Files, which reads or writes files …"), or null. */
    static String violation(JavaSource cell) {
        if (cell.hasMagic()) {
            return "uses a kernel magic (a line starting with %), which exercises never need; "
                    + "answers checked after it are not accepted";
        }
        for (JavaSource.Token t : cell.names()) {
            String why = FORBIDDEN.get(t.text());
            if (why != null) {
                return "uses " + t.text() + ", which " + why + ": exercises never need that, and "
                        + "answers checked after it are not accepted";
            }
        }
        return null;
    }
}
