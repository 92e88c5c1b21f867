package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(20)
class DataSetStreamTest {

    /** Records pause/resume calls as a channel's auto-read flag would see them. */
    static final class RecordingFlow implements FlowControl {
        final List<String> calls = new ArrayList<>();
        final AtomicBoolean autoRead = new AtomicBoolean(true);

        @Override
        public synchronized void pause() {
            calls.add("pause");
            autoRead.set(false);
        }

        @Override
        public synchronized void resume() {
            calls.add("resume");
            autoRead.set(true);
        }
    }

    private static ByteBuf bytes(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return Unpooled.wrappedBuffer(b);
    }

    @Test
    void read_returnsFragmentsInOrderThenEndOfStream() throws Exception {
        DataSetStream s = new DataSetStream(FlowControl.NONE);
        s.onFragment(Unpooled.wrappedBuffer(new byte[] {1, 2}));
        s.onFragment(Unpooled.wrappedBuffer(new byte[0]));
        s.onFragment(Unpooled.wrappedBuffer(new byte[] {3}));
        s.onEnd();
        assertThat(s.readAllBytes()).containsExactly(1, 2, 3);
        assertThat(s.read()).isEqualTo(-1);
        assertThat(s.receivedBytes()).isEqualTo(3);
    }

    @Test
    void onFragment_pausesTheProducerAtTheHighWatermarkAndReadResumesItAtTheLow() throws Exception {
        RecordingFlow flow = new RecordingFlow();
        DataSetStream s = new DataSetStream(flow, 100, 40, 0);
        s.onFragment(bytes(60, 1));
        assertThat(flow.calls).isEmpty();
        s.onFragment(bytes(60, 2));
        assertThat(flow.calls).containsExactly("pause");
        s.onFragment(bytes(10, 3)); // what the producer had already read still comes in
        assertThat(flow.calls).containsExactly("pause");
        s.readNBytes(60);
        assertThat(flow.calls).containsExactly("pause");
        s.readNBytes(30);
        assertThat(flow.calls).containsExactly("pause", "resume");
        s.onEnd();
        assertThat(s.readAllBytes()).hasSize(40);
    }

    @Test
    void transferTo_writesToAFileChannelWhileFragmentsArriveWithBoundedQueue(@TempDir Path dir) throws Exception {
        RecordingFlow flow = new RecordingFlow();
        DataSetStream s = new DataSetStream(flow, 64 * 1024, 16 * 1024, 0);
        byte[] expected = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(expected);
        Path file = dir.resolve("instance.dcm");
        CompletableFuture<Long> consumer = CompletableFuture.supplyAsync(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                return s.transferTo(ch);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        // the producer honours auto-read like an event loop: it only "reads the socket" while allowed
        long maxQueued = 0;
        for (int p = 0; p < expected.length; p += 16378) {
            while (!flow.autoRead.get()) {
                Thread.onSpinWait();
            }
            int n = Math.min(16378, expected.length - p);
            s.onFragment(Unpooled.wrappedBuffer(expected, p, n));
            maxQueued = Math.max(maxQueued, s.available());
        }
        s.onEnd();
        assertThat(consumer.get(15, TimeUnit.SECONDS)).isEqualTo(expected.length);
        assertThat(Files.readAllBytes(file)).isEqualTo(expected);
        assertThat(maxQueued).isLessThanOrEqualTo(64 * 1024 + 16378);
    }

    @Test
    void read_blocksUntilTheNextFragmentArrives() throws Exception {
        DataSetStream s = new DataSetStream(FlowControl.NONE);
        CompletableFuture<byte[]> all = CompletableFuture.supplyAsync(() -> {
            try {
                return s.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(50);
        assertThat(all).isNotDone();
        s.onFragment(Unpooled.wrappedBuffer(new byte[] {7}));
        s.onEnd();
        assertThat(all.get(5, TimeUnit.SECONDS)).containsExactly(7);
    }

    @Test
    void read_failsWithTheAbortCauseAndReleasesQueuedFragments() {
        DataSetStream s = new DataSetStream(FlowControl.NONE);
        ByteBuf queued = bytes(10, 1);
        s.onFragment(queued);
        DimseException cause = new DimseException(DimseException.Reason.PRESENTATION_CONTEXT_MISMATCH, "pc 3 in pc 1");
        s.onAbort(cause);
        assertThat(queued.refCnt()).isZero();
        assertThatThrownBy(s::read).isInstanceOf(IOException.class).hasCause(cause);
    }

    @Test
    void close_discardsTheRestAndResumesAPausedProducer() throws Exception {
        RecordingFlow flow = new RecordingFlow();
        DataSetStream s = new DataSetStream(flow, 10, 5, 0);
        ByteBuf first = bytes(20, 1);
        s.onFragment(first);
        assertThat(flow.calls).containsExactly("pause");
        s.close();
        assertThat(flow.calls).containsExactly("pause", "resume");
        assertThat(first.refCnt()).isZero();
        ByteBuf late = bytes(5, 2);
        s.onFragment(late);
        assertThat(late.refCnt()).isZero();
        s.onEnd();
        assertThatThrownBy(s::read).isInstanceOf(IOException.class);
    }

    @Test
    void read_timesOutWhenConfiguredAndNoFragmentComes() {
        DataSetStream s = new DataSetStream(FlowControl.NONE, 10, 5, 30);
        assertThatThrownBy(s::read).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void transferTo_copiesToAnOutputStream() throws Exception {
        DataSetStream s = new DataSetStream(FlowControl.NONE);
        s.onFragment(Unpooled.wrappedBuffer(ByteBuffer.wrap(new byte[] {1, 2, 3})));
        s.onEnd();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(s.transferTo(out)).isEqualTo(3);
        assertThat(out.toByteArray()).containsExactly(1, 2, 3);
    }
}
