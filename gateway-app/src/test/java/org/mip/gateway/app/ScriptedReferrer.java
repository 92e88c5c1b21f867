package org.mip.gateway.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A referrer's HL7 engine on a free port: records each message and answers as its script says, with
 * MSA-2 = the message's MSH-10. Each connection is served by its own thread.
 */
final class ScriptedReferrer implements AutoCloseable {
    final ServerSocket socket;
    final List<String> received = new CopyOnWriteArrayList<>();
    private final IntFunction<String> script;
    private final AtomicInteger frames = new AtomicInteger();

    /** Answers every message with AA. */
    ScriptedReferrer() throws IOException {
        this(n -> "AA");
    }

    /**
     * @param script the MSA-1 code to answer the n-th message with (0-based, over all connections), or
     *     {@code null} for no answer at all
     */
    ScriptedReferrer(IntFunction<String> script) throws IOException {
        this.script = script;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "scripted-referrer");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread t = new Thread(() -> serve(s), "scripted-referrer-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed at the end of the test
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String msg;
            while ((msg = readFrame(in)) != null) {
                int n;
                synchronized (this) {
                    n = frames.getAndIncrement();
                    received.add(msg);
                }
                String code = script.apply(n);
                if (code != null) {
                    String controlId = msg.split("\r")[0].split("\\|")[9];
                    frame(out, "MSH|^~\\&|REF|TRUST_A|MIPGW|MIP|20261126||ACK^R01|A" + controlId + "|P|2.4\rMSA|" + code
                            + "|" + controlId + "\r");
                }
            }
        } catch (IOException e) {
            // the gateway closed the connection (or was killed)
        }
    }

    /** Sends one HL7 message over MLLP to {@code port} and returns the ACK. */
    static String send(int port, String msg) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            frame(s.getOutputStream(), msg);
            return readFrame(s.getInputStream());
        }
    }

    static String readFrame(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != 0x0B) {
            if (b < 0) {
                return null;
            }
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while ((b = in.read()) != 0x1C) {
            if (b < 0) {
                return null;
            }
            buf.write(b);
        }
        in.read(); // CR
        return buf.toString(StandardCharsets.UTF_8);
    }

    static void frame(OutputStream out, String msg) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(0x0B);
        buf.write(msg.getBytes(StandardCharsets.UTF_8));
        buf.write(0x1C);
        buf.write(0x0D);
        out.write(buf.toByteArray());
        out.flush();
    }

    /** An ORM^O01 new order from TRUST_A for an MR exam today. */
    static String order(String controlId, String patientId, String name, String accession) {
        String today = java.time.LocalDate.now().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        return "MSH|^~\\&|RIS|TRUST_A|MIPGW|MIP|" + today + "090000||ORM^O01|" + controlId + "|P|2.4|||||||UNICODE UTF-8\r"
                + "PID|1||" + patientId + "^^^TRUST_A||" + name + "||19700101|F\r"
                + "PV1|1|O|||||||REF^Doctor\r"
                + "ORC|NW|PL" + accession + "|FL" + accession + "||SC||^^^" + today + "100000^^R\r"
                + "OBR|1|PL" + accession + "|FL" + accession + "|MRHEAD^MRI Head||||||||||||||" + accession + "|RP"
                + accession + "|SPS" + accession + "||||MR\r";
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
