package dev.go4j.bench;

import dev.go4j.Go;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * B12's server: Jetty 12 (core API, no servlets) with every thread a virtual thread
 * ({@link VirtualThreadPool}), answering the same hello world as B10. The go4j and the JDK
 * variants run this same source; they differ only in where {@code start} runs: inside
 * {@code Go.run} every virtual thread Jetty starts is a child of a goroutine and so a
 * goroutine (go4j adopts it), on a plain thread they are the JDK's. With
 * {@code onGoroutines}, a request served off a goroutine answers a different body, which
 * the runner's check counts as wrong: the figure is never Jetty on the JDK's scheduler by
 * mistake.
 */
final class JettyHello {
    private JettyHello() {}

    static final byte[] BODY = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] WRONG = "not a goroutine\n".getBytes(StandardCharsets.US_ASCII);
    static final AtomicLong served = new AtomicLong();

    static void start(String[] args, boolean onGoroutines) throws Exception {
        Server server = new Server(new VirtualThreadPool());
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setAcceptQueueSize(4096);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                byte[] body = onGoroutines && Go.goid() == 0 ? WRONG : BODY;
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(body.length));
                response.write(true, ByteBuffer.wrap(body), callback);
                served.incrementAndGet();
                return true;
            }
        });
        server.start();
        Lifetime.start(args, "LISTENING " + connector.getLocalPort(), () -> "served " + served.get());
    }
}
