package org.mip.gateway.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mip.gateway.dicom.data.Attributes;
import org.mip.gateway.dicom.data.RandomDatasets;

/** Seeded randomized JSON round trips; a failure message names the seed to replay. */
class DicomJsonRandomizedTest {
    private static final long SEED = 7_000_000L;

    @Test
    void roundTrip_preservesRandomDataSets() {
        for (int run = 0; run < 300; run++) {
            Attributes ds = new RandomDatasets(SEED + run).dataset(40);
            String json = DicomJson.toJson(ds);
            Attributes back = DicomJson.parse(json);
            assertThat(RandomDatasets.firstDifference(ds, back)).as("seed %d", SEED + run).isNull();
            assertThat(back).as("seed %d", SEED + run).isEqualTo(ds);
            assertThat(DicomJson.toJson(back)).as("seed %d", SEED + run).isEqualTo(json);
        }
    }
}
