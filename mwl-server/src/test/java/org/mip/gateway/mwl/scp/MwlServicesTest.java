package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.config.MwlConfig;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.WorklistModule;
import org.mip.gateway.mwl.mpps.MppsException;
import org.mip.gateway.mwl.mpps.MppsStatus;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.CommandField;
import org.mip.gateway.net.dimse.DimseRequest;
import org.mip.gateway.net.dimse.ErrorInfo;
import org.mip.gateway.net.dimse.NCreateRq;
import org.mip.gateway.net.dimse.NSetRq;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.service.AssociationInfo;
import org.mip.gateway.net.service.CancelToken;
import org.mip.gateway.net.service.DimseService;
import org.mip.gateway.net.service.DimseStatusException;
import org.mip.gateway.net.service.IncomingDataSet;
import org.mip.gateway.net.service.ServiceRegistry;
import org.mip.gateway.net.service.ServiceRequest;

/** The services MwlServices hands to the registry, without a database: SOP classes, commands, early requests. */
class MwlServicesTest {
    private final WorklistModule notStarted = new WorklistModule(() -> {
        throw new AssertionError("the database is not needed to register the services");
    }, new MwlConfig(List.of()), Clock.systemUTC());

    @Test
    void of_givesTheWorklistFindAndMppsServices_forTheRegistry() {
        List<DimseService> services = MwlServices.of(notStarted);
        assertThat(services).hasSize(2);
        ServiceRegistry registry = MwlServices.addTo(ServiceRegistry.builder(), notStarted).build();
        assertThat(registry.sopClasses()).containsExactlyInAnyOrder(UID.ModalityWorklistInformationModelFind,
                UID.ModalityPerformedProcedureStep);
        assertThat(registry.lookup(UID.ModalityWorklistInformationModelFind, CommandField.C_FIND_RQ))
                .get().isInstanceOf(MwlFindScp.class);
        assertThat(registry.lookup(UID.ModalityPerformedProcedureStep, CommandField.N_CREATE_RQ))
                .get().isInstanceOf(MppsScp.class);
        assertThat(registry.lookup(UID.ModalityPerformedProcedureStep, CommandField.N_SET_RQ))
                .get().isInstanceOf(MppsScp.class);
        assertThat(registry.lookup(UID.ModalityPerformedProcedureStep, CommandField.N_GET_RQ)).isEmpty();
    }

    @Test
    void cFind_beforeTheModuleStarts_isRefusedA700() {
        Attributes keys = new Attributes().setNull(Tag.PatientName, VR.PN);
        ServiceRequest rq = request(new CFindRq(1, UID.ModalityWorklistInformationModelFind, Priority.MEDIUM), keys);
        assertThatThrownBy(() -> new MwlFindScp(notStarted::query).onRequest(rq, (r, d) -> { }))
                .isInstanceOfSatisfying(DimseStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.OutOfResources));
    }

    @Test
    void mpps_beforeTheModuleStarts_isAProcessingFailure() {
        Attributes attrs = new Attributes().setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        List<Object> sent = new ArrayList<>();
        ServiceRequest create = request(new NCreateRq(1, UID.ModalityPerformedProcedureStep, null, true), attrs);
        assertThatThrownBy(() -> new MppsScp(notStarted::mpps).onRequest(create, (r, d) -> sent.add(r)))
                .isInstanceOfSatisfying(DimseStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.ProcessingFailure));
        ServiceRequest set = request(new NSetRq(2, UID.ModalityPerformedProcedureStep, "1.2.3"), attrs);
        assertThatThrownBy(() -> new MppsScp(notStarted::mpps).onRequest(set, (r, d) -> sent.add(r)))
                .isInstanceOfSatisfying(DimseStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(Status.ProcessingFailure));
        assertThat(sent).isEmpty();
    }

    /** PS3.7 C.4: Error Comment, Error ID (PS3.4 Table F.7.2-2) and Offending Element from an MppsException. */
    @Test
    void mppsErrorInfo_carriesCommentErrorIdAndOffendingElement() {
        ErrorInfo done = MppsScp.errorInfo(new MppsException(MppsStatus.PROCESSING_FAILURE,
                MppsStatus.MAY_NO_LONGER_BE_UPDATED, MppsStatus.ERROR_ID_MAY_NO_LONGER_BE_UPDATED, -1));
        assertThat(done.errorComment()).isEqualTo(MppsStatus.MAY_NO_LONGER_BE_UPDATED);
        assertThat(done.errorId()).isEqualTo(0xA710);
        assertThat(done.offendingElements()).isEmpty();
        ErrorInfo invalid = MppsScp.errorInfo(new MppsException(MppsStatus.INVALID_ATTRIBUTE_VALUE, "bad status", -1,
                Tag.PerformedProcedureStepStatus));
        assertThat(invalid.errorId()).isNull();
        assertThat(invalid.offendingElements()).containsExactly(Tag.PerformedProcedureStepStatus);
    }

    private static ServiceRequest request(DimseRequest command, Attributes dataSet) {
        return new ServiceRequest(new AssociationInfo("MODALITY", "MIPGW", "127.0.0.1"), 1, command,
                dataSet == null ? null : new Decoded(dataSet), new CancelToken());
    }

    /** A data set already decoded. */
    private record Decoded(Attributes attributes) implements IncomingDataSet {
        @Override
        public String transferSyntaxUid() {
            return UID.ExplicitVRLittleEndian;
        }

        @Override
        public InputStream stream() {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public Attributes read() throws IOException {
            return attributes;
        }

        @Override
        public void close() {}
    }
}
