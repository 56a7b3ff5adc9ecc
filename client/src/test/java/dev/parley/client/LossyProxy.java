package dev.parley.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay between the SDK and a real server on 127.0.0.1 that can lose a reply: once {@link #loseNextReply()}
 * is armed, the next bytes the server sends are not relayed and the connection is cut, exactly like a network that
 * fails after the request arrived and before the ack did. Later connections are relayed normally.
 */
final class LossyProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int serverPort;
    private final AtomicBoolean loseNext = new AtomicBoolean();
    private final AtomicBoolean lost = new AtomicBoolean();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    LossyProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("lossy-proxy-accept").start(this::accept);
    }

    URI httpUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    void loseNextReply() {
        loseNext.set(true);
    }

    /** True once a reply was lost. */
    boolean lostAReply() {
        return lost.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort), 5000);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, true));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (fromServer && loseNext.compareAndSet(true, false)) {
                    lost.set(true);
                    from.close();
                    to.close();
                    return;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed: close the other so the cut is seen at both ends.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(LossyProxy::closeQuietly);
    }
}
