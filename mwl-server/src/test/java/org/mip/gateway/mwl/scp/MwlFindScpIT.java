package org.mip.gateway.mwl.scp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.Tag;
import org.mip.gateway.dicom.data.UID;
import org.mip.gateway.dicom.data.VR;
import org.mip.gateway.mwl.MwlFixture;
import org.mip.gateway.mwl.scp.Dcmtk.FindResult;
import org.mip.gateway.net.client.AeAddress;
import org.mip.gateway.net.client.ClientOptions;
import org.mip.gateway.net.client.DicomClient;
import org.mip.gateway.net.client.ScuAssociation;
import org.mip.gateway.net.dimse.CFindRq;
import org.mip.gateway.net.dimse.CFindRsp;
import org.mip.gateway.net.dimse.Priority;
import org.mip.gateway.net.dimse.Reply;
import org.mip.gateway.net.dimse.Status;
import org.mip.gateway.net.pdu.PresentationContextRq;

/**
 * The MWL C-FIND SCP's own behaviour on the wire: a booking is in the next answer, an Identifier that cannot be
 * evaluated is A900H with a comment, C-CANCEL ends the query with FE00H and gives the database connection back,
 * the Pending responses carry Specific Character Set. On H2 and PostgreSQL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MwlFindScpIT {
    static final String AET = "MIPGW";

    @TempDir
    Path tmp;
    MwlTestServer ours;
    int run;

    @AfterEach
    void stop() {
        if (ours != null) {
            ours.close();
        }
    }

    private void book(int n) {
        for (int i = 0; i < n; i++) {
            ours.module.bookings().book(MwlFixture.item(String.format("A%04d", i), "S1", "P" + i, "DOE^JOHN" + i, "MR",
                    "20261126", String.format("%02d%02d", 8 + i / 60 % 10, i % 60), "MRI_1"), null, "test");
        }
    }

    private FindResult findscu(String... args) throws Exception {
        return Dcmtk.findscu(ours.port(), AET, tmp.resolve("find" + run++), List.of(args));
    }

    /** The acceptance "a booking is in the next C-FIND answer", at the service level (BookingService). */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void aBooking_isInTheNextFindAnswer(String engine) throws Exception {
        ours = MwlTestServer.start(engine, tmp, AET);
        assertThat(findscu("-k", "AccessionNumber", "-k", "PatientName").responses()).isEmpty();
        ours.module.bookings().book(MwlFixture.item("ACC1", "S1", "P1", "Müller^Jürgen", "MR", "20261126", "0930",
                "MRI_1"), null, "api");
        // the key in UTF-8, declared (findscu passes the argument's bytes through)
        FindResult r = findscu("-k", "SpecificCharacterSet=ISO_IR 192", "-k", "AccessionNumber", "-k", "PatientName=MÜ*", "-k",
                "ScheduledProcedureStepSequence[0].ScheduledStationAETitle=MRI_1");
        assertThat(r.responses()).hasSize(1);
        Attributes a = r.responses().get(0);
        assertThat(a.getString(Tag.AccessionNumber)).isEqualTo("ACC1");
        assertThat(a.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(a.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
    }

    /** PS3.4 K.4.1.1.4: A900H "Identifier does not match SOP Class", with the reason as Error Comment. */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void anIdentifierThatCannotBeEvaluated_isAnsweredA900_withAComment(String engine) throws Exception {
        ours = MwlTestServer.start(engine, tmp, AET);
        book(3);
        try (DicomClient client = new DicomClient()) {
            ScuAssociation as = client.connect(new AeAddress(AET, "127.0.0.1", ours.port()), "MODALITY",
                    List.of(new PresentationContextRq(1, UID.ModalityWorklistInformationModelFind,
                            UID.ExplicitVRLittleEndian)), ClientOptions.defaults());
            try {
                Attributes keys = new Attributes();
                keys.setNull(Tag.PatientName, VR.PN);
                keys.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem()
                        .setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "2024-13-45");
                List<Reply> replies = ScuAssociation.await(as.send(new CFindRq(as.nextMessageId(),
                        UID.ModalityWorklistInformationModelFind, Priority.MEDIUM), keys));
                assertThat(replies).hasSize(1);
                CFindRsp rsp = (CFindRsp) replies.get(0).response();
                assertThat(rsp.status()).isEqualTo(Status.DataSetDoesNotMatchSOPClass);
                assertThat(rsp.error().errorComment()).contains("date");

                // the association goes on: a valid query on it succeeds
                keys.getNestedDataset(Tag.ScheduledProcedureStepSequence)
                        .setString(Tag.ScheduledProcedureStepStartDate, VR.DA, "20261126");
                replies = ScuAssociation.await(as.send(new CFindRq(as.nextMessageId(),
                        UID.ModalityWorklistInformationModelFind, Priority.MEDIUM), keys));
                assertThat(replies).hasSize(4);
                assertThat(replies.subList(0, 3)).allSatisfy(r -> {
                    assertThat(r.response().status()).isEqualTo(Status.Pending);
                    assertThat(r.dataSet().contains(Tag.SpecificCharacterSet)).isTrue();
                });
                assertThat(replies.get(3).response().status()).isEqualTo(Status.Success);
                as.release();
            } catch (Exception e) {
                as.abort();
                throw e;
            }
        }
    }

    /**
     * PS3.7 9.3.2.3 / PS3.4 C.4.1.3: C-CANCEL ends the query with FE00H. More cancelled queries than the
     * connection pool holds (4), then a full query: each cancel gave its connection back.
     */
    @ParameterizedTest
    @MethodSource("org.mip.gateway.mwl.MwlFixture#engines")
    void cCancel_endsTheQueryWithFE00_andReleasesTheDatabaseCursor(String engine) throws Exception {
        ours = MwlTestServer.start(engine, tmp, AET);
        book(300);
        // The C-CANCEL races the SCP: when the last match was sent before it arrived the query ends in
        // Success with every match (PS3.7 9.1.2.1.6 allows that). Most runs must still be cut short.
        int cancelled = 0;
        for (int i = 0; i < 6; i++) {
            FindResult r = findscu("--cancel", "2", "-k", "AccessionNumber", "-k", "PatientName");
            if (r.finalStatus().contains("Cancel")) {
                cancelled++;
                // up to all 300 when the C-CANCEL came after the last match but before the final response
                assertThat(r.responses().size()).isBetween(2, 300);
            } else {
                assertThat(r.finalStatus()).contains("Success");
                assertThat(r.responses()).hasSize(300);
            }
        }
        assertThat(cancelled).as("queries ended by C-CANCEL out of 6").isGreaterThanOrEqualTo(3);
        FindResult all = findscu("-k", "AccessionNumber", "-k", "PatientName");
        assertThat(all.finalStatus()).contains("Success");
        assertThat(all.responses()).hasSize(300);
    }
}
