package org.mip.gateway.dicom.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PersonNameTest {

    @Test
    void parse_splitsGroupsAndComponents() {
        PersonName pn = PersonName.parse("Adams^John Robert Quincy^^Rev.^B.A. M.Div.");
        assertThat(pn.alphabetic()).isEqualTo(new PersonName.Group("Adams", "John Robert Quincy", "", "Rev.", "B.A. M.Div."));
        assertThat(pn.ideographic().isEmpty()).isTrue();
    }

    @Test
    void parse_readsIdeographicAndPhoneticGroups() {
        PersonName pn = PersonName.parse("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(pn.ideographic().familyName()).isEqualTo("山田");
        assertThat(pn.phonetic().givenName()).isEqualTo("たろう");
    }

    @Test
    void toString_omitsTrailingEmptyComponentsAndGroups() {
        assertThat(PersonName.parse("Wang^XiaoDong=王^小東=").toString()).isEqualTo("Wang^XiaoDong=王^小東");
        assertThat(PersonName.parse("^^^^").toString()).isEmpty();
        assertThat(PersonName.parse("=^Taro").toString()).isEqualTo("=^Taro");
        assertThat(PersonName.of("Doe", "").toString()).isEqualTo("Doe");
    }

    @Test
    void toString_roundTripsParse() {
        for (String s : new String[] {"Doe^John^M^Dr^Jr", "Doe", "=山田^太郎", "==やまだ", "A^B=C^D=E^F"}) {
            assertThat(PersonName.parse(s).toString()).isEqualTo(s);
        }
    }

    @Test
    void ofGroups_acceptsJsonGroupStrings() {
        PersonName pn = PersonName.ofGroups("Yamada^Tarou", null, "やまだ^たろう");
        assertThat(pn.toString()).isEqualTo("Yamada^Tarou==やまだ^たろう");
    }
}
