package backprop.guard;

import org.junit.jupiter.api.Test;

import java.io.FilePermission;
import java.lang.reflect.ReflectPermission;
import java.util.PropertyPermission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Which permissions the guard refuses to a cell. That a cell really gets them refused, and that
 * the grader flags what follows, is tested on the real grading kernel (tools/tests/test_sandbox.py).
 */
class GradingGuardTest {

    @Test
    void privateReflectionNativeCodeExitAndTheGuardItselfAreRefused() {
        assertEquals("private access by reflection (suppressAccessChecks)",
                GradingGuard.refusal(new ReflectPermission("suppressAccessChecks")));
        assertEquals("loading native code (evil)", GradingGuard.refusal(new RuntimePermission("loadLibrary.evil")));
        assertEquals(GradingGuard.EXIT, GradingGuard.refusal(new RuntimePermission("exitVM.0")));
        assertEquals("replacing the grading guard", GradingGuard.refusal(new RuntimePermission("setSecurityManager")));
        assertEquals("using the JVM's own file descriptors",
                GradingGuard.refusal(new RuntimePermission("writeFileDescriptor")));
    }

    @Test
    void everythingElseIsLeftToTheSandbox() {
        assertNull(GradingGuard.refusal(new FilePermission("/etc/passwd", "read")));
        assertNull(GradingGuard.refusal(new PropertyPermission("java.class.path", "read")));
        assertNull(GradingGuard.refusal(new RuntimePermission("modifyThread")));
        assertNull(GradingGuard.refusal(new ReflectPermission("newProxyInPackage.x")));
    }
}
