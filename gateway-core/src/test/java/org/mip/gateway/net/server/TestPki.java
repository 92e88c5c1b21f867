package org.mip.gateway.net.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.mip.gateway.testing.Peers;

/** Throwaway CA, server and client certificates made with openssl (EC P-256, PKCS#8 PEM keys). */
public record TestPki(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    public static TestPki create(Path dir) throws IOException, InterruptedException {
        Peers.require("openssl", "openssl");
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.pem");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", caKey.toString());
        openssl(dir, "req", "-x509", "-new", "-key", caKey.toString(), "-days", "2", "-subj", "/CN=Test CA",
                "-out", ca.toString());
        Path[] server = leaf(dir, "server", caKey, ca, "subjectAltName=IP:127.0.0.1,DNS:localhost");
        Path[] client = leaf(dir, "client", caKey, ca, "extendedKeyUsage=clientAuth");
        return new TestPki(ca, server[0], server[1], client[0], client[1]);
    }

    private static Path[] leaf(Path dir, String name, Path caKey, Path ca, String ext)
            throws IOException, InterruptedException {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path extFile = dir.resolve(name + ".ext");
        java.nio.file.Files.writeString(extFile, ext + "\n");
        openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
        openssl(dir, "req", "-new", "-key", key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", extFile.toString(), "-out", cert.toString());
        return new Path[] {cert, key};
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }
}
