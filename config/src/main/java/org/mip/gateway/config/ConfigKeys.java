package org.mip.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The configuration keys of CONTRACT.md: the only ones a file, the environment or --set may use. */
final class ConfigKeys {
    /** Keys with one value each. */
    static final List<String> SCALARS = List.of(
            "data.dir",
            "db.url", "db.user", "db.password", "db.pool-size",
            "dicom.aet", "dicom.host", "dicom.port", "dicom.max-pdu", "dicom.max-associations",
            "dicom.tls.port", "dicom.tls.cert", "dicom.tls.key", "dicom.tls.trust",
            "archive.dir", "storage.on-duplicate",
            "hl7.host", "hl7.port", "hl7.tls.port", "hl7.tls.cert", "hl7.tls.key", "hl7.tls.trust",
            "hl7.max-message-bytes", "hl7.outbox.ack-timeout-seconds", "hl7.outbox.initial-backoff-ms",
            "hl7.outbox.max-backoff-seconds", "hl7.outbox.urgent-alert-after-seconds",
            "http.host", "http.port", "http.tls.cert", "http.tls.key",
            "audit.syslog.host", "audit.syslog.port", "audit.syslog.protocol",
            "shutdown.grace-seconds");

    /** Lists of plain values: a YAML list in the file, or comma-separated anywhere. */
    static final List<String> PLAIN_LISTS = List.of("dicom.allowed-calling-aets", "hl7.allowed-senders");

    /** Lists of objects: only in the file. Each maps to the fields its entries may have. */
    static final Map<String, List<String>> OBJECT_LISTS = Map.of(
            "forward", List.of("aet", "host", "port"),
            "storage.commitment-peers", List.of("aet", "host", "port"),
            "mwl.stations", List.of("aet", "modality", "name"),
            "hl7.referrers", List.of("id", "facility", "host", "port", "version"),
            "http.users", List.of("name", "password-hash", "role"));

    /** Never printed. */
    static final Set<String> SECRETS = Set.of("db.password");

    private ConfigKeys() {}

    static boolean isKnown(String key) {
        return SCALARS.contains(key) || PLAIN_LISTS.contains(key) || OBJECT_LISTS.containsKey(key);
    }

    /** {@code dicom.allowed-calling-aets} → {@code MIPGW_DICOM_ALLOWED_CALLING_AETS}. */
    static String envName(String key) {
        return "MIPGW_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The known key nearest to a misspelt one, for "did you mean" hints; null when none is close. */
    static String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : allKeys()) {
            int d = distance(key, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
    }

    static List<String> allKeys() {
        var all = new java.util.ArrayList<String>(SCALARS);
        all.addAll(PLAIN_LISTS);
        OBJECT_LISTS.forEach((list, fields) -> fields.forEach(f -> all.add(list + "." + f)));
        return all;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
