package org.mip.gateway.storescp.commit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageCommitmentServiceTest {
    @Test
    void hostOf_takesTheAddressOfTheRemoteSocket() {
        assertThat(StorageCommitmentService.hostOf("/127.0.0.1:4711")).isEqualTo("127.0.0.1");
        assertThat(StorageCommitmentService.hostOf("modality.local/10.0.0.7:104")).isEqualTo("10.0.0.7");
        assertThat(StorageCommitmentService.hostOf("/[0:0:0:0:0:0:0:1]:104")).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
