package backprop.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The instructor's secret from which each student's variant is derived ({@link Variants#seed}).
 * It is read from the environment variable {@value #ENV} when that is set, else from the file
 * {@code secret/variant-secret} in the project (git ignores {@code secret/}; the student edition
 * is made from a list of sources that never includes it, and its leak check searches for the
 * secret's text). {@code ./lab release --roster} makes the file when there is none. A secret means
 * the varied exercises were released per student; {@value #ENV}{@code =none} grades without one
 * (every student then has the numbers their notebook says, the course's by default).
 */
final class Secret {

    static final String ENV = "LAB_VARIANT_SECRET";
    /** The value of {@value #ENV} that means: no secret, whatever the project holds. */
    static final String NONE = "none";

    private Secret() {
    }

    /** Where the project keeps its secret. */
    static Path file(Path root) {
        return root.resolve("secret").resolve("variant-secret");
    }

    /** The secret, or null when there is none (then every student has the course's numbers). */
    static String read(Path file) throws IOException {
        String env = System.getenv(ENV);
        if (env != null && env.strip().equals(NONE)) {
            return null;
        }
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.length() < 16) {
            throw new IllegalArgumentException(file + " holds no secret of 16 characters or more: delete it, and "
                    + "./lab release --roster makes a new one (every student's numbers change with it)");
        }
        return text;
    }

    /** The secret, made (32 random bytes, readable by the instructor only) when there is none. */
    static String readOrCreate(Path file) throws IOException {
        if (NONE.equals(System.getenv(ENV) == null ? null : System.getenv(ENV).strip())) {
            throw new IllegalArgumentException(ENV + "=none: a release per student needs the secret");
        }
        String secret = read(file);
        if (secret != null) {
            return secret;
        }
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String made = HexFormat.of().formatHex(bytes);
        Files.createDirectories(file.getParent());
        Files.writeString(file, made + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // a file system without POSIX permissions: the folder's own protect it
        }
        System.out.println("made the variant secret " + file + " (keep it: every student's numbers come from it)");
        return made;
    }
}
