package org.mip.gateway.net.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.config.DicomConfig;
import org.mip.gateway.lifecycle.GatewayService;
import org.mip.gateway.lifecycle.ServiceState;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.service.DimseDispatcher;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.ul.Association;
import org.mip.gateway.net.ul.AssociationAcceptor;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.net.ul.AssociationLimiter;
import org.mip.gateway.net.ul.AssociationListener;
import org.mip.gateway.net.ul.PresentationPolicy;
import org.mip.gateway.net.ul.UpperLayerHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DICOM listener: one AE title, services by SOP class from a {@link ServiceRegistry}, a plain port
 * and optionally a TLS port (PS3.15 B.1 secure transport connection profile: TLS 1.2 or 1.3 only, per
 * BCP 195; client certificates required when {@code dicom.tls.trust} is set).
 *
 * <p>Pipeline per connection: [SslHandler] → IdleStateHandler → PduDecoder/PduEncoder →
 * {@link UpperLayerHandler} (acceptor) → {@code ScpAssociation} (DIMSE). TCP_NODELAY on every accepted
 * socket, and every PDU is written with its own flush (the encoder makes one buffer per PDU), so
 * responses never wait for Nagle's algorithm. Services run on a bounded worker pool; a full pool stops
 * the association reading instead of queueing without bound.
 */
public final class DicomServer implements GatewayService {
    private static final Logger log = LoggerFactory.getLogger(DicomServer.class);

    private final DicomConfig config;
    private final ServerOptions options;
    private final DimseDispatcher dispatcher;
    private final AssociationAudit audit;
    private final AssociationAcceptor acceptor;
    private final AssociationLimiter limiter;
    private final Set<Association> associations = ConcurrentHashMap.newKeySet();
    /** Our transfer syntaxes per supported SOP class, in our order ({@link PresentationPolicy#ourPreference}). */
    private final Map<String, List<String>> ourTransferSyntaxes = new ConcurrentHashMap<>();
    private volatile ServiceState state = ServiceState.NEW;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private ThreadPoolExecutor serviceExecutor;
    private ChannelGroup serverChannels;
    private ChannelGroup connections;
    private int port = -1;
    private int tlsPort = -1;

    public DicomServer(DicomConfig config, ServiceRegistry registry, AssociationAudit audit, ServerOptions options) {
        this.config = Objects.requireNonNull(config);
        this.options = Objects.requireNonNull(options);
        this.dispatcher = new DimseDispatcher(registry);
        this.audit = Objects.requireNonNull(audit);
        PresentationPolicy policy = new PresentationPolicy() {
            @Override
            public List<String> transferSyntaxes(String sopClass) {
                if (!registry.supports(sopClass)) {
                    return List.of();
                }
                // once per SOP class: a modality proposes every storage class it knows on each association
                return ourTransferSyntaxes.computeIfAbsent(sopClass,
                        c -> PresentationPolicy.ourPreference(options.transferSyntaxes().apply(c)));
            }

            /**
             * A service that takes N-EVENT-REPORT-RQ for a SOP class makes us that class's SCU (in the
             * SOP classes of PS3.4 that use it, the SCP invokes N-EVENT-REPORT), so a peer proposing the
             * SCP role for it may have it: e.g. a Storage Commitment SCP reporting on an association it
             * requests (PS3.4 J.3.3.1.3, PS3.7 D.3.3.4).
             */
            @Override
            public boolean acceptsPeerScpRole(String sopClass) {
                return registry.lookup(sopClass, CommandField.N_EVENT_REPORT_RQ).isPresent();
            }
        };
        this.acceptor = new AssociationAcceptor(config.aet(), config::callingAetAllowed, policy, config.maxPdu(),
                options.maxOpsPerformed());
        this.limiter = new AssociationLimiter(config.maxAssociations());
    }

    @Override
    public String name() {
        return "dicom";
    }

    @Override
    public synchronized void start() throws Exception {
        state = ServiceState.STARTING;
        if (config.allowedCallingAets().isEmpty()) {
            log.warn("dicom.allowed-calling-aets is empty: any calling AE title may associate with {}", config.aet());
        }
        Transport transport = Transport.best();
        boss = transport.newGroup(1, new DefaultThreadFactory("dicom-accept", true));
        workers = transport.newGroup(0, new DefaultThreadFactory("dicom-io", true));
        serviceExecutor = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.workerQueue()), new DefaultThreadFactory("dicom-service", true));
        serviceExecutor.allowCoreThreadTimeOut(true);
        serverChannels = new DefaultChannelGroup("dicom-listeners", GlobalEventExecutor.INSTANCE);
        connections = new DefaultChannelGroup("dicom-connections", GlobalEventExecutor.INSTANCE);
        try {
            port = bind(transport, config.port(), null);
            if (config.tls() != null && config.tls().enabled()) {
                tlsPort = bind(transport, config.tls().port(), sslContext());
            }
        } catch (Exception e) {
            state = ServiceState.FAILED;
            shutdownNow();
            throw e;
        }
        state = ServiceState.UP;
    }

    private SslContext sslContext() throws Exception {
        var tls = config.tls();
        SslContextBuilder b = SslContextBuilder.forServer(tls.cert().toFile(), tls.key().toFile())
                .protocols("TLSv1.3", "TLSv1.2");
        if (tls.clientAuth()) {
            b.trustManager(tls.trust().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    private int bind(Transport transport, int requestedPort, SslContext ssl) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ChannelPipeline p = ch.pipeline();
                        QuickAck.install(p);
                        if (ssl != null) {
                            p.addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        long idle = options.idleTimeout().toMillis();
                        if (idle > 0) {
                            p.addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
                        }
                        PduCodec.install(p, config.maxPdu());
                        p.addLast("upper-layer", UpperLayerHandler.acceptor(acceptor, DicomServer.this::newListener,
                                limiter, options.artimTimeout(), audit));
                    }
                });
        // A negative port (tests only; config validation never yields one) binds an ephemeral port.
        Channel ch = b.bind(config.host(), Math.max(0, requestedPort)).sync().channel();
        serverChannels.add(ch);
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    private AssociationListener newListener(Association association) {
        associations.add(association);
        association.closeFuture().addListener(f -> associations.remove(association));
        return new ScpAssociation(association, dispatcher, serviceExecutor);
    }

    /** The bound plain port (useful with port 0), or -1 before start. */
    public int port() {
        return port;
    }

    /** The bound TLS port, or -1 when TLS is off. */
    public int tlsPort() {
        return tlsPort;
    }

    /** Associations currently established. */
    public int activeAssociations() {
        return associations.size();
    }

    /** A snapshot of the established associations (diagnostics and tests: flow control, state). */
    List<Association> associations() {
        return List.copyOf(associations);
    }

    @Override
    public List<String> endpoints() {
        List<String> out = new ArrayList<>();
        if (port >= 0) {
            out.add("DICOM " + config.aet() + "@" + config.host() + ":" + port);
        }
        if (tlsPort >= 0) {
            out.add("DICOM TLS " + config.aet() + "@" + config.host() + ":" + tlsPort);
        }
        return out;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    /**
     * Stops accepting, lets established associations finish (their peers release them) within
     * {@code grace}, then aborts the rest and frees the threads.
     */
    @Override
    public synchronized void stop(Duration grace) {
        if (state != ServiceState.UP && state != ServiceState.STARTING) {
            return;
        }
        state = ServiceState.STOPPING;
        try {
            serverChannels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + grace.toNanos();
            while (!associations.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (!associations.isEmpty()) {
                log.info("Aborting {} association(s) still open after the grace period", associations.size());
                for (Association a : associations) {
                    a.abort("gateway shutting down");
                }
                long abortDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (!associations.isEmpty() && System.nanoTime() < abortDeadline) {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdownNow();
            state = ServiceState.STOPPED;
        }
    }

    private void shutdownNow() {
        if (connections != null) {
            connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        if (serviceExecutor != null) {
            serviceExecutor.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
