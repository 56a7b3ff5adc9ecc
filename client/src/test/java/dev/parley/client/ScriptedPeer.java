package dev.parley.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server on 127.0.0.1 that a test drives frame by frame, to pin down client behaviour a real server
 * only shows by accident: silence (timeouts), fragmented messages, drops at a chosen moment, close codes. It speaks
 * RFC 6455 on a real socket; only the server's logic is replaced by the test's script.
 */
final class ScriptedPeer implements AutoCloseable {
    private static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");
    private final ServerSocket listener;

    ScriptedPeer() throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    URI httpUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Waits for the next client connection and completes its handshake. */
    Link accept(Duration timeout) throws IOException {
        return acceptWithin(timeout).orElseThrow(() -> new AssertionError("no connection within " + timeout));
    }

    /** The next connection, or empty if none arrives within the timeout. */
    Optional<Link> acceptWithin(Duration timeout) throws IOException {
        listener.setSoTimeout((int) timeout.toMillis());
        Socket socket;
        try {
            socket = listener.accept();
        } catch (SocketTimeoutException none) {
            return Optional.empty();
        }
        socket.setSoTimeout(10_000);
        Link link = new Link(socket);
        link.handshake();
        return Optional.of(link);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    static final class Link implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        private void handshake() throws IOException {
            String request = readHead(in);
            Matcher key = KEY.matcher(request);
            if (!key.find()) {
                throw new IOException("not a WebSocket upgrade: " + request);
            }
            String accept;
            try {
                accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                        (key.group(1) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed during handshake");
                }
                head.write(b);
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        /** The next text message from the client (client frames are masked); fails on a close frame. */
        String readText() throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((second & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                int opcode = first & 0x0F;
                if (opcode == 0x8) {
                    throw new IOException("client closed the connection");
                }
                if (opcode == 0x9) {
                    writeFrame(0x8A, payload);
                    out.flush();
                    continue;
                }
                if (opcode == 0xA) {
                    continue;
                }
                message.write(payload);
                if ((first & 0x80) != 0) {
                    return message.toString(StandardCharsets.UTF_8);
                }
            }
        }

        void sendText(String text) throws IOException {
            sendFragments(text);
        }

        /** Sends one text message split into the given fragments (a text frame, then continuation frames). */
        void sendFragments(String... parts) throws IOException {
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                int opcode = i == 0 ? 0x1 : 0x0;
                writeFrame((last ? 0x80 : 0) | opcode, parts[i].getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
        }

        /** Sends a close frame with a status code and reason, then closes the socket. */
        void sendClose(int code, String reason) throws IOException {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[text.length + 2];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(text, 0, payload, 2, text.length);
            writeFrame(0x88, payload);
            out.flush();
            socket.close();
        }

        private void writeFrame(int first, byte[] payload) throws IOException {
            out.write(first);
            if (payload.length < 126) {
                out.write(payload.length);
            } else if (payload.length < 65_536) {
                out.write(126);
                out.write(payload.length >> 8);
                out.write(payload.length);
            } else {
                out.write(127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) ((long) payload.length >> shift));
                }
            }
            out.write(payload);
        }

        /** Drops the TCP connection without a close frame, as a crashing server or a broken network would. */
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
