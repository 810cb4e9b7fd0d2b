package backprop.notebook;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Finds the display of the Java kernel that runs the notebook, by reflection, so that the library
 * needs none of the kernels to compile and runs unchanged outside a notebook.
 *
 * <p>The three kernels this course meets all descend from IJava and publish a display message
 * from a "DisplayData" object (a map of MIME type → content) through a {@code display(DisplayData)}
 * method of the running kernel. They differ in where that kernel is found:
 * <ul>
 *   <li>rapaio-jupyter-kernel: the static field {@code org.rapaio.jupyter.kernel.MainApp.kernel};
 *       its DisplayData is made by the static factory {@code fromText(String)};</li>
 *   <li>IJava: {@code io.github.spencerpark.ijava.IJava.getKernelInstance()};</li>
 *   <li>JJava: {@code org.dflib.jjava.jupyter.kernel.BaseKernel.notebookKernel()} (newer) or
 *       {@code org.dflib.jjava.JJava.getKernelInstance()} (older).</li>
 * </ul>
 * The kernels' own cell helpers ({@code display(...)}) are not used: rapaio's sends one MIME type
 * and returns an id that shows up as a stray output line, and the argument orders differ.
 */
final class KernelDisplays {

    private KernelDisplays() {
    }

    /** The running kernel's display, or null outside a kernel (or in a kernel we do not know). */
    static Display find() {
        ClassLoader loader = KernelDisplays.class.getClassLoader();
        Object rapaio = staticField(loader, "org.rapaio.jupyter.kernel.MainApp", "kernel");
        if (rapaio != null) {
            return displayOf("rapaio-jupyter-kernel", rapaio);
        }
        Object ijava = staticCall(loader, "io.github.spencerpark.ijava.IJava", "getKernelInstance");
        if (ijava != null) {
            return displayOf("IJava", ijava);
        }
        for (String[] jjava : new String[][] {
                {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"},
                {"org.dflib.jjava.JJava", "getKernelInstance"}}) {
            Object kernel = staticCall(loader, jjava[0], jjava[1]);
            if (kernel != null) {
                return displayOf("JJava", kernel);
            }
        }
        return null;
    }

    /** The kernel's display, or null, saying why, when this kernel's version has none we know. */
    private static Display displayOf(String name, Object kernel) {
        Display display = KernelDisplay.of(name, kernel);
        if (display == null) {
            System.err.println("show: this " + name + " kernel has no display(DisplayData) "
                    + "method; results are shown as text");
        }
        return display;
    }

    private static Object staticField(ClassLoader loader, String className, String field) {
        try {
            Field f = Class.forName(className, false, loader).getField(field);
            return f.get(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static Object staticCall(ClassLoader loader, String className, String method) {
        try {
            Method m = Class.forName(className, false, loader).getMethod(method);
            return m.invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** A kernel's {@code display(DisplayData)}, driven by reflection. */
    static final class KernelDisplay implements Display {

        private final String name;
        private final Object kernel;
        private final Method display;
        private final Class<?> dataType;
        private final Method putData;
        private final Method updateDisplay; // null: this kernel cannot update a display
        private final Method setDisplayId;  // null: likewise

        private KernelDisplay(String name, Object kernel, Method display, Method putData) {
            this.name = name;
            this.kernel = kernel;
            this.display = display;
            this.dataType = display.getParameterTypes()[0];
            this.putData = putData;
            this.updateDisplay = method(kernel.getClass(), "updateDisplay", dataType);
            this.setDisplayId = method(dataType, "setDisplayId", String.class);
        }

        private static Method method(Class<?> type, String name, Class<?> parameter) {
            try {
                return type.getMethod(name, parameter);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }

        /**
         * The display of a running kernel object: its public method {@code display(X)} where X
         * is a class named DisplayData with a public {@code putData(String, Object)}. Null when
         * the kernel has no such method.
         */
        static KernelDisplay of(String name, Object kernel) {
            for (Method m : kernel.getClass().getMethods()) {
                if (m.getName().equals("display") && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                    try {
                        Method putData = m.getParameterTypes()[0]
                                .getMethod("putData", String.class, Object.class);
                        return new KernelDisplay(name, kernel, m, putData);
                    } catch (NoSuchMethodException e) {
                        return null;
                    }
                }
            }
            return null;
        }

        @Override
        public void send(MimeBundle bundle) {
            publish(display, bundle, null);
        }

        @Override
        public void send(MimeBundle bundle, String displayId) {
            publish(display, bundle, updatesInPlace() ? displayId : null);
        }

        @Override
        public void update(MimeBundle bundle, String displayId) {
            if (!updatesInPlace()) {
                throw new UnsupportedOperationException(describe() + " cannot update a display in place");
            }
            publish(updateDisplay, bundle, displayId);
        }

        @Override
        public boolean updatesInPlace() {
            return updateDisplay != null && setDisplayId != null;
        }

        /** The kernel's display or updateDisplay of the bundle, under displayId unless it is null. */
        private void publish(Method how, MimeBundle bundle, String displayId) {
            try {
                Object data = emptyData(bundle);
                for (Map.Entry<String, String> entry : bundle.data().entrySet()) {
                    putData.invoke(data, entry.getKey(), entry.getValue());
                }
                if (displayId != null) {
                    setDisplayId.invoke(data, displayId);
                }
                how.invoke(kernel, data);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the " + name + " kernel refused to display "
                        + "the output: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("could not use the display of the " + name
                        + " kernel: " + e, e);
            }
        }

        /** A new DisplayData: public no-argument constructor, else the factory fromText. */
        private Object emptyData(MimeBundle bundle) throws ReflectiveOperationException {
            try {
                return dataType.getConstructor().newInstance();
            } catch (NoSuchMethodException e) {
                return dataType.getMethod("fromText", String.class).invoke(null, bundle.text());
            }
        }

        @Override
        public String describe() {
            return "the display of the " + name + " kernel";
        }
    }
}
