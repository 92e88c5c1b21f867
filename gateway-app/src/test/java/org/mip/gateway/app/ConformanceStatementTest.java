package org.mip.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mip.gateway.config.ConfigLoader;
import org.mip.gateway.dicom.dict.UidDictionary;

/**
 * {@code docs/conformance-statement.md} lists exactly the SOP classes the DICOM listener serves (rows
 * {@code served}), and every other row is a promise of CONTRACT.md not served yet ({@code planned}).
 */
class ConformanceStatementTest {
    private static final Path DOC = Path.of("../docs/conformance-statement.md");
    private static final Pattern ROW = Pattern.compile("^\\| ([^|]+) \\| `([0-9.]+)` \\| (SCP|SCU|SCU/SCP) \\| (served|planned) \\|$");

    @TempDir
    Path tmp;

    /** UID → status from the machine-readable table between the sop-classes markers. */
    static Map<String, String> table() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf("<!-- sop-classes:begin -->");
        int end = doc.indexOf("<!-- sop-classes:end -->");
        assertThat(begin).as("sop-classes markers").isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : doc.substring(begin, end).split("\n")) {
            Matcher m = ROW.matcher(line.strip());
            if (m.matches()) {
                assertThat(rows.put(m.group(2), m.group(4))).as("listed twice: " + m.group(2)).isNull();
            }
        }
        return rows;
    }

    @Test
    void statement_listsExactlyTheSopClassesTheRegistryServes() throws IOException {
        Gateway gateway = new Gateway(new ConfigLoader(null, Map.of("data.dir", tmp.toString()), Map.of()).load());
        Set<String> served = new TreeSet<>(gateway.dicomServices().sopClasses());
        Map<String, String> rows = table();
        Set<String> listedServed = new TreeSet<>();
        rows.forEach((uid, status) -> {
            if (status.equals("served")) {
                listedServed.add(uid);
            }
        });
        assertThat(listedServed).as("rows marked served in " + DOC + " (mark a newly wired service 'served')")
                .isEqualTo(served);
    }

    @Test
    void statement_coversEveryStorageSopClassAndTheWorkflowServicesOfTheContract() throws IOException {
        Map<String, String> rows = table();
        assertThat(rows.keySet()).containsAll(UidDictionary.standard().storageSopClasses())
                .contains("1.2.840.10008.1.1", "1.2.840.10008.5.1.4.31", "1.2.840.10008.3.1.2.3.3",
                        "1.2.840.10008.1.20.1");
        UidDictionary dict = UidDictionary.standard();
        rows.keySet().forEach(uid -> assertThat(dict.typeOf(uid)).as(uid).isEqualTo("SOP Class"));
    }
}
