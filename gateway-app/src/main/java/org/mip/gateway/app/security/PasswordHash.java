package org.mip.gateway.app.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes for {@code http.users}: PBKDF2 with HMAC-SHA-256 from the JDK (no extra library),
 * 16-byte random salt, 32-byte key, {@value #ITERATIONS} iterations by default (the OWASP password
 * storage guidance for PBKDF2-HMAC-SHA256 in 2023 was 600,000). Text form:
 * {@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, salt and hash in Base64.
 */
public final class PasswordHash {
    public static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";

    private PasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, ITERATIONS);
    }

    /** With {@code iterations} rounds (tests use few; configuration accepts 1,000 and more). */
    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] key = derive(password, salt, iterations, 32);
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
    }

    /** Whether {@code password} matches {@code encoded}; false for a malformed hash. Constant-time compare. */
    public static boolean verify(char[] password, String encoded) {
        String[] parts = encoded == null ? new String[0] : encoded.split(":");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, derive(password, salt, iterations, expected.length));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
