package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;

@Timeout(10)
class OutstandingRequestsTest {
    private final OutstandingRequests outstanding = new OutstandingRequests();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static NEventReportRq report(int messageId) {
        return new NEventReportRq(messageId, UID.StorageCommitmentPushModel, UID.StorageCommitmentPushModelInstance,
                1, true);
    }

    @Test
    void nextMessageId_countsFrom1_wrapsAfter65535_andSkipsOutstandingIds() {
        assertThat(outstanding.nextMessageId()).isEqualTo(1);
        outstanding.register(report(2), UID.ExplicitVRLittleEndian);
        assertThat(outstanding.nextMessageId()).as("2 is outstanding").isEqualTo(3);
        for (int i = 4; i <= 0xFFFF; i++) {
            assertThat(outstanding.nextMessageId()).isEqualTo(i);
        }
        // Message ID is US (PS3.7 E.1): after 65535 comes 1 again, never 0; 2 is still outstanding.
        assertThat(outstanding.nextMessageId()).isEqualTo(1);
        assertThat(outstanding.nextMessageId()).isEqualTo(3);
    }

    @Test
    void register_sameMessageIdTwice_isRefused() {
        outstanding.register(report(5), UID.ExplicitVRLittleEndian);
        assertThatThrownBy(() -> outstanding.register(report(5), UID.ExplicitVRLittleEndian))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("5");
    }

    @Test
    void route_matchesMessageIdBeingRespondedTo_andCollectsPendingResponsesUntilTheFinalOne() {
        CompletableFuture<List<Reply>> find = outstanding.register(
                new CFindRq(9, UID.ModalityWorklistInformationModelFind, Priority.MEDIUM), UID.ExplicitVRLittleEndian);
        CompletableFuture<List<Reply>> other = outstanding.register(report(10), UID.ExplicitVRLittleEndian);
        CFindRsp pending = new CFindRsp(9, UID.ModalityWorklistInformationModelFind, Status.Pending, ErrorInfo.NONE, false);
        CFindRsp last = new CFindRsp(9, UID.ModalityWorklistInformationModelFind, Status.Success, ErrorInfo.NONE, false);
        assertThat(outstanding.route(pending)).isSameAs(DataSetSink.DISCARD);
        assertThat(find).isNotDone();
        outstanding.route(last);
        assertThat(find).isCompletedWithValueMatching(r -> r.size() == 2 && r.get(1).response() == last);
        assertThat(other).isNotDone();
        assertThat(outstanding.size()).isEqualTo(1);
        assertThat(outstanding.route(last)).as("9 is answered already").isNull();
    }

    @Test
    void route_responseDataSet_isDecodedInTheRequestsTransferSyntax() throws IOException {
        CompletableFuture<List<Reply>> f = outstanding.register(report(1), UID.ImplicitVRLittleEndian);
        Attributes reply = new Attributes();
        reply.setString(Tag.TransactionUID, VR.UI, "1.2.3.4");
        DataSetSink sink = outstanding.route(new NEventReportRsp(1, null, null, 1, Status.Success, ErrorInfo.NONE, true));
        byte[] bytes = DataSetCodec.encode(reply, UID.ImplicitVRLittleEndian);
        sink.onFragment(Unpooled.wrappedBuffer(bytes, 0, 10));
        sink.onFragment(Unpooled.wrappedBuffer(bytes, 10, bytes.length - 10));
        assertThat(f).isNotDone();
        sink.onEnd();
        assertThat(f.join().get(0).dataSet().getString(Tag.TransactionUID)).isEqualTo("1.2.3.4");
    }

    @Test
    void startTimer_failsTheRequestWithTimeoutException_andRunsTheExpiryAction() {
        CompletableFuture<List<Reply>> f = outstanding.register(report(1), UID.ExplicitVRLittleEndian);
        AtomicInteger expired = new AtomicInteger();
        outstanding.startTimer(1, Duration.ofMillis(20), timer, expired::incrementAndGet);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("N-EVENT-REPORT-RQ");
        assertThat(expired).hasValue(1);
        assertThat(outstanding.route(report(1).response(Status.Success))).as("late response").isNull();
    }

    @Test
    void startTimer_afterTheResponse_doesNothing() throws Exception {
        CompletableFuture<List<Reply>> f = outstanding.register(report(1), UID.ExplicitVRLittleEndian);
        outstanding.route(report(1).response(Status.Success));
        AtomicInteger expired = new AtomicInteger();
        outstanding.startTimer(1, Duration.ofMillis(1), timer, expired::incrementAndGet);
        Thread.sleep(50);
        assertThat(f).isCompletedWithValueMatching(r -> r.get(0).response().status() == Status.Success);
        assertThat(expired).hasValue(0);
    }

    @Test
    void close_failsEveryOutstandingRequest_andEveryLaterOne() {
        CompletableFuture<List<Reply>> a = outstanding.register(report(1), UID.ExplicitVRLittleEndian);
        IOException gone = new IOException("released");
        outstanding.close(gone);
        assertThat(a).isCompletedExceptionally();
        assertThatThrownBy(a::join).hasCause(gone);
        assertThat(outstanding.isClosed()).isTrue();
        CompletableFuture<List<Reply>> b = outstanding.register(report(2), UID.ExplicitVRLittleEndian);
        assertThatThrownBy(b::join).hasCause(gone);
        assertThat(outstanding.size()).isZero();
    }
}
