package org.mip.gateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.MapConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * Loads the configuration from its four layers, highest precedence first: {@code --set key=value},
 * {@code MIPGW_*} environment variables, the user's YAML file, and the defaults shipped in the jar
 * ({@code defaults.yaml} beside this class). Every broken rule is reported at once in a
 * {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final String DEFAULTS = "defaults.yaml";

    private final Path file;
    private final Map<String, String> sets;
    private final Map<String, String> env;

    /**
     * @param file the user's YAML file, or null
     * @param sets {@code --set} values by key
     * @param env the process environment (only {@code MIPGW_*} names are read)
     */
    public ConfigLoader(Path file, Map<String, String> sets, Map<String, String> env) {
        this.file = file;
        this.sets = Map.copyOf(sets);
        this.env = Map.copyOf(env);
    }

    /** Convenience for the launcher: the real environment. */
    public static GatewayConfig load(Path file, Map<String, String> sets) {
        return new ConfigLoader(file, sets, System.getenv()).load();
    }

    /** Parses {@code key=value} strings as given to {@code --set}. */
    public static Map<String, String> parseSets(List<String> assignments) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set", a, "expected key=value");
            }
            out.put(a.substring(0, eq).trim(), a.substring(eq + 1));
        }
        return out;
    }

    public GatewayConfig load() {
        Rules rules = new Rules();
        YAMLConfiguration defaults = readYaml(ConfigLoader.class.getResourceAsStream(DEFAULTS), DEFAULTS, rules);
        YAMLConfiguration user = file == null ? new YAMLConfiguration() : readUserFile(rules);
        if (!rules.problems().isEmpty()) {
            throw new ConfigException(rules.problems());
        }
        Map<String, Object> userFlat = flatten(user);
        checkKeys(userFlat, rules);

        Map<String, String> raw = new LinkedHashMap<>();
        Map<String, Object> defaultsFlat = flatten(defaults);
        for (String key : ConfigKeys.SCALARS) {
            String v = firstOf(key, userFlat, defaultsFlat, rules);
            if (v != null) {
                raw.put(key, v);
            }
        }
        // data.dir is made absolute before ${data.dir} is substituted into the other keys.
        Path dataDir = Path.of(rules.required("data.dir", raw.get("data.dir"))).toAbsolutePath().normalize();
        raw.put("data.dir", dataDir.toString());
        MapConfiguration interpolated = new MapConfiguration(new LinkedHashMap<>(raw));
        Map<String, String> v = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            v.put(key, interpolated.getString(key));
        }

        DbConfig db = new DbConfig(
                rules.required("db.url", v.get("db.url")),
                v.getOrDefault("db.user", ""),
                new Secret(v.getOrDefault("db.password", "")),
                rules.intRange("db.pool-size", v.get("db.pool-size"), 1, 1000, "must be a number from 1 to 1000"));
        DicomConfig dicom = new DicomConfig(
                rules.aeTitle("dicom.aet", v.get("dicom.aet")),
                rules.required("dicom.host", v.get("dicom.host")),
                rules.port("dicom.port", v.get("dicom.port")),
                tls("dicom.tls", v, rules),
                aeTitles("dicom.allowed-calling-aets", plainList("dicom.allowed-calling-aets", userFlat, rules), rules),
                // PS3.8 D.1: the receiver's maximum P-DATA-TF length; 0 (unlimited) is not offered.
                rules.intRange("dicom.max-pdu", v.get("dicom.max-pdu"), 4096, 16 * 1024 * 1024,
                        "must be a number of bytes from 4096 to 16777216"),
                rules.intRange("dicom.max-associations", v.get("dicom.max-associations"), 1, 10_000,
                        "must be a number from 1 to 10000"));
        StorageConfig storage = new StorageConfig(
                Path.of(rules.required("archive.dir", v.get("archive.dir"))).toAbsolutePath().normalize(),
                rules.enumValue("storage.on-duplicate", v.get("storage.on-duplicate"),
                        StorageConfig.OnDuplicate.class, StorageConfig.OnDuplicate::key),
                objects("forward", user, rules, f -> new StorageConfig.ForwardDestination(
                        rules.aeTitle(f.key("aet"), f.get("aet")),
                        rules.required(f.key("host"), f.get("host")),
                        rules.port(f.key("port"), f.get("port")))),
                objects("storage.commitment-peers", user, rules, f -> new StorageConfig.CommitmentPeer(
                        rules.aeTitle(f.key("aet"), f.get("aet")),
                        rules.required(f.key("host"), f.get("host")),
                        rules.port(f.key("port"), f.get("port")))));
        MwlConfig mwl = new MwlConfig(objects("mwl.stations", user, rules, f -> new MwlConfig.Station(
                rules.aeTitle(f.key("aet"), f.get("aet")),
                modality(f.key("modality"), f.get("modality"), rules),
                f.get("name") == null ? "" : f.get("name").trim())));
        Hl7Config hl7 = new Hl7Config(
                rules.required("hl7.host", v.get("hl7.host")),
                rules.port("hl7.port", v.get("hl7.port")),
                tls("hl7.tls", v, rules),
                plainList("hl7.allowed-senders", userFlat, rules),
                objects("hl7.referrers", user, rules, f -> new Hl7Config.Referrer(
                        rules.required(f.key("id"), f.get("id")),
                        rules.required(f.key("facility"), f.get("facility")),
                        rules.required(f.key("host"), f.get("host")),
                        rules.port(f.key("port"), f.get("port")),
                        hl7Version(f.key("version"), f.get("version"), rules))),
                rules.intRange("hl7.max-message-bytes", v.get("hl7.max-message-bytes"), 1024, 64 * 1024 * 1024,
                        "must be a number of bytes from 1024 to 67108864"),
                outbox(v, rules));
        HttpConfig http = http(v, user, rules);
        AuditConfig audit = new AuditConfig(v.getOrDefault("audit.syslog.host", "").isBlank() ? AuditConfig.Syslog.OFF
                : new AuditConfig.Syslog(v.get("audit.syslog.host").trim(),
                        rules.port("audit.syslog.port", v.get("audit.syslog.port")),
                        rules.enumValue("audit.syslog.protocol", v.get("audit.syslog.protocol"),
                                AuditConfig.Protocol.class, AuditConfig.Protocol::key)));
        Duration grace = Duration.ofSeconds(rules.intRange("shutdown.grace-seconds", v.get("shutdown.grace-seconds"),
                0, 3600, "must be a number of seconds from 0 to 3600"));

        checkUniqueReferrers(hl7, rules);
        checkUniqueCommitmentPeers(storage, rules);
        checkListenerPorts(dicom, hl7, http, rules);
        if (!rules.problems().isEmpty()) {
            throw new ConfigException(rules.problems());
        }
        return new GatewayConfig(new DataConfig(dataDir), db, dicom, storage, mwl, hl7, http, grace, audit);
    }

    private YAMLConfiguration readUserFile(Rules rules) {
        if (!Files.isRegularFile(file)) {
            rules.problem("--config", file.toString(), "file not found");
            return new YAMLConfiguration();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readYaml(in, file.toString(), rules);
        } catch (IOException e) {
            rules.problem("--config", file.toString(), "file cannot be read: " + e.getMessage());
            return new YAMLConfiguration();
        }
    }

    private static YAMLConfiguration readYaml(InputStream in, String name, Rules rules) {
        YAMLConfiguration y = new YAMLConfiguration();
        if (in == null) {
            rules.problem("--config", name, "not found");
            return y;
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            y.read(r);
        } catch (ConfigurationException | IOException | RuntimeException e) {
            String msg = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            rules.problem("--config", name, "not valid YAML: " + msg.replace('\n', ' '));
        }
        return y;
    }

    /**
     * The file's keys with YAML nesting turned into dots. A key written flat in YAML
     * ({@code dicom.port: 1}) comes back from Commons Configuration with its dot escaped
     * ({@code dicom..port}); both spellings mean the same key.
     */
    private static Map<String, Object> flatten(YAMLConfiguration y) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<String> it = y.getKeys(); it.hasNext(); ) {
            String key = it.next();
            out.put(key.replace("..", "."), y.getProperty(key));
        }
        return out;
    }

    private void checkKeys(Map<String, Object> userFlat, Rules rules) {
        for (String key : userFlat.keySet()) {
            if (ConfigKeys.isKnown(key) || isObjectListField(key)) {
                continue;
            }
            unknownKey(key, String.valueOf(userFlat.get(key)), "in " + file, rules);
        }
        for (Map.Entry<String, String> e : sets.entrySet()) {
            String key = e.getKey();
            if (ConfigKeys.OBJECT_LISTS.containsKey(key)) {
                rules.problem(key, e.getValue(), "is a list of entries: set it in the configuration file");
            } else if (!ConfigKeys.isKnown(key)) {
                unknownKey(key, e.getValue(), "given to --set", rules);
            }
        }
    }

    private static boolean isObjectListField(String key) {
        for (Map.Entry<String, List<String>> e : ConfigKeys.OBJECT_LISTS.entrySet()) {
            String prefix = e.getKey() + ".";
            if (key.startsWith(prefix) && e.getValue().contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static void unknownKey(String key, String value, String where, Rules rules) {
        String hint = ConfigKeys.nearest(key);
        rules.problem(key, value, "unknown key " + where + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    }

    private String firstOf(String key, Map<String, Object> user, Map<String, Object> defaults, Rules rules) {
        if (sets.containsKey(key)) {
            return sets.get(key);
        }
        String fromEnv = env.get(ConfigKeys.envName(key));
        if (fromEnv != null) {
            return fromEnv;
        }
        Object fromFile = user.get(key);
        if (fromFile instanceof Collection<?> c) {
            rules.problem(key, c.toString(), "expects a single value, not a list");
            return null;
        }
        if (fromFile != null) {
            return fromFile.toString();
        }
        Object d = defaults.get(key);
        return d == null ? null : d.toString();
    }

    /** A plain list: --set or environment (comma-separated) over the file (YAML list or comma-separated). */
    private List<String> plainList(String key, Map<String, Object> user, Rules rules) {
        String s = sets.containsKey(key) ? sets.get(key) : env.get(ConfigKeys.envName(key));
        if (s == null) {
            Object fromFile = user.get(key);
            if (fromFile instanceof Collection<?> c) {
                List<String> out = new ArrayList<>();
                for (Object o : c) {
                    if (o instanceof Map<?, ?>) {
                        rules.problem(key, c.toString(), "expects a list of plain values");
                    } else if (o != null && !o.toString().isBlank()) {
                        out.add(o.toString().trim());
                    }
                }
                return out;
            }
            s = fromFile == null ? "" : fromFile.toString();
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static List<String> aeTitles(String key, List<String> titles, Rules rules) {
        titles.forEach(t -> rules.aeTitle(key, t));
        return titles;
    }

    /** One entry of an object list, with keys like {@code hl7.referrers[2].port} for messages. */
    record Entry(String list, int index, HierarchicalConfiguration<ImmutableNode> node) {
        String key(String field) {
            return list + "[" + index + "]." + field;
        }

        String get(String field) {
            Object o = node.getProperty(field);
            return o == null ? null : o.toString();
        }
    }

    private static <T> List<T> objects(String list, YAMLConfiguration user, Rules rules,
            java.util.function.Function<Entry, T> make) {
        List<HierarchicalConfiguration<ImmutableNode>> nodes = user.configurationsAt(list);
        if (nodes.isEmpty() && list.contains(".")) {
            nodes = user.configurationsAt(list.replace(".", ".."));
        }
        if (nodes.isEmpty() && user.containsKey(list)) {
            rules.problem(list, String.valueOf(user.getProperty(list)), "expects a list of entries");
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            out.add(make.apply(new Entry(list, i, nodes.get(i))));
        }
        return out;
    }

    private static String modality(String key, String value, Rules rules) {
        String v = rules.required(key, value);
        // PS3.5 6.2 VR CS: upper-case letters, digits, space and underscore, at most 16 characters.
        if (!v.isEmpty() && !v.matches("[A-Z0-9_ ]{1,16}")) {
            rules.problem(key, value, "a modality is a DICOM code string such as MR or US (upper case, at most 16)");
        }
        return v;
    }

    private static String hl7Version(String key, String value, Rules rules) {
        String v = value == null || value.isBlank() ? "2.5.1" : value.trim();
        List<String> supported = List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");
        if (!supported.contains(v)) {
            rules.problem(key, value, "must be one of " + String.join(", ", supported));
        }
        return v;
    }

    /** {@code hl7.outbox.*}; the backoff may not start above its own ceiling. */
    private static Hl7Config.Outbox outbox(Map<String, String> v, Rules rules) {
        int ack = rules.intRange("hl7.outbox.ack-timeout-seconds", v.get("hl7.outbox.ack-timeout-seconds"), 1, 3600,
                "must be a number of seconds from 1 to 3600");
        int initialMs = rules.intRange("hl7.outbox.initial-backoff-ms", v.get("hl7.outbox.initial-backoff-ms"), 10,
                3_600_000, "must be a number of milliseconds from 10 to 3600000");
        int before = rules.problems().size();
        int maxS = rules.intRange("hl7.outbox.max-backoff-seconds", v.get("hl7.outbox.max-backoff-seconds"), 1, 86_400,
                "must be a number of seconds from 1 to 86400");
        if (rules.problems().size() == before && maxS * 1000L < initialMs) {
            rules.problem("hl7.outbox.max-backoff-seconds", v.get("hl7.outbox.max-backoff-seconds"),
                    "must not be shorter than hl7.outbox.initial-backoff-ms (" + initialMs + " ms)");
        }
        int urgent = rules.intRange("hl7.outbox.urgent-alert-after-seconds", v.get("hl7.outbox.urgent-alert-after-seconds"),
                1, 604_800, "must be a number of seconds from 1 to 604800 (7 days)");
        return new Hl7Config.Outbox(Duration.ofSeconds(ack), Duration.ofMillis(initialMs), Duration.ofSeconds(maxS),
                Duration.ofSeconds(urgent));
    }

    private static TlsConfig tls(String prefix, Map<String, String> v, Rules rules) {
        int port = rules.optionalPort(prefix + ".port", v.get(prefix + ".port"));
        if (port == 0) {
            return TlsConfig.OFF;
        }
        return new TlsConfig(port,
                rules.readableFile(prefix + ".cert", v.get(prefix + ".cert")),
                rules.readableFile(prefix + ".key", v.get(prefix + ".key")),
                rules.optionalReadableFile(prefix + ".trust", v.get(prefix + ".trust")));
    }

    /** PBKDF2 hashes as made by {@code mipgw config hash-password}: algorithm, iterations, salt, hash. */
    private static final java.util.regex.Pattern PASSWORD_HASH =
            java.util.regex.Pattern.compile("pbkdf2-sha256:[1-9][0-9]{3,8}:[A-Za-z0-9+/]{16,}={0,2}:[A-Za-z0-9+/]{32,}={0,2}");

    private static HttpConfig http(Map<String, String> v, YAMLConfiguration user, Rules rules) {
        String host = rules.required("http.host", v.get("http.host"));
        int port = rules.port("http.port", v.get("http.port"));
        String cert = v.get("http.tls.cert");
        String key = v.get("http.tls.key");
        boolean tlsOn = cert != null && !cert.isBlank() || key != null && !key.isBlank();
        java.nio.file.Path certPath = tlsOn ? rules.readableFile("http.tls.cert", cert) : null;
        java.nio.file.Path keyPath = tlsOn ? rules.readableFile("http.tls.key", key) : null;
        List<HttpConfig.User> users = objects("http.users", user, rules, f -> {
            String name = rules.required(f.key("name"), f.get("name"));
            if (!name.isEmpty() && !name.matches("[A-Za-z0-9._@-]{1,64}")) {
                rules.problem(f.key("name"), name, "a user name has 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            String hash = f.get("password-hash") == null ? "" : f.get("password-hash").trim();
            if (!PASSWORD_HASH.matcher(hash).matches()) {
                rules.problem(f.key("password-hash"), hash.isEmpty() ? "" : Secret.MASK,
                        "must be a hash made by 'mipgw config hash-password' (pbkdf2-sha256:ITERATIONS:SALT:HASH)");
            }
            return new HttpConfig.User(name, new Secret(hash), rules.enumValue(f.key("role"),
                    f.get("role") == null ? "viewer" : f.get("role"), HttpConfig.Role.class, HttpConfig.Role::key));
        });
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            if (seen.contains(users.get(i).name())) {
                rules.problem("http.users[" + i + "].name", users.get(i).name(), "another user already has this name");
            }
            seen.add(users.get(i).name());
        }
        if (!host.isEmpty() && !HttpConfig.isLoopback(host) && (!tlsOn || users.isEmpty())) {
            rules.problem("http.host", host, "is not a loopback address, so the HTTP API and console need TLS and "
                    + "authentication: set http.tls.cert and http.tls.key (PEM) and at least one entry in http.users "
                    + "(or bind http.host to 127.0.0.1)");
        }
        return new HttpConfig(host, port, certPath, keyPath, users);
    }

    private static void checkUniqueReferrers(Hl7Config hl7, Rules rules) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < hl7.referrers().size(); i++) {
            String id = hl7.referrers().get(i).id();
            if (seen.contains(id)) {
                rules.problem("hl7.referrers[" + i + "].id", id, "another referrer already has this id");
            }
            seen.add(id);
        }
    }

    /** One address per requester: a second entry for the same AE title would be ignored silently. */
    private static void checkUniqueCommitmentPeers(StorageConfig storage, Rules rules) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < storage.commitmentPeers().size(); i++) {
            String aet = storage.commitmentPeers().get(i).aet();
            if (seen.contains(aet)) {
                rules.problem("storage.commitment-peers[" + i + "].aet", aet,
                        "another commitment peer already has this AE title");
            }
            seen.add(aet);
        }
    }

    private record Listener(String key, String host, int port) {}

    private static void checkListenerPorts(DicomConfig dicom, Hl7Config hl7, HttpConfig http, Rules rules) {
        List<Listener> listeners = new ArrayList<>(List.of(
                new Listener("dicom.port", dicom.host(), dicom.port()),
                new Listener("dicom.tls.port", dicom.host(), dicom.tls().port()),
                new Listener("hl7.port", hl7.host(), hl7.port()),
                new Listener("hl7.tls.port", hl7.host(), hl7.tls().port()),
                new Listener("http.port", http.host(), http.port())));
        listeners.removeIf(l -> l.port() == 0);
        for (int i = 0; i < listeners.size(); i++) {
            for (int j = i + 1; j < listeners.size(); j++) {
                Listener a = listeners.get(i);
                Listener b = listeners.get(j);
                if (a.port() == b.port() && overlap(a.host(), b.host())) {
                    rules.problem(b.key(), String.valueOf(b.port()),
                            "the same port as " + a.key() + ": two listeners cannot share a port");
                }
            }
        }
    }

    private static boolean overlap(String h1, String h2) {
        return h1.equals(h2) || isWildcard(h1) || isWildcard(h2);
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }
}
