package backprop.browser;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One JupyterLab server for the whole run, started in the background as soon as the first test
 * class that registers this extension begins (the lecture pages test runs meanwhile: the browser
 * tests must stay within their time budget), and stopped when the run ends. A class that needs
 * the server takes a {@link LabServer} parameter; each test still gets a fresh kernel session.
 */
final class SharedServer implements BeforeAllCallback, ParameterResolver {

    private static final class Handle implements ExtensionContext.Store.CloseableResource {
        final CompletableFuture<LabServer> server = CompletableFuture.supplyAsync(() -> {
            try {
                return LabServer.start();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        @Override
        public void close() throws Exception {
            if (!server.isCompletedExceptionally()) {
                server.get().close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        handle(context);
    }

    private static Handle handle(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Handle.class, k -> new Handle(), Handle.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext context) {
        return p.getParameter().getType() == LabServer.class;
    }

    /** The server, once it answers. */
    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext context) {
        try {
            return handle(context).server.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
            throw new ParameterResolutionException(String.valueOf(cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted", e);
        }
    }
}
