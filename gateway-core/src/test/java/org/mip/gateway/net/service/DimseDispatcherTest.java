package org.mip.gateway.net.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.net.dimse.CEchoRq;
import org.mip.gateway.net.dimse.CEchoRsp;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.CStoreRq;
import org.mip.gateway.net.dimse.CStoreRsp;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.NCreateRq;
import org.mip.gateway.net.dimse.NCreateRsp;
import org.mip.gateway.net.dimse.NSetRq;
import org.mip.gateway.net.dimse.NSetRsp;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Status;

class DimseDispatcherTest {
    static final AssociationInfo PEER = FindTaskTest.PEER;
    static final String MPPS = UID.ModalityPerformedProcedureStep;

    private final RecordingResponder responder = new RecordingResponder();

    /** An MPPS-like N-service whose behaviour each test sets. */
    static final class Mpps implements DimseService {
        interface Behaviour {
            void handle(ServiceRequest rq, DimseResponder responder) throws Exception;
        }

        Behaviour behaviour;

        Mpps(Behaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public Set<String> sopClasses() {
            return Set.of(MPPS);
        }

        @Override
        public Set<CommandField> commandFields() {
            return EnumSet.of(CommandField.N_CREATE_RQ, CommandField.N_SET_RQ);
        }

        @Override
        public void onRequest(ServiceRequest rq, DimseResponder responder) throws Exception {
            behaviour.handle(rq, responder);
        }
    }

    private static DimseDispatcher dispatcher(DimseService... services) {
        ServiceRegistry.Builder b = ServiceRegistry.builder();
        for (DimseService s : services) {
            b.add(s);
        }
        return new DimseDispatcher(b.build());
    }

    private static ServiceRequest request(org.mip.gateway.net.dimse.DimseRequest command, IncomingDataSet data) {
        return new ServiceRequest(PEER, 1, command, data, new CancelToken());
    }

    @Test
    void dispatch_answersCEchoWithSuccessThroughTheVerificationService() {
        dispatcher(new VerificationService()).dispatch(request(new CEchoRq(3, UID.Verification), null), responder);
        assertThat(responder.sent).extracting(RecordingResponder.Sent::response)
                .containsExactly(new CEchoRsp(3, UID.Verification, Status.Success, ErrorInfo.NONE));
    }

    @Test
    void dispatch_refusesUnknownSopClassWith0122() {
        FakeDataSet data = new FakeDataSet(new byte[10]);
        CStoreRq store = new CStoreRq(4, UID.CTImageStorage, "1.2.3", Priority.MEDIUM);
        dispatcher(new VerificationService()).dispatch(request(store, data), responder);
        assertThat(responder.statuses()).containsExactly(Status.SOPClassNotSupported);
        assertThat(responder.last()).isInstanceOf(CStoreRsp.class);
        assertThat(((CStoreRsp) responder.last()).affectedSopInstanceUid()).isEqualTo("1.2.3");
        assertThat(data.closed).as("unread data set discarded").isTrue();
    }

    @Test
    void dispatch_answersCommandTheServiceDoesNotHandleWith0211() {
        Mpps mpps = new Mpps((rq, r) -> {});
        dispatcher(mpps).dispatch(request(new org.mip.gateway.net.dimse.NGetRq(5, MPPS, "1.2.3", List.of()), null),
                responder);
        assertThat(responder.statuses()).containsExactly(Status.UnrecognizedOperation);
    }

    @Test
    void dispatch_turnsDimseStatusExceptionIntoAFailureWithErrorComment() {
        Mpps mpps = new Mpps((rq, r) -> {
            throw new DimseStatusException(Status.ProcessingFailure,
                    ErrorInfo.of("Performed Procedure Step Object may no longer be updated", 0xA710));
        });
        FakeDataSet data = new FakeDataSet(new Attributes());
        dispatcher(mpps).dispatch(request(new NSetRq(6, MPPS, "1.2.3"), data), responder);
        assertThat(responder.sent).extracting(RecordingResponder.Sent::response).containsExactly(
                new NSetRsp(6, MPPS, "1.2.3", Status.ProcessingFailure,
                        ErrorInfo.of("Performed Procedure Step Object may no longer be updated", 0xA710), false));
        assertThat(data.closed).isTrue();
    }

    @Test
    void dispatch_turnsAnyOtherExceptionIntoProcessingFailureWithAGenericComment() {
        Mpps mpps = new Mpps((rq, r) -> {
            throw new NullPointerException("patient Doe^John has no ID");
        });
        dispatcher(mpps).dispatch(request(new NCreateRq(7, MPPS, "1.2.3", true), new FakeDataSet(new Attributes())),
                responder);
        assertThat(responder.statuses()).containsExactly(Status.ProcessingFailure);
        NCreateRsp rsp = (NCreateRsp) responder.last();
        assertThat(rsp.error().errorComment()).isEqualTo("Processing failure");
        assertThat(rsp.affectedSopInstanceUid()).isEqualTo("1.2.3");
    }

    @Test
    void dispatch_usesCxxxForAnUnexpectedErrorInACStoreService() {
        CStoreService store = new CStoreService(Set.of(UID.CTImageStorage)) {
            @Override
            protected int store(ServiceRequest rq, CStoreRq command, IncomingDataSet dataSet) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        dispatcher(store).dispatch(request(new CStoreRq(8, UID.CTImageStorage, "1.2.3", Priority.MEDIUM),
                new FakeDataSet(new byte[4])), responder);
        assertThat(responder.statuses()).containsExactly(Status.UnexpectedError);
        assertThat(responder.last().error().errorComment()).doesNotContain("space");
    }

    @Test
    void dispatch_letsACStoreServiceStreamTheDataSetAndAnswersItsStatus() {
        byte[][] stored = new byte[1][];
        CStoreService store = new CStoreService(Set.of(UID.CTImageStorage)) {
            @Override
            protected int store(ServiceRequest rq, CStoreRq command, IncomingDataSet dataSet) throws IOException {
                stored[0] = dataSet.stream().readAllBytes();
                return Status.CoercionOfDataElements;
            }
        };
        dispatcher(store).dispatch(request(new CStoreRq(9, UID.CTImageStorage, "1.2.3", Priority.MEDIUM),
                new FakeDataSet(new byte[] {1, 2, 3})), responder);
        assertThat(stored[0]).containsExactly(1, 2, 3);
        assertThat(responder.sent).extracting(RecordingResponder.Sent::response).containsExactly(
                new CStoreRsp(9, UID.CTImageStorage, "1.2.3", Status.CoercionOfDataElements, ErrorInfo.NONE));
    }

    @Test
    void dispatch_answersAServiceThatForgotToRespond() {
        Mpps mpps = new Mpps((rq, r) -> {});
        dispatcher(mpps).dispatch(request(new NCreateRq(10, MPPS, null, false), null), responder);
        assertThat(responder.statuses()).containsExactly(Status.ProcessingFailure);
    }

    @Test
    void dispatch_sendsNothingMoreWhenTheServiceFailsAfterItsFinalResponse() {
        Mpps mpps = new Mpps((rq, r) -> {
            r.send(rq.command().response(Status.Success), null);
            throw new DimseStatusException(Status.ProcessingFailure, "too late");
        });
        dispatcher(mpps).dispatch(request(new NCreateRq(11, MPPS, null, false), null), responder);
        assertThat(responder.statuses()).containsExactly(Status.Success);
    }

    @Test
    void dispatch_preventsASecondFinalResponse() {
        Mpps mpps = new Mpps((rq, r) -> {
            r.send(rq.command().response(Status.Success), null);
            r.send(rq.command().response(Status.Success), null);
        });
        dispatcher(mpps).dispatch(request(new NCreateRq(12, MPPS, null, false), null), responder);
        assertThat(responder.statuses()).containsExactly(Status.Success);
    }

    @Test
    void dispatch_staysQuietWhenTheAssociationIsGone() {
        RecordingResponder gone = new RecordingResponder().failAfter(0);
        dispatcher(new VerificationService()).dispatch(request(new CEchoRq(13, UID.Verification), null), gone);
        assertThat(gone.sent).isEmpty();
    }

    @Test
    void dispatch_runsACFindServiceToItsFinalResponse() {
        CFindService worklist = new CFindService(UID.ModalityWorklistInformationModelFind) {
            @Override
            protected FindCursor query(ServiceRequest rq, Attributes keys) {
                assertThat(keys.getString(Tag.Modality)).isEqualTo("MR");
                return FindCursor.of(List.of(FindTaskTest.match(1), FindTaskTest.match(2)));
            }
        };
        Attributes keys = new Attributes().setString(Tag.Modality, VR.CS, "MR");
        dispatcher(worklist).dispatch(request(new CFindRq(14, UID.ModalityWorklistInformationModelFind,
                Priority.MEDIUM), new FakeDataSet(keys)), responder);
        assertThat(responder.statuses()).containsExactly(0xFF00, 0xFF00, 0x0000);
    }

    @Test
    void dispatch_answersAnUndecodableIdentifierWithC310() {
        CFindService worklist = new CFindService(UID.ModalityWorklistInformationModelFind) {
            @Override
            protected FindCursor query(ServiceRequest rq, Attributes keys) {
                throw new AssertionError("not reached");
            }
        };
        dispatcher(worklist).dispatch(request(new CFindRq(15, UID.ModalityWorklistInformationModelFind,
                Priority.MEDIUM), new FakeDataSet(new byte[3])), responder);
        assertThat(responder.statuses()).containsExactly(Status.UnableToDecodeDataSet);
    }

    @Test
    void dispatch_answersAQueryRefusalWithItsStatus() {
        CFindService worklist = new CFindService(UID.ModalityWorklistInformationModelFind) {
            @Override
            protected FindCursor query(ServiceRequest rq, Attributes keys) {
                throw new DimseStatusException(Status.DataSetDoesNotMatchSOPClass, "unsupported key");
            }
        };
        dispatcher(worklist).dispatch(request(new CFindRq(16, UID.ModalityWorklistInformationModelFind,
                Priority.MEDIUM), new FakeDataSet(new Attributes())), responder);
        assertThat(responder.statuses()).containsExactly(Status.DataSetDoesNotMatchSOPClass);
        assertThat(responder.last().error().errorComment()).isEqualTo("unsupported key");
    }
}
