package org.mip.gateway.net.dimse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the annotated hex files under {@code src/test/resources/dimse}: hex bytes, "#" starts a comment. */
final class GoldenHex {
    private GoldenHex() {}

    static byte[] load(String name) {
        try (InputStream in = GoldenHex.class.getResourceAsStream("/dimse/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource /dimse/" + name);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String hex = hash >= 0 ? line.substring(0, hash) : line;
            for (String token : hex.trim().split("\\s+")) {
                if (!token.isEmpty()) {
                    out.write(Integer.parseInt(token, 16));
                }
            }
        }
        return out.toByteArray();
    }
}
