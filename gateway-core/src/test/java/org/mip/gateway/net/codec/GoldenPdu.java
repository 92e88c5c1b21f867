package org.mip.gateway.net.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A golden PDU from {@code src/test/resources/pdu/*.hex}: hex bytes, one field per line, with a
 * {@code #} comment saying what the field is. {@link #canonical()} is the same PDU with every field
 * whose comment starts with "reserved" zeroed, i.e. as our encoder writes it (PS3.8: reserved fields
 * are sent as 00H and not tested on receipt). Lines without a comment continue the previous field.
 */
record GoldenPdu(String name, byte[] bytes, byte[] canonical) {

    static GoldenPdu load(String name) {
        String resource = "/pdu/" + name;
        try (InputStream in = GoldenPdu.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names of all golden files, sorted. */
    static List<String> names() {
        try {
            Path dir = Path.of(GoldenPdu.class.getResource("/pdu").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".hex")).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<GoldenPdu> all() {
        return names().stream().map(GoldenPdu::load).toList();
    }

    private static GoldenPdu parse(String name, String text) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ByteArrayOutputStream canonical = new ByteArrayOutputStream();
        boolean reserved = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            int hash = line.indexOf('#');
            String hex = (hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s+", "");
            if (hash >= 0) {
                reserved = line.substring(hash + 1).strip().startsWith("reserved");
            }
            byte[] field = HexFormat.of().parseHex(hex);
            raw.writeBytes(field);
            canonical.writeBytes(reserved ? new byte[field.length] : field);
        }
        return new GoldenPdu(name, raw.toByteArray(), canonical.toByteArray());
    }

    @Override
    public String toString() {
        return name;
    }
}
