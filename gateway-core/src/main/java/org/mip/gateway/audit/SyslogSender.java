package org.mip.gateway.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.mip.gateway.config.AuditConfig;

/**
 * Sends syslog messages to one collector: over UDP one message per datagram (RFC 5426, at most
 * {@value #MAX_UDP} bytes), over TCP with octet-counting framing "LENGTH SP MESSAGE" (RFC 6587 3.4.1,
 * the framing RFC 5425 uses too) on one connection that is reopened after an error. Not thread-safe:
 * one forwarder thread owns it.
 */
final class SyslogSender implements AutoCloseable {
    static final int MAX_UDP = 8192;
    private static final int CONNECT_TIMEOUT_MS = 5000;

    private final AuditConfig.Syslog target;
    private DatagramSocket udp;
    private Socket tcp;
    private OutputStream out;

    SyslogSender(AuditConfig.Syslog target) {
        this.target = target;
    }

    void send(String message) throws IOException {
        byte[] bytes = SyslogMessage.bytes(message);
        try {
            if (target.protocol() == AuditConfig.Protocol.UDP) {
                sendUdp(bytes);
            } else {
                sendTcp(bytes);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private void sendUdp(byte[] bytes) throws IOException {
        if (udp == null) {
            udp = new DatagramSocket();
            // connected, so that an ICMP port unreachable surfaces as an error on a later send
            udp.connect(new InetSocketAddress(target.host(), target.port()));
        }
        int len = Math.min(bytes.length, MAX_UDP);
        udp.send(new DatagramPacket(bytes, len));
    }

    private void sendTcp(byte[] bytes) throws IOException {
        if (tcp == null) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                s.setSoTimeout(CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            tcp = s;
            out = s.getOutputStream();
        }
        byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[prefix.length + bytes.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(bytes, 0, frame, prefix.length, bytes.length);
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
            udp = null;
        }
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // closing anyway
            }
            tcp = null;
            out = null;
        }
    }
}
