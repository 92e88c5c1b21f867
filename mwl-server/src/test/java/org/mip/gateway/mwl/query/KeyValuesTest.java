package org.mip.gateway.mwl.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyValuesTest {
    @Test
    void time_padsMissingComponentsWithTheEarliestOrLatestValue() {
        assertThat(KeyValues.time("08")).isEqualTo("080000000000");
        assertThat(KeyValues.time("085607")).isEqualTo("085607000000");
        assertThat(KeyValues.time("085607.12")).isEqualTo("085607120000");
        assertThat(KeyValues.time("08:56:07")).isEqualTo("085607000000");
        assertThat(KeyValues.timeUpper("08")).isEqualTo("085959999999");
        assertThat(KeyValues.timeUpper("0856")).isEqualTo("085659999999");
        assertThat(KeyValues.time("2400")).isNull();
        assertThat(KeyValues.time("8")).isNull();
    }

    @Test
    void date_acceptsDicomAndAcrNemaForms() {
        assertThat(KeyValues.date("19951015")).isEqualTo("19951015");
        assertThat(KeyValues.date("1995.10.15")).isEqualTo("19951015");
        assertThat(KeyValues.date("19951315")).isNull();
        assertThat(KeyValues.date("1995101")).isNull();
    }
}
