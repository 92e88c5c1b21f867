package org.mip.gateway.hl7.mllp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLLP connection: hands each message to the blocking {@code processor} on the bounded executor,
 * one at a time and in order, and writes its ACK. While a message is being processed the channel stops
 * reading (back-pressure), and when the executor is full it retries shortly instead of failing.
 * Per channel, not sharable; all state is touched on the channel's event loop only.
 */
final class MllpConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MllpConnectionHandler.class);

    private final ExecutorService executor;
    private final BiFunction<byte[], String, byte[]> processor;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private boolean busy;
    private String remote = "?";

    MllpConnectionHandler(ExecutorService executor, BiFunction<byte[], String, byte[]> processor) {
        this.executor = executor;
        this.processor = processor;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        remote = String.valueOf(ctx.channel().remoteAddress()).replaceFirst("^/", "");
        log.debug("MLLP connection from {}", remote);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof MllpFrameDecoder.TooLong tl) {
            log.warn("MLLP from {}: message longer than {} bytes, closing the connection", remote, tl.maxLength());
            pending.clear();
            ctx.close();
            return;
        }
        if (msg instanceof byte[] frame) {
            pending.add(frame);
            ctx.channel().config().setAutoRead(false);
            drain(ctx);
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        if (busy) {
            return;
        }
        byte[] frame = pending.poll();
        if (frame == null) {
            if (ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        if (!ctx.channel().isActive()) {
            pending.clear();
            return;
        }
        busy = true;
        try {
            executor.execute(() -> {
                byte[] ack;
                try {
                    ack = processor.apply(frame, remote);
                } catch (RuntimeException | Error e) {
                    log.error("MLLP from {}: message not processed: {}", remote, e.toString(), e);
                    ack = null;
                }
                byte[] reply = ack;
                ctx.executor().execute(() -> {
                    busy = false;
                    if (reply != null) {
                        ctx.writeAndFlush(reply);
                    } else {
                        ctx.close();
                    }
                    drain(ctx);
                });
            });
        } catch (RejectedExecutionException e) {
            busy = false;
            pending.addFirst(frame);
            if (executor.isShutdown()) {
                log.info("MLLP from {}: shutting down, closing the connection", remote);
                pending.clear();
                ctx.close();
            } else {
                ctx.executor().schedule(() -> drain(ctx), 10, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("MLLP connection from {} failed: {}", remote, cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.debug("MLLP connection from {} closed", remote);
        super.channelInactive(ctx);
    }
}
