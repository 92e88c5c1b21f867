package org.mip.gateway.net.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.net.pdu.PDataFragmenter;
import org.mip.gateway.net.pdu.PDataTf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * P-DATA-TF encoding and decoding throughput for 16 KiB and 64 KiB PDUs (a C-STORE data set streams
 * through here). Scores are PDUs per second; multiply by {@code pduLength} for bytes per second.
 * Prints figures, asserts nothing.
 *
 * <ul>
 *   <li>{@code encodeShared}: {@link PduEncoder#encode}, which shares large fragments (composite buffer).</li>
 *   <li>{@code encodeCopy}: {@link PduWriter#write} into one pooled buffer, copying the fragment.</li>
 *   <li>{@code decodeAligned}: {@link PduDecoder} fed reads holding whole PDUs.</li>
 *   <li>{@code decodeSocketReads}: fed 64 KiB reads that cut PDUs anywhere (cumulation path).</li>
 *   <li>{@code fragmentAndEncode}: {@link PDataFragmenter} splitting a 1 MiB data set, then encoding.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class PDataCodecBenchmark {
    private static final int PDUS_PER_STREAM = 64;
    private static final int SOCKET_READ = 64 * 1024;
    private static final int DATA_SET = 1 << 20;

    /** The P-DATA-TF PDU length field, i.e. the peer's maximum PDU length. */
    @Param({"16384", "65536"})
    public int pduLength;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf fragment;
    private ByteBuf stream;
    private ByteBuf dataSet;
    private EmbeddedChannel decoder;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] bytes = new byte[Math.max(DATA_SET, pduLength)];
        new Random(1).nextBytes(bytes);
        dataSet = alloc.directBuffer(DATA_SET).writeBytes(bytes, 0, DATA_SET);
        fragment = alloc.directBuffer(pduLength - 6).writeBytes(bytes, 0, pduLength - 6);
        stream = alloc.directBuffer(PDUS_PER_STREAM * (pduLength + 6));
        for (int i = 0; i < PDUS_PER_STREAM; i++) {
            PduWriter.write(PDataTf.of(1, false, i == PDUS_PER_STREAM - 1, fragment), stream);
        }
        decoder = new EmbeddedChannel(new PduDecoder(pduLength));
        decoder.config().setAllocator(alloc);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        decoder.finishAndReleaseAll();
        fragment.release();
        stream.release();
        dataSet.release();
    }

    @Benchmark
    public void encodeShared(Blackhole bh) {
        PDataTf pdu = PDataTf.of(1, false, false, fragment.retainedSlice());
        ByteBuf out = PduEncoder.encode(pdu, alloc);
        pdu.release(); // as the encoder handler does after encoding
        bh.consume(out.readableBytes());
        out.release();
    }

    @Benchmark
    public void encodeCopy(Blackhole bh) {
        ByteBuf out = alloc.directBuffer(pduLength + 6);
        PduWriter.write(PDataTf.of(1, false, false, fragment), out);
        bh.consume(out.readableBytes());
        out.release();
    }

    @Benchmark
    @OperationsPerInvocation(PDUS_PER_STREAM)
    public void decodeAligned(Blackhole bh) {
        decoder.writeInbound(stream.retainedDuplicate());
        drain(bh);
    }

    @Benchmark
    @OperationsPerInvocation(PDUS_PER_STREAM)
    public void decodeSocketReads(Blackhole bh) {
        int length = stream.readableBytes();
        for (int at = 0; at < length; at += SOCKET_READ) {
            decoder.writeInbound(stream.retainedSlice(at, Math.min(SOCKET_READ, length - at)));
            drain(bh);
        }
    }

    @Benchmark
    public void fragmentAndEncode(Blackhole bh) {
        List<PDataTf> pdus = PDataFragmenter.fragment(1, false, dataSet.retainedSlice(), pduLength, alloc);
        for (PDataTf pdu : pdus) {
            ByteBuf out = PduEncoder.encode(pdu, alloc);
            bh.consume(out.readableBytes());
            out.release();
            pdu.release();
        }
    }

    private void drain(Blackhole bh) {
        Object msg;
        while ((msg = decoder.readInbound()) != null) {
            bh.consume(msg);
            ReferenceCountUtil.release(msg);
        }
    }
}
