package org.mip.gateway.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.net.dimse.Status.Category;

class StatusTest {

    @Test
    void category_followsPs37AnnexC() {
        assertThat(Status.category(0x0000)).isEqualTo(Category.SUCCESS);
        assertThat(Status.category(0xFF00)).isEqualTo(Category.PENDING);
        assertThat(Status.category(0xFF01)).isEqualTo(Category.PENDING);
        assertThat(Status.category(0xFE00)).isEqualTo(Category.CANCEL);
        assertThat(Status.category(0x0001)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0x0107)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0x0116)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0xB000)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0xB006)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0xB007)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0xB123)).isEqualTo(Category.WARNING);
        assertThat(Status.category(0x0110)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0x0122)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0x0211)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0xA700)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0xA7FF)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0xA900)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0xC000)).isEqualTo(Category.FAILURE);
        assertThat(Status.category(0xC311)).isEqualTo(Category.FAILURE);
    }

    @Test
    void name_namesKnownCodesAndRanges() {
        assertThat(Status.name(0xA700)).isEqualTo("Refused: out of resources");
        assertThat(Status.name(0xA7FE)).isEqualTo("Refused: out of resources");
        assertThat(Status.name(0xA9AB)).isEqualTo("Error: data set does not match SOP class");
        assertThat(Status.name(0xC123)).isEqualTo("Unable to process");
        assertThat(Status.name(0x0112)).isEqualTo("No such SOP instance");
        assertThat(Status.toString(0xA700)).isEqualTo("A700H Refused: out of resources (FAILURE)");
        assertThat(Status.toString(0)).isEqualTo("0000H Success (SUCCESS)");
    }

    @Test
    void isFinal_isFalseOnlyForPending() {
        assertThat(Status.isFinal(Status.Pending)).isFalse();
        assertThat(Status.isFinal(Status.PendingWarning)).isFalse();
        assertThat(Status.isFinal(Status.Cancel)).isTrue();
        assertThat(Status.isFinal(Status.Success)).isTrue();
    }

    @Test
    void unexpectedError_isCxxxForCServicesAnd0110Otherwise() {
        assertThat(Status.unexpectedError(CommandField.C_FIND_RQ)).isEqualTo(0xC311);
        assertThat(Status.unexpectedError(CommandField.C_STORE_RQ)).isEqualTo(0xC311);
        assertThat(Status.unexpectedError(CommandField.N_CREATE_RQ)).isEqualTo(0x0110);
        assertThat(Status.unexpectedError(CommandField.C_ECHO_RQ)).isEqualTo(0x0110);
    }

    @Test
    void commandField_pairsRequestsWithResponses() {
        for (CommandField f : CommandField.values()) {
            assertThat(CommandField.of(f.code())).isSameAs(f);
            if (f.isRequest()) {
                assertThat(f.response().code()).isEqualTo(f.code() | 0x8000);
                assertThat(f.response().isResponse()).isTrue();
            }
        }
        assertThat(CommandField.C_CANCEL_RQ.isRequest()).isFalse();
        assertThat(CommandField.of(0x0055)).isNull();
    }
}
