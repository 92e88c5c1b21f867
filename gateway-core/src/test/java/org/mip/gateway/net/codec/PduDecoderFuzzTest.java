package org.mip.gateway.net.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mip.gateway.net.pdu.Pdu;

/**
 * Seeded mutation fuzzing of {@link PduDecoder}: golden PDUs with bit flips, byte inserts and deletes,
 * rewritten length fields, truncation and splicing, fed in random chunks. For every input: nothing is
 * thrown, the output is valid PDUs optionally followed by one {@link MalformedPdu}, every PDU
 * re-encodes and decodes to itself, Netty buffers stay within twice the input, the thread allocates
 * memory in proportion to the input, and every buffer is freed.
 */
class PduDecoderFuzzTest {
    private static final int INPUTS = 100_000;
    private static final long SEED = 0x5EED_D1C0L;
    private static final int MAX_PDU = 16384;
    private static final int MAX_ASSOCIATE = 64 * 1024;
    private static final long[] INTERESTING = {0, 1, 2, 3, 4, 5, 6, 7, 0x44, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000,
            0xFFFF, 0x10000, MAX_PDU - 1, MAX_PDU, MAX_PDU + 1, MAX_ASSOCIATE, MAX_ASSOCIATE + 1, 0x7FFF_FFFFL,
            0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL};

    /** Counts and bounds the buffers the decoder asks for. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        int largestRequest;

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            largestRequest = Math.max(largestRequest, initialCapacity);
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            largestRequest = Math.max(largestRequest, initialCapacity);
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    @Test
    void decode_survivesOneHundredThousandMutatedPdus() {
        List<byte[]> seeds = new ArrayList<>();
        for (GoldenPdu golden : GoldenPdu.all()) {
            seeds.add(golden.bytes());
            seeds.add(golden.canonical());
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(SEED);
        int[] outcomes = new int[3]; // only PDUs, ended in MalformedPdu, nothing

        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            // Warm up first, so that class loading and JIT do not count as allocations of an input.
            for (int w = 0; w < 2000; w++) {
                Run run = run(mutate(seeds, new Random(w)), new Random(w));
                run.out().forEach(ReferenceCountUtil::release);
            }
            for (int i = 0; i < INPUTS; i++) {
                byte[] input = mutate(seeds, random);
                long before = threads.getCurrentThreadAllocatedBytes();
                Run run = run(input, random);
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                try {
                    assertThat(run.largestBuffer()).as("largest buffer for input %d", i)
                            .isLessThanOrEqualTo(2 * input.length + 64);
                    assertThat(allocated).as("bytes allocated for input %d of %d bytes", i, input.length)
                            .isLessThan(4L * 1024 * 1024 + 64L * input.length);
                    outcomes[check(run.out(), i)]++;
                } finally {
                    run.out().forEach(ReferenceCountUtil::release);
                }
                assertThat(run.chunks()).as("input %d freed", i)
                        .allMatch(c -> c.refCnt() == 0 || c.capacity() == 0); // the shared empty buffer
            }
        });
        System.out.printf("fuzz: %d inputs, %d only PDUs, %d ended in MalformedPdu, %d empty%n", INPUTS,
                outcomes[0], outcomes[1], outcomes[2]);
        assertThat(outcomes[0]).as("inputs still decoding to valid PDUs").isGreaterThan(INPUTS / 50);
        assertThat(outcomes[1]).as("inputs refused").isGreaterThan(INPUTS / 5);
    }

    private record Run(List<Object> out, List<ByteBuf> chunks, int largestBuffer) {}

    private static Run run(byte[] input, Random random) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new PduDecoder(MAX_PDU, MAX_ASSOCIATE));
        List<ByteBuf> chunks = new ArrayList<>();
        int at = 0;
        int pieces = 1 + random.nextInt(3);
        for (int p = 0; p < pieces; p++) {
            int end = p == pieces - 1 ? input.length : at + random.nextInt(input.length - at + 1);
            ByteBuf chunk = Unpooled.wrappedBuffer(Arrays.copyOfRange(input, at, end));
            chunks.add(chunk);
            channel.writeInbound(chunk);
            at = end;
        }
        channel.finish();
        List<Object> out = new ArrayList<>(channel.inboundMessages());
        channel.inboundMessages().clear();
        return new Run(out, chunks, alloc.largestRequest);
    }

    /** Returns 0 for PDUs only, 1 for PDUs then one MalformedPdu, 2 for no output. */
    private static int check(List<Object> out, int i) {
        int result = out.isEmpty() ? 2 : 0;
        for (int m = 0; m < out.size(); m++) {
            Object msg = out.get(m);
            if (msg instanceof MalformedPdu malformed) {
                assertThat(m).as("MalformedPdu is last, input %d", i).isEqualTo(out.size() - 1);
                assertThat(malformed.reason()).isNotBlank();
                assertThat(malformed.abortReason()).isNotNull();
                result = 1;
            } else {
                assertThat(msg).as("input %d", i).isInstanceOf(Pdu.class);
                Pdu again = PduCodecTesting.decodeOne(PduCodecTesting.encode((Pdu) msg));
                try {
                    assertThat(again).as("re-decoded PDU %d of input %d", m, i).isEqualTo(msg);
                } finally {
                    ReferenceCountUtil.release(again);
                }
            }
        }
        return result;
    }

    private static byte[] mutate(List<byte[]> seeds, Random random) {
        byte[] data = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int k = 0; k < mutations; k++) {
            data = switch (random.nextInt(8)) {
                case 0 -> flipBit(data, random);
                case 1 -> setByte(data, random);
                case 2 -> insert(data, random);
                case 3 -> delete(data, random);
                case 4 -> rewriteLength(data, 2, 4, random); // the PDU length field
                case 5 -> rewriteLength(data, random.nextInt(Math.max(1, data.length)), 1 + random.nextInt(4), random);
                case 6 -> Arrays.copyOf(data, random.nextInt(data.length + 1));
                default -> PduCodecTesting.concat(data, seeds.get(random.nextInt(seeds.size())));
            };
        }
        return data;
    }

    private static byte[] flipBit(byte[] data, Random random) {
        if (data.length > 0) {
            data[random.nextInt(data.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return data;
    }

    private static byte[] setByte(byte[] data, Random random) {
        if (data.length > 0) {
            data[random.nextInt(data.length)] = (byte) random.nextInt(256);
        }
        return data;
    }

    private static byte[] insert(byte[] data, Random random) {
        int at = random.nextInt(data.length + 1);
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        return PduCodecTesting.concat(Arrays.copyOf(data, at), extra, Arrays.copyOfRange(data, at, data.length));
    }

    private static byte[] delete(byte[] data, Random random) {
        if (data.length == 0) {
            return data;
        }
        int at = random.nextInt(data.length);
        int n = 1 + random.nextInt(Math.min(8, data.length - at));
        return PduCodecTesting.concat(Arrays.copyOf(data, at), Arrays.copyOfRange(data, at + n, data.length));
    }

    /** Writes an interesting or nearby value, big endian, into {@code width} bytes at {@code at}. */
    private static byte[] rewriteLength(byte[] data, int at, int width, Random random) {
        if (at + width > data.length) {
            return data;
        }
        long value = random.nextBoolean()
                ? INTERESTING[random.nextInt(INTERESTING.length)]
                : Math.max(0, data.length - at - width + random.nextInt(9) - 4);
        for (int b = width - 1; b >= 0; b--) {
            data[at + b] = (byte) value;
            value >>>= 8;
        }
        return data;
    }
}
