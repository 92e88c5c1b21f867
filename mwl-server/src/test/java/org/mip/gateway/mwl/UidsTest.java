package org.mip.gateway.mwl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class UidsTest {
    @Test
    void fromUuid_isTheUnsignedDecimalUnder2_25() {
        // PS3.5 B.2 example
        assertThat(Uids.fromUuid(UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")))
                .isEqualTo("2.25.329800735698586629295641978511506172918");
        assertThat(Uids.isValid(Uids.random())).isTrue();
        assertThat(Uids.isValid("1.02.3")).isFalse();
    }
}
