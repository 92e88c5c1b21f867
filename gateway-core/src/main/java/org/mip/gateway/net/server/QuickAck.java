package org.mip.gateway.net.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * Acknowledges received data at once (Linux {@code TCP_QUICKACK}, re-armed after every read, since the
 * kernel clears it by itself) so that a peer which leaves Nagle's algorithm on never waits for our
 * delayed ACK. For Netty channels (DICOM, MLLP) as a handler; for a blocking socket (the MLLP client)
 * through {@link #acknowledgingAtOnce}.
 *
 * <p>DIMSE and MLLP are request/response: after our answer, Linux treats the connection as interactive
 * and delays its ACK of the next data by up to 40 ms, hoping to carry it on a reply. A peer that writes a
 * message in pieces with Nagle on (DCMTK does, unless its environment has {@code TCP_NODELAY=1}; Orthanc
 * is built on it; HL7 engines that write the MLLP start block, message and end block one by one) sends
 * the first piece and holds the rest until that ACK comes: every C-ECHO, C-FIND, N-CREATE and C-STORE
 * response, every HL7 ACK, then took 40-45 ms more. Our own writes are never delayed (TCP_NODELAY, one
 * flush per PDU or frame). Installed where the platform has the option (Linux, with the epoll or the NIO
 * transport); elsewhere nothing is installed.
 */
@ChannelHandler.Sharable
public final class QuickAck extends ChannelInboundHandlerAdapter {
    private static final SocketOption<Boolean> JDK_QUICKACK = ExtendedSocketOptions.TCP_QUICKACK;
    private static final QuickAck EPOLL = new QuickAck(EpollChannelOption.TCP_QUICKACK);
    private static final QuickAck NIO = new QuickAck(NioChannelOption.of(JDK_QUICKACK));
    private static final boolean NIO_SUPPORTED = nioSupported();

    private final ChannelOption<Boolean> option;

    private QuickAck(ChannelOption<Boolean> option) {
        this.option = option;
    }

    /** Installs the handler first in {@code pipeline} if its channel's socket has TCP_QUICKACK. */
    public static void install(ChannelPipeline pipeline) {
        QuickAck handler = forChannel(pipeline.channel());
        if (handler != null) {
            pipeline.addFirst("quick-ack", handler);
        }
    }

    static QuickAck forChannel(Channel ch) {
        if (ch instanceof EpollSocketChannel) {
            return EPOLL;
        }
        if (ch instanceof NioSocketChannel && NIO_SUPPORTED) {
            return NIO;
        }
        return null;
    }

    private static boolean nioSupported() {
        try (SocketChannel probe = SocketChannel.open()) {
            return probe.supportedOptions().contains(JDK_QUICKACK);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The socket's input stream, re-arming TCP_QUICKACK after every read (where the platform has it; else
     * the plain stream).
     */
    public static InputStream acknowledgingAtOnce(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        if (!socket.supportedOptions().contains(JDK_QUICKACK)) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                rearm();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                rearm();
                return n;
            }

            private void rearm() {
                try {
                    socket.setOption(JDK_QUICKACK, Boolean.TRUE);
                } catch (IOException | RuntimeException e) {
                    // the socket is closing; nothing to acknowledge
                }
            }
        };
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        try {
            ctx.channel().config().setOption(option, Boolean.TRUE);
        } catch (ChannelException e) {
            // the socket is closing; nothing to acknowledge
        }
        ctx.fireChannelRead(msg);
    }
}
