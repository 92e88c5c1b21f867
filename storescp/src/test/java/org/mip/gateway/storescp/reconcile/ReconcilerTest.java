package org.mip.gateway.storescp.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.storescp.archive.InstanceHeader;

class ReconcilerTest {
    private static InstanceHeader header(String id, String name, String birth, String sex) {
        return new InstanceHeader("1.2", "1.2.3", "1.2.3.4", "1.2.3.4.5", id, "", name, birth, sex, "20240101", "",
                "ACC1", "", "", "", "MR", "1", "", "1");
    }

    private static WorklistLink.Booking booking(String id, String name, String birth, String sex) {
        return new WorklistLink.Booking("ACC1/1", WorklistLink.MatchedBy.ACCESSION_NUMBER, id, name, birth, sex);
    }

    @Test
    void differences_namesTheAttributesOnlyAndIgnoresCaseAndTrailingEmptyComponents() {
        assertThat(Reconciler.differences(header("P1", "DOE^JANE^^", "19800101", "F"),
                booking("P1", "Doe^Jane", "19800101", "F"))).isEmpty();
        assertThat(Reconciler.differences(header("P1", "DOE^JANE", "19800101", "F"),
                booking("P2", "DOE^JOHN", "19800102", "M")))
                .containsExactly("PatientID", "PatientName", "PatientBirthDate", "PatientSex");
        assertThat(Reconciler.differences(header("P1", "DOE^JANE", "19800101", "F"),
                booking("P1", "DOE^JANE", "19800101", ""))).as("sex not booked").isEmpty();
    }
}
