package org.mip.gateway.hl7.mllp;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.mip.gateway.net.server.QuickAck;

/**
 * A blocking MLLP client for one sender thread: writes one whole frame per message (TCP_NODELAY) and
 * waits for the ACK whose MSA-2 is the message's MSH-10, skipping any other (a late ACK of an earlier
 * attempt). Not thread-safe.
 */
public final class MllpClient implements Closeable {
    /** MSA-1 and the rest of an acknowledgement. */
    public record Ack(String code, String controlId, String text) {}

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final int maxLength;
    private Socket socket;
    private InputStream in;

    public MllpClient(String host, int port, Duration connectTimeout, int maxLength) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.maxLength = maxLength;
    }

    /**
     * Sends {@code message} and returns its ACK.
     *
     * @throws SocketTimeoutException when no matching ACK came within {@code timeout} (the connection is closed)
     * @throws IOException when the connection fails (it is closed)
     */
    public Ack exchange(byte[] message, String controlId, Duration timeout) throws IOException {
        try {
            if (socket == null || socket.isClosed()) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.setKeepAlive(true);
                s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
                socket = s;
                // a referrer that writes its ACK in pieces with Nagle on must not wait for our delayed ACK
                in = new java.io.BufferedInputStream(QuickAck.acknowledgingAtOnce(s));
            }
            OutputStream out = socket.getOutputStream();
            out.write(MllpFrameEncoder.frame(message));
            out.flush();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("no ACK within " + timeout.toMillis() + " ms");
                }
                socket.setSoTimeout((int) Math.max(1, left));
                byte[] frame = readFrame(in, maxLength);
                Ack ack = parseAck(frame);
                if (ack != null && controlId.equals(ack.controlId())) {
                    return ack;
                }
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * The content of the next MLLP frame on {@code in} (bytes before its start block skipped), at most
     * {@code maxLength} bytes; an {@link IOException} when the stream ends first.
     */
    static byte[] readFrame(InputStream in, int maxLength) throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the peer");
            }
        } while (b != MllpFrameDecoder.VT);
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        while (true) {
            b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the peer inside a frame");
            }
            if (b == MllpFrameDecoder.FS) {
                return buf.toByteArray(); // the CR after FS is skipped before the next VT
            }
            if (buf.size() >= maxLength) {
                throw new IOException("acknowledgement longer than " + maxLength + " bytes");
            }
            buf.write(b);
        }
    }

    /** MSA-1, MSA-2 and MSA-3 / ERR of an ACK (any version), or {@code null} when it has no MSA. */
    public static Ack parseAck(byte[] frame) {
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        if (text.length() < 4 || !text.startsWith("MSH")) {
            return null;
        }
        String sep = java.util.regex.Pattern.quote(String.valueOf(text.charAt(3)));
        String code = null;
        String id = null;
        StringBuilder detail = new StringBuilder();
        for (String segment : text.split("[\r\n]+")) {
            String[] f = segment.split(sep, -1);
            if (f[0].equals("MSA") && code == null) {
                code = f.length > 1 ? f[1].trim() : "";
                id = f.length > 2 ? f[2].trim() : "";
                if (f.length > 3 && !f[3].isBlank()) {
                    detail.append(f[3].trim());
                }
            } else if (f[0].equals("ERR")) {
                if (detail.length() > 0) {
                    detail.append("; ");
                }
                detail.append(segment.substring(Math.min(4, segment.length())));
            }
        }
        return code == null ? null : new Ack(code, id, detail.length() > 500 ? detail.substring(0, 500) : detail.toString());
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
