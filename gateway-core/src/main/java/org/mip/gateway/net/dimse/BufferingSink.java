package org.mip.gateway.net.dimse;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Collects a small data set (a response's, or an N-EVENT-REPORT's Event Information) in memory, up to
 * {@code maxLength} bytes, and hands the bytes over at its end; a longer one is dropped and reported
 * through {@code tooLong} instead. Not for C-STORE instances: those stream ({@link DataSetStream}).
 */
public final class BufferingSink implements DataSetSink {
    private final int maxLength;
    private final Consumer<byte[]> complete;
    private final Consumer<String> tooLong;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean overflow;

    public BufferingSink(int maxLength, Consumer<byte[]> complete, Consumer<String> tooLong) {
        this.maxLength = maxLength;
        this.complete = Objects.requireNonNull(complete);
        this.tooLong = Objects.requireNonNull(tooLong);
    }

    @Override
    public void onFragment(ByteBuf fragment) {
        try {
            if (overflow || bytes.size() + fragment.readableBytes() > maxLength) {
                overflow = true;
            } else {
                fragment.readBytes(bytes, fragment.readableBytes());
            }
        } catch (IOException e) {
            overflow = true; // ByteArrayOutputStream does not throw
        } finally {
            fragment.release();
        }
    }

    @Override
    public void onEnd() {
        if (overflow) {
            tooLong.accept("data set longer than " + maxLength + " bytes");
        } else {
            complete.accept(bytes.toByteArray());
        }
    }

    @Override
    public void onAbort(Throwable cause) {}
}
