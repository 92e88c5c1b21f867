package org.mip.gateway.storescp.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mip.gateway.config.StorageConfig;
import org.mip.gateway.config.StorageConfig.CommitmentPeer;
import org.mip.gateway.config.StorageConfig.ForwardDestination;
import org.mip.gateway.net.client.AeAddress;

class StorageCommitmentServiceTest {
    @Test
    void hostOf_takesTheAddressOfTheRemoteSocket() {
        assertThat(StorageCommitmentService.hostOf("/127.0.0.1:4711")).isEqualTo("127.0.0.1");
        assertThat(StorageCommitmentService.hostOf("modality.local/10.0.0.7:104")).isEqualTo("10.0.0.7");
        assertThat(StorageCommitmentService.hostOf("/[0:0:0:0:0:0:0:1]:104")).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void requesterAddresses_commitmentPeerFirst_thenForwardDestination() {
        StorageConfig storage = new StorageConfig(Path.of("/tmp/archive"), StorageConfig.OnDuplicate.KEEP_BOTH,
                List.of(new ForwardDestination("PACS", "pacs", 104), new ForwardDestination("CT1", "old", 1)),
                List.of(new CommitmentPeer("CT1", "10.0.0.7", 104)));
        RequesterAddresses addresses = RequesterAddresses.of(storage);
        assertThat(addresses.apply("CT1")).contains(new AeAddress("CT1", "10.0.0.7", 104));
        assertThat(addresses.apply("CT1 ")).as("AE title spaces are not significant").contains(
                new AeAddress("CT1", "10.0.0.7", 104));
        assertThat(addresses.apply("PACS")).contains(new AeAddress("PACS", "pacs", 104));
        assertThat(addresses.apply("US1")).isEmpty();
    }
}
