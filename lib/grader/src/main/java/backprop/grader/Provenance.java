package backprop.grader;

import backprop.Network;
import backprop.check.Check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a graded submission's grade was made from, kept with it so that {@code ./lab grade
 * --replay STUDENT} can make it again and tell whether anything differs: the SHA-256 of the
 * notebook file as graded, the seed of the student's numbers ("" for an exercise that is the same
 * for everyone), the library (its version and a digest of its jars), the JDK, and the fingerprint
 * of the exercise's answer key and solution ({@link Run#keys}).
 */
record Provenance(String submission, String seed, String library, String jdk, String key) {

    /** The library that grades here: its version and the first 16 hex digits of its jars' SHA-256. */
    static String thisLibrary() {
        MessageDigest sha = sha256();
        StringBuilder version = new StringBuilder();
        for (Class<?> c : new Class<?>[] {Network.class, Check.class, Provenance.class}) {
            try {
                Path jar = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isRegularFile(jar)) {
                    sha.update(Files.readAllBytes(jar));
                }
                String v = c.getPackage().getImplementationVersion();
                if (version.length() == 0 && v != null) {
                    version.append(v);
                }
            } catch (IOException | java.net.URISyntaxException | SecurityException e) {
                sha.update(c.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return (version.length() == 0 ? "" : version + ", ") + "jars " + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** The JDK that grades here: its vendor and full version. */
    static String thisJdk() {
        return System.getProperty("java.vendor", "?") + " " + System.getProperty("java.runtime.version", "?");
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
