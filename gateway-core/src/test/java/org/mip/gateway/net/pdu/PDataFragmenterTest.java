package org.mip.gateway.net.pdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PDataFragmenterTest {
    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] joined(List<PDataTf> pdus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PDataTf pdu : pdus) {
            for (PresentationDataValue pdv : pdu.pdvs()) {
                out.writeBytes(ByteBufUtil.getBytes(pdv.data()));
            }
        }
        return out.toByteArray();
    }

    private static void release(List<PDataTf> pdus) {
        pdus.forEach(PDataTf::release);
    }

    @Test
    void fragment_splitsIntoPdusOfPeerMaxLength_withTheLastBitOnTheFinalOneOnly() {
        byte[] message = bytes(40_000);
        List<PDataTf> pdus = PDataFragmenter.fragment(5, false, Unpooled.wrappedBuffer(message), 16384, ALLOC);

        assertThat(pdus).hasSize(3);
        assertThat(pdus).allSatisfy(pdu -> {
            assertThat(pdu.pdvs()).hasSize(1);
            assertThat(pdu.pduLength()).isLessThanOrEqualTo(16384);
            assertThat(pdu.pdvs().get(0).presentationContextId()).isEqualTo(5);
            assertThat(pdu.pdvs().get(0).command()).isFalse();
        });
        assertThat(pdus.get(0).pduLength()).isEqualTo(16384);
        assertThat(pdus.get(0).pdvs().get(0).data().readableBytes()).isEqualTo(16378);
        assertThat(pdus).extracting(p -> p.pdvs().get(0).last()).containsExactly(false, false, true);
        assertThat(joined(pdus)).isEqualTo(message);
        release(pdus);
    }

    @Test
    void fragment_setsTheCommandBitOnEveryFragmentOfACommand() {
        List<PDataTf> pdus = PDataFragmenter.fragment(1, true, Unpooled.wrappedBuffer(bytes(100)), 50, ALLOC);
        assertThat(pdus).hasSize(3).allMatch(p -> p.pdvs().get(0).command());
        assertThat(pdus.get(2).pdvs().get(0).messageControlHeader()).isEqualTo(0x03);
        assertThat(pdus.get(0).pdvs().get(0).messageControlHeader()).isEqualTo(0x01);
        release(pdus);
    }

    @Test
    void fragment_ofAnExactMultiple_hasNoEmptyTrailingFragment() {
        List<PDataTf> pdus = PDataFragmenter.fragment(1, false, Unpooled.wrappedBuffer(bytes(200)), 106, ALLOC);
        assertThat(pdus).hasSize(2);
        assertThat(pdus.get(1).pdvs().get(0).data().readableBytes()).isEqualTo(100);
        assertThat(pdus.get(1).pdvs().get(0).last()).isTrue();
        release(pdus);
    }

    @Test
    void fragment_ofAnEmptyMessage_isOneEmptyLastFragment() {
        List<PDataTf> pdus = PDataFragmenter.fragment(1, false, Unpooled.EMPTY_BUFFER, 16384, ALLOC);
        assertThat(pdus).hasSize(1);
        assertThat(pdus.get(0).pdvs().get(0).last()).isTrue();
        assertThat(pdus.get(0).pduLength()).isEqualTo(6);
        release(pdus);
    }

    @Test
    void maxFragmentLength_treatsZeroAsUnlimited_boundedByTheLocalLimit() {
        assertThat(PDataFragmenter.maxFragmentLength(0, 1 << 20)).isEqualTo(1 << 20);
        assertThat(PDataFragmenter.maxFragmentLength(0xFFFF_FFFFL, 1 << 20)).isEqualTo(1 << 20);
        assertThat(PDataFragmenter.maxFragmentLength(16384, 1 << 20)).isEqualTo(16378);
        assertThat(PDataFragmenter.maxFragmentLength(7, 1 << 20)).isEqualTo(1);

        List<PDataTf> pdus = PDataFragmenter.fragment(1, false, Unpooled.wrappedBuffer(bytes(3 << 20)), 0, ALLOC);
        assertThat(pdus).hasSize(3);
        release(pdus);
    }

    @Test
    void maxFragmentLength_refusesAPeerMaximumWithNoRoomForData() {
        assertThatThrownBy(() -> PDataFragmenter.maxFragmentLength(6, 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PDataFragmenter.maxFragmentLength(-1, 1024))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PDataFragmenter.maxFragmentLength(1L << 32, 1024))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void add_streamsChunksOfAnySize_withoutCopying_andFreesEverything() {
        Random random = new Random(7);
        byte[] message = bytes(1_000_000);
        List<ByteBuf> chunks = new ArrayList<>();
        PDataFragmenter fragmenter = new PDataFragmenter(3, false, 16384, ALLOC);
        List<PDataTf> pdus = new ArrayList<>();
        for (int at = 0; at < message.length; ) {
            int n = Math.min(message.length - at, 1 + random.nextInt(40_000));
            ByteBuf chunk = Unpooled.wrappedBuffer(message, at, n);
            chunks.add(chunk);
            pdus.addAll(fragmenter.add(chunk));
            at += n;
        }
        pdus.addAll(fragmenter.finish());

        assertThat(joined(pdus)).isEqualTo(message);
        assertThat(pdus).allMatch(p -> p.pduLength() <= 16384);
        assertThat(pdus.subList(0, pdus.size() - 1)).allMatch(p -> p.pduLength() == 16384 && !p.pdvs().get(0).last());
        assertThat(pdus.get(pdus.size() - 1).pdvs().get(0).last()).isTrue();
        release(pdus);
        assertThat(chunks).allMatch(c -> c.refCnt() == 0);
    }

    @Test
    void discard_releasesTheBytesKeptBack() {
        PDataFragmenter fragmenter = new PDataFragmenter(1, false, 1000, ALLOC);
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes(500));
        assertThat(fragmenter.add(chunk)).isEmpty();
        fragmenter.discard();
        assertThat(chunk.refCnt()).isZero();
        assertThatThrownBy(() -> fragmenter.add(Unpooled.buffer(1))).isInstanceOf(IllegalStateException.class);
    }
}
