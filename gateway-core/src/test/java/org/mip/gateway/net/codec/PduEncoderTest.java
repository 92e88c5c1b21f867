package org.mip.gateway.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mip.gateway.net.codec.PduCodecTesting.MAX_PDU;
import static org.mip.gateway.net.codec.PduCodecTesting.encode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mip.gateway.net.pdu.AAbort;
import org.mip.gateway.net.pdu.AAssociateAc;
import org.mip.gateway.net.pdu.AAssociateRq;
import org.mip.gateway.net.pdu.AReleaseRp;
import org.mip.gateway.net.pdu.PDataTf;
import org.mip.gateway.net.pdu.Pdu;
import org.mip.gateway.net.pdu.PresentationContextAc;
import org.mip.gateway.net.pdu.PresentationContextRq;
import org.mip.gateway.net.pdu.PresentationDataValue;
import org.mip.gateway.net.pdu.UserInformation;
import org.mip.gateway.net.pdu.UserItem;

class PduEncoderTest {

    private static byte[] randomBytes(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void encoder_writesEachPduAsOneBuffer_equalToPduWriter() {
        EmbeddedChannel channel = new EmbeddedChannel(PduEncoder.INSTANCE);
        for (GoldenPdu golden : GoldenPdu.all()) {
            Pdu pdu = PduCodecTesting.decodeOne(golden.bytes());
            channel.writeOutbound(pdu);
            ByteBuf out = channel.readOutbound();
            assertThat(ByteBufUtil.getBytes(out)).as(golden.name()).isEqualTo(golden.canonical());
            assertThat(channel.<Object>readOutbound()).isNull();
            out.release();
        }
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void encoder_sharesLargeFragmentsInsteadOfCopying_andReleasesThePdu() {
        ByteBuf data = Unpooled.wrappedBuffer(randomBytes(64 * 1024, 1));
        PDataTf pData = PDataTf.of(3, false, true, data);
        EmbeddedChannel channel = new EmbeddedChannel(PduEncoder.INSTANCE);

        channel.writeOutbound(pData);
        ByteBuf out = channel.readOutbound();

        assertThat(out).isInstanceOf(CompositeByteBuf.class);
        assertThat(data.refCnt()).as("held by the encoded buffer only").isEqualTo(1);
        byte[] expected = encode(PDataTf.of(3, false, true, Unpooled.wrappedBuffer(randomBytes(64 * 1024, 1))));
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(expected);
        out.release();
        assertThat(data.refCnt()).isZero();
        channel.finish();
    }

    @Test
    void encoder_copiesSmallFragments() {
        ByteBuf data = Unpooled.wrappedBuffer(new byte[100]);
        EmbeddedChannel channel = new EmbeddedChannel(PduEncoder.INSTANCE);
        channel.writeOutbound(PDataTf.of(1, true, true, data));
        ByteBuf out = channel.readOutbound();
        assertThat(out).isNotInstanceOf(CompositeByteBuf.class);
        assertThat(out.readableBytes()).isEqualTo(112);
        assertThat(data.refCnt()).isZero();
        out.release();
        channel.finish();
    }

    @Test
    void encoder_andDecoder_roundTripPDataOfManyShapes() {
        Random random = new Random(42);
        EmbeddedChannel encoder = new EmbeddedChannel(PduEncoder.INSTANCE);
        EmbeddedChannel decoder = new EmbeddedChannel(new PduDecoder(1 << 20));
        for (int i = 0; i < 200; i++) {
            int pdvs = 1 + random.nextInt(3);
            PresentationDataValue[] values = new PresentationDataValue[pdvs];
            PresentationDataValue[] copies = new PresentationDataValue[pdvs];
            for (int p = 0; p < pdvs; p++) {
                byte[] bytes = randomBytes(random.nextInt(100_000), random.nextLong());
                int id = 1 + 2 * random.nextInt(128);
                boolean command = random.nextBoolean();
                boolean last = random.nextBoolean();
                values[p] = new PresentationDataValue(id, command, last, Unpooled.wrappedBuffer(bytes));
                copies[p] = new PresentationDataValue(id, command, last, Unpooled.wrappedBuffer(bytes.clone()));
            }
            encoder.writeOutbound(new PDataTf(List.of(values)));
            decoder.writeInbound((ByteBuf) encoder.readOutbound());
            PDataTf decoded = decoder.readInbound();
            assertThat(decoded).isEqualTo(new PDataTf(List.of(copies)));
            decoded.release();
        }
        assertThat(encoder.finish()).isFalse();
        assertThat(decoder.finish()).isFalse();
    }

    @Test
    void encode_padsAeTitlesToSixteenBytes() {
        AAssociateRq rq = new AAssociateRq("A", "B", List.of(new PresentationContextRq(1, "1.2", "1.2.3")),
                UserInformation.of());
        byte[] bytes = encode(rq);
        assertThat(new String(bytes, 10, 32, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("A               B               ");
    }

    @Test
    void encode_echoesTheRequestInAnAccept() {
        AAssociateRq rq = (AAssociateRq) PduCodecTesting.decodeOne(GoldenPdu.load("a-associate-rq-echoscu.hex").bytes());
        AAssociateAc ac = new AAssociateAc(rq, List.of(PresentationContextAc.accepted(1, "1.2.840.10008.1.2")),
                rq.userInformation());
        assertThat(encode(ac)).isEqualTo(GoldenPdu.load("a-associate-ac-storescp-echo.hex").canonical());
    }

    @Test
    void encode_refusesAnItemLongerThanItsTwoByteLength() {
        AAssociateRq rq = new AAssociateRq("A", "B", List.of(), UserInformation.of(
                new UserItem.Unknown(0x7F, 0, new byte[40_000]), new UserItem.Unknown(0x7E, 0, new byte[40_000])));
        assertThatThrownBy(() -> encode(rq)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2-byte length");
    }

    @Test
    void encoder_failsTheWritePromise_notThePipeline_forAnUnencodablePdu() {
        EmbeddedChannel channel = new EmbeddedChannel(PduEncoder.INSTANCE);
        AAssociateRq rq = new AAssociateRq("A", "B", List.of(new PresentationContextRq(1, "x".repeat(70_000))),
                UserInformation.of());
        assertThatThrownBy(() -> channel.writeOutbound(rq)).isInstanceOf(EncoderException.class);
        channel.writeOutbound(AReleaseRp.INSTANCE, AAbort.serviceUser());
        assertThat(channel.outboundMessages()).hasSize(2);
        channel.finishAndReleaseAll();
    }

    @Test
    void install_addsDecoderAndEncoder() {
        EmbeddedChannel channel = new EmbeddedChannel();
        PduCodec.install(channel.pipeline(), MAX_PDU);
        assertThat(channel.pipeline().get(PduCodec.DECODER)).isInstanceOf(PduDecoder.class);
        assertThat(((PduDecoder) channel.pipeline().get(PduCodec.DECODER)).maxPduLength()).isEqualTo(MAX_PDU);
        assertThat(channel.pipeline().get(PduCodec.ENCODER)).isSameAs(PduEncoder.INSTANCE);

        channel.writeOutbound(AReleaseRp.INSTANCE);
        channel.writeInbound(channel.<Object>readOutbound());
        assertThat(channel.<Object>readInbound()).isEqualTo(AReleaseRp.INSTANCE);
        channel.finish();
    }
}
