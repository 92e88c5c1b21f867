package org.mip.gateway.net.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;
import org.mip.gateway.net.server.QuickAck;
import org.mip.gateway.net.server.Transport;
import org.mip.gateway.net.ul.AssociationAudit;
import org.mip.gateway.net.ul.AssociationRejectedException;
import org.mip.gateway.net.ul.Implementation;
import org.mip.gateway.net.ul.UpperLayerHandler;

/**
 * Opens associations to remote AEs (we are the association requestor). One client owns one small event
 * loop group; close it when done. TCP_NODELAY is on and every PDU is written with its own flush.
 */
public final class DicomClient implements AutoCloseable {
    private final Transport transport = Transport.best();
    private final EventLoopGroup group;
    private final AssociationAudit audit;

    public DicomClient() {
        this(1, AssociationAudit.NONE);
    }

    public DicomClient(int threads, AssociationAudit audit) {
        this.group = transport.newGroup(threads, new DefaultThreadFactory("dicom-client", true));
        this.audit = audit;
    }

    /**
     * Connects and negotiates; returns once the association is established.
     *
     * @throws AssociationRejectedException when the peer answers A-ASSOCIATE-RJ
     * @throws IOException when the connection fails, times out, or is aborted during negotiation
     */
    public ScuAssociation connect(AeAddress remote, String callingAet, List<PresentationContextRq> contexts,
            ClientOptions options) throws IOException, AssociationRejectedException, InterruptedException {
        return connect(remote, callingAet, contexts, List.of(), options, IncomingServices.NONE);
    }

    /**
     * Connects with SCP/SCU Role Selection sub-items (PS3.7 D.3.3.4; e.g. SCU role off, SCP role on to
     * send a Storage Commitment report as association requestor, PS3.4 J.3.3), answering the peer's
     * requests on the association with {@code incoming}. What the acceptor answered to each role is in
     * {@code association().roleSelections()}.
     */
    public ScuAssociation connect(AeAddress remote, String callingAet, List<PresentationContextRq> contexts,
            List<UserItem.RoleSelection> roles, ClientOptions options, IncomingServices incoming)
            throws IOException, AssociationRejectedException, InterruptedException {
        List<UserItem> items = new ArrayList<>();
        items.add(new UserItem.MaximumLength(options.maxPdu()));
        items.add(new UserItem.ImplementationClassUid(Implementation.CLASS_UID));
        items.addAll(roles);
        items.add(new UserItem.ImplementationVersionName(Implementation.VERSION_NAME));
        AAssociateRq rq = new AAssociateRq(remote.aeTitle(), callingAet, contexts, new UserInformation(items));
        ScuAssociation scu = new ScuAssociation(options, incoming);
        UpperLayerHandler upperLayer = UpperLayerHandler.requestor(rq, scu, options.associateTimeout(), audit);
        SslContext ssl = options.tls() == null ? null : sslContext(options.tls());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        QuickAck.install(p);
                        if (ssl != null) {
                            p.addLast("tls", ssl.newHandler(ch.alloc(), remote.host(), remote.port()));
                        }
                        PduCodec.install(p, options.maxPdu());
                        p.addLast("upper-layer", upperLayer);
                    }
                });
        ChannelFuture connect = b.connect(remote.host(), remote.port());
        if (!connect.await(options.connectTimeout().toMillis() + 1000) || !connect.isSuccess()) {
            connect.channel().close();
            Throwable cause = connect.cause();
            throw new IOException("cannot connect to " + remote + ": " + (cause == null ? "timeout" : cause.getMessage()),
                    cause);
        }
        Channel ch = connect.channel();
        try {
            upperLayer.established().get(options.associateTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            return scu;
        } catch (ExecutionException e) {
            ch.close();
            if (e.getCause() instanceof AssociationRejectedException rj) {
                throw rj;
            }
            throw new IOException("association with " + remote + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            ch.close();
            throw new IOException("no answer from " + remote + " within " + options.associateTimeout());
        }
    }

    private static SslContext sslContext(ClientOptions.Tls tls) throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().protocols("TLSv1.3", "TLSv1.2");
        if (tls.trust() != null) {
            b.trustManager(tls.trust().toFile());
        }
        if (tls.cert() != null) {
            b.keyManager(tls.cert().toFile(), tls.key().toFile());
        }
        return b.build();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
