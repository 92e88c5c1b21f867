package org.mip.gateway.hl7.mllp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.mip.gateway.config.Hl7Config;
import org.mip.gateway.config.TlsConfig;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.net.server.QuickAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLLP listener on {@code hl7.host:hl7.port}, plus a TLS listener on {@code hl7.tls.port} (client
 * certificate required when {@code hl7.tls.trust} is set). Pipeline: [SslHandler] → {@link MllpFrameDecoder}
 * → {@link MllpFrameEncoder} → {@link MllpConnectionHandler}; the processor (HAPI and the database)
 * runs on a bounded worker pool, never on the event loop. Stopping closes the listeners, lets messages in
 * flight finish within the grace period, then closes the connections.
 */
public final class MllpServer implements GatewayService {
    private static final Logger log = LoggerFactory.getLogger(MllpServer.class);

    /** Default maximum message size ({@code hl7.max-message-bytes}). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = Hl7Config.DEFAULT_MAX_MESSAGE_BYTES;

    private final Hl7Config config;
    private final BiFunction<byte[], String, byte[]> processor;
    private final int maxMessageBytes;
    private final int workers;
    private final int queueCapacity;

    private volatile ServiceState state = ServiceState.NEW;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ThreadPoolExecutor executor;
    private ChannelGroup connections;
    private final List<Channel> listeners = new ArrayList<>();

    /**
     * @param processor one message in, its ACK out (e.g. {@code Hl7Receiver::receive}); blocking
     * @param workers threads for the processor (concurrent messages across connections)
     * @param queueCapacity messages waiting for a worker before connections stop being read
     */
    public MllpServer(Hl7Config config, BiFunction<byte[], String, byte[]> processor, int maxMessageBytes, int workers,
            int queueCapacity) {
        this.config = config;
        this.processor = processor;
        this.maxMessageBytes = maxMessageBytes;
        this.workers = workers;
        this.queueCapacity = queueCapacity;
    }

    public MllpServer(Hl7Config config, BiFunction<byte[], String, byte[]> processor) {
        this(config, processor, config.maxMessageBytes(), 4, 64);
    }

    @Override
    public String name() {
        return "hl7";
    }

    @Override
    public synchronized void start() throws Exception {
        state = ServiceState.STARTING;
        try {
            AtomicInteger n = new AtomicInteger();
            executor = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
                    r -> {
                        Thread t = new Thread(r, "hl7-worker-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            io = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
            connections = new DefaultChannelGroup("mllp", GlobalEventExecutor.INSTANCE);
            listeners.add(bind(config.port(), null));
            TlsConfig tls = config.tls();
            if (tls != null && tls.enabled()) {
                listeners.add(bind(tls.port(), sslContext(tls)));
            }
            state = ServiceState.UP;
        } catch (Exception | Error e) {
            state = ServiceState.FAILED;
            release(Duration.ZERO);
            throw e;
        }
    }

    private Channel bind(int port, SslContext ssl) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        QuickAck.install(p); // a sender that writes a frame in pieces with Nagle on
                        if (ssl != null) {
                            p.addLast("ssl", ssl.newHandler(ch.alloc()));
                        }
                        p.addLast("mllp-decoder", new MllpFrameDecoder(maxMessageBytes));
                        p.addLast("mllp-encoder", MllpFrameEncoder.INSTANCE);
                        p.addLast("hl7", new MllpConnectionHandler(executor, processor));
                    }
                });
        return b.bind(config.host(), port).sync().channel();
    }

    static SslContext sslContext(TlsConfig tls) throws javax.net.ssl.SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile());
        if (tls.clientAuth()) {
            b.trustManager(tls.trust().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    /** The port the plain listener is bound to (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The port the TLS listener is bound to, or -1. */
    public int tlsPort() {
        return listeners.size() > 1 ? ((InetSocketAddress) listeners.get(1).localAddress()).getPort() : -1;
    }

    @Override
    public List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            InetSocketAddress a = (InetSocketAddress) listeners.get(i).localAddress();
            out.add((i == 0 ? "HL7 MLLP " : "HL7 MLLP/TLS ") + config.host() + ":" + a.getPort());
        }
        return out;
    }

    @Override
    public synchronized void stop(Duration grace) {
        if (state == ServiceState.STOPPED || state == ServiceState.NEW) {
            state = ServiceState.STOPPED;
            return;
        }
        state = ServiceState.STOPPING;
        release(grace);
        state = ServiceState.STOPPED;
    }

    private void release(Duration grace) {
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly();
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS)) {
                    log.warn("HL7 messages still in process after {} ms; closing anyway", grace.toMillis());
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                executor.shutdownNow();
            }
        }
        if (connections != null) {
            // ACKs of the last messages were queued on the event loops: flush them before closing.
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (io != null) {
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public ServiceState state() {
        return state;
    }
}
