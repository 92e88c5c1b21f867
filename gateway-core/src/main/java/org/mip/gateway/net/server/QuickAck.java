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
import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;

/**
 * Acknowledges received data at once (Linux {@code TCP_QUICKACK}, re-armed after every read, since the
 * kernel clears it by itself) so that a peer which leaves Nagle's algorithm on never waits for our
 * delayed ACK.
 *
 * <p>A DIMSE exchange is request/response: after our answer, Linux treats the connection as interactive
 * and delays its ACK of the next data by up to 40 ms, hoping to carry it on a reply. A peer that writes a
 * PDU in pieces with Nagle on (DCMTK does, unless its environment has {@code TCP_NODELAY=1}; Orthanc is
 * built on it) sends the first piece and holds the rest until that ACK comes: every C-ECHO, C-FIND,
 * N-CREATE and C-STORE response then took 40-45 ms instead of well under one. Our own writes are never
 * delayed (TCP_NODELAY, one flush per PDU). Installed where the platform has the option (Linux, with
 * the epoll or the NIO transport); elsewhere nothing is installed.
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
