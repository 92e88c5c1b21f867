package org.mip.gateway.net.ul;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.net.codec.PduCodec;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

/**
 * Back-pressure toggles reading from several threads: a worker resumes (its change is scheduled on the event
 * loop) while the event loop itself pauses inline a moment later. Reading must end as the last call asked,
 * on a real event loop (the embedded one runs everything inline and cannot show the race).
 */
class ReadingToggleTest {

    @Test
    void setReading_lastCallWins_whenAResumeScheduledByAWorkerRunsAfterAnInlinePause() throws Exception {
        DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);
        try {
            LocalAddress address = new LocalAddress("reading-toggle-" + System.nanoTime());
            new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInboundHandlerAdapter()).bind(address).sync();
            AAssociateRq rq = new AAssociateRq("MIPGW", "SCU",
                    List.of(new PresentationContextRq(1, UID.Verification, UID.ImplicitVRLittleEndian)),
                    UserInformation.of(new UserItem.MaximumLength(16384)));
            UpperLayerHandler handler = UpperLayerHandler.requestor(rq, new RecordingListener(), Duration.ofSeconds(30),
                    AssociationAudit.NONE);
            Channel ch = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel c) {
                    PduCodec.install(c.pipeline(), 16384);
                    c.pipeline().addLast(handler);
                }
            }).connect(address).sync().channel();

            CountDownLatch running = new CountDownLatch(1);
            CountDownLatch go = new CountDownLatch(1);
            // the event loop is busy with a PDU whose handling will pause reading (e.g. the executor is full)
            ch.eventLoop().execute(() -> {
                running.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                handler.setReading(false); // inline, on the event loop
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            handler.setReading(true); // a worker drained its stream first: scheduled behind the running task
            go.countDown();
            ch.eventLoop().submit(() -> { }).sync(); // every scheduled toggle has run

            assertThat(ch.config().isAutoRead()).as("reading stays off: the pause was the last call").isFalse();
            ch.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
