package org.mip.gateway.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.CFindRsp;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Status;

@Timeout(10)
class FindTaskTest {
    static final AssociationInfo PEER = new AssociationInfo("MODALITY", "MIPGW", "127.0.0.1");
    static final CFindRq FIND = new CFindRq(42, UID.ModalityWorklistInformationModelFind, Priority.MEDIUM);

    private final CancelToken cancel = new CancelToken();
    private final ServiceRequest request = new ServiceRequest(PEER, 1, FIND, new FakeDataSet(new Attributes()), cancel);
    private final RecordingResponder responder = new RecordingResponder();

    /** A cursor over n matches that records next() calls and closing, optionally throwing at match k. */
    static class TestCursor implements FindCursor {
        final int n;
        final int throwAt;
        final RuntimeException toThrow;
        boolean optionalKeys = true;
        int produced;
        int closed;

        TestCursor(int n) {
            this(n, -1, null);
        }

        TestCursor(int n, int throwAt, RuntimeException toThrow) {
            this.n = n;
            this.throwAt = throwAt;
            this.toThrow = toThrow;
        }

        @Override
        public boolean hasNext() {
            return produced < n;
        }

        @Override
        public Attributes next() {
            if (produced == throwAt) {
                throw toThrow;
            }
            produced++;
            return match(produced);
        }

        @Override
        public boolean optionalKeysSupported() {
            return optionalKeys;
        }

        @Override
        public void close() {
            closed++;
        }
    }

    static Attributes match(int i) {
        return new Attributes().setString(Tag.AccessionNumber, VR.SH, "ACC" + i);
    }

    @Test
    void run_sendsOnePendingPerMatchThenSuccess() {
        TestCursor cursor = new TestCursor(3);
        int status = new FindTask(request, cursor, responder).run();
        assertThat(status).isEqualTo(Status.Success);
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xFF00, 0xFF00, 0x0000);
        assertThat(responder.sent).extracting(s -> s.dataSet()).containsExactly(match(1), match(2), match(3), null);
        assertThat(responder.sent).allSatisfy(s -> {
            assertThat(s.response()).isInstanceOf(CFindRsp.class);
            assertThat(s.response().messageIdBeingRespondedTo()).isEqualTo(42);
            assertThat(((CFindRsp) s.response()).affectedSopClassUid()).isEqualTo(UID.ModalityWorklistInformationModelFind);
            assertThat(s.response().hasDataSet()).isEqualTo(s.dataSet() != null);
        });
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_sendsOnlySuccessWhenNothingMatches() {
        new FindTask(request, new TestCursor(0), responder).run();
        assertThat(responder.statuses()).containsExactly(Status.Success);
        assertThat(responder.last().hasDataSet()).isFalse();
    }

    @Test
    void run_sendsFf01WhenOptionalKeysAreNotSupported() {
        TestCursor cursor = new TestCursor(2);
        cursor.optionalKeys = false;
        new FindTask(request, cursor, responder).run();
        assertThat(responder.statuses()).containsExactly(0xFF01, 0xFF01, 0x0000);
    }

    /**
     * A C-CANCEL that stops the database cursor between the task's own check and the cursor's answer: the
     * cursor then simply reports no more rows. Answering Success would tell the modality that the partial
     * list is complete; the query was cut short, so it is Cancel (FE00H, PS3.4 C.4.1.2.3).
     */
    @Test
    void run_answersCancel_whenTheCursorEndsBecauseOfTheCancel() {
        TestCursor cursor = new TestCursor(100) {
            @Override
            public boolean hasNext() {
                if (produced == 15) {
                    cancel.cancel(); // the C-CANCEL lands here; the cancelled cursor answers "no more"
                    return false;
                }
                return super.hasNext();
            }
        };
        int status = new FindTask(request, cursor, responder).run();
        assertThat(status).isEqualTo(Status.Cancel);
        assertThat(responder.statuses()).hasSize(16).last().isEqualTo(0xFE00);
    }

    /** The same race inside next(): the cancelled cursor has nothing more to give. */
    @Test
    void run_answersCancel_whenNextFailsBecauseOfTheCancel() {
        TestCursor cursor = new TestCursor(100) {
            @Override
            public Attributes next() {
                if (produced == 3) {
                    cancel.cancel();
                    throw new java.util.NoSuchElementException("cursor cancelled");
                }
                return super.next();
            }
        };
        int status = new FindTask(request, cursor, responder).run();
        assertThat(status).isEqualTo(Status.Cancel);
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xFF00, 0xFF00, 0xFE00);
    }

    @Test
    void run_stopsAndAnswersCancelWhenCCancelArrivesMidStream() {
        TestCursor cursor = new TestCursor(100);
        responder.onSend(s -> {
            if (responder.sent.size() == 2) {
                cancel.cancel(); // the C-CANCEL-RQ arrives while the second match is on its way
            }
        });
        int status = new FindTask(request, cursor, responder).run();
        assertThat(status).isEqualTo(Status.Cancel);
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xFF00, 0xFE00);
        assertThat(responder.last().hasDataSet()).isFalse();
        assertThat(cursor.produced).isEqualTo(2);
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_answersCancelBeforeAnyMatchWhenCancelledEarly() {
        cancel.cancel();
        TestCursor cursor = new TestCursor(5);
        new FindTask(request, cursor, responder).run();
        assertThat(responder.statuses()).containsExactly(Status.Cancel);
        assertThat(cursor.produced).isZero();
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_answersUnableToProcessWhenTheCursorThrows() {
        TestCursor cursor = new TestCursor(5, 2, new IllegalStateException("connection to database lost"));
        int status = new FindTask(request, cursor, responder).run();
        assertThat(status).isEqualTo(Status.UnexpectedError);
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xFF00, 0xC311);
        CFindRsp last = (CFindRsp) responder.last();
        assertThat(last.error().errorComment()).isEqualTo("Unable to process: unexpected error")
                .doesNotContain("database");
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_answersTheStatusOfADimseStatusExceptionFromTheCursor() {
        TestCursor cursor = new TestCursor(5, 1, new DimseStatusException(Status.OutOfResources, "too many matches"));
        new FindTask(request, cursor, responder).run();
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xA700);
        assertThat(responder.last().error()).isEqualTo(ErrorInfo.comment("too many matches"));
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_stopsSilentlyWhenTheAssociationIsGone() {
        RecordingResponder failing = new RecordingResponder().failAfter(2);
        TestCursor cursor = new TestCursor(10);
        int status = new FindTask(request, cursor, failing).run();
        assertThat(status).isEqualTo(FindTask.NO_FINAL_RESPONSE);
        assertThat(failing.statuses()).containsExactly(0xFF00, 0xFF00);
        assertThat(cursor.produced).isEqualTo(3);
        assertThat(cursor.closed).isEqualTo(1);
    }

    @Test
    void run_honoursACancelFromAnotherThread() throws Exception {
        CountDownLatch firstSent = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        List<Integer> statuses = new ArrayList<>();
        DimseResponder slow = (rsp, ds) -> {
            synchronized (statuses) {
                statuses.add(rsp.status());
            }
            firstSent.countDown();
            try {
                cancelled.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        TestCursor cursor = new TestCursor(1000);
        Thread worker = new Thread(() -> new FindTask(request, cursor, slow).run());
        worker.start();
        assertThat(firstSent.await(5, TimeUnit.SECONDS)).isTrue();
        cancel.cancel(); // as the association's event loop would, on C-CANCEL-RQ
        cancelled.countDown();
        worker.join(5000);
        synchronized (statuses) {
            assertThat(statuses).hasSizeLessThanOrEqualTo(3).endsWith(Status.Cancel);
        }
        assertThat(cursor.closed).isEqualTo(1);
    }
}
