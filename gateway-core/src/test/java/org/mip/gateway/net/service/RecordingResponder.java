package org.mip.gateway.net.service;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.net.dimse.DimseResponse;

/** A fake association: records what a peer would receive; can fail like a lost association. */
final class RecordingResponder implements DimseResponder {
    record Sent(DimseResponse response, Attributes dataSet) {}

    final List<Sent> sent = new ArrayList<>();
    private int failAfter = Integer.MAX_VALUE;
    private Consumer<Sent> onSend = s -> {};

    /** Sends after the first {@code n} throw IOException. */
    RecordingResponder failAfter(int n) {
        failAfter = n;
        return this;
    }

    RecordingResponder onSend(Consumer<Sent> hook) {
        onSend = hook;
        return this;
    }

    @Override
    public void send(DimseResponse response, Attributes dataSet) throws IOException {
        if (sent.size() >= failAfter) {
            throw new IOException("association aborted");
        }
        Sent s = new Sent(response, dataSet);
        sent.add(s);
        onSend.accept(s);
    }

    List<Integer> statuses() {
        return sent.stream().map(s -> s.response().status()).toList();
    }

    DimseResponse last() {
        return sent.get(sent.size() - 1).response();
    }
}
