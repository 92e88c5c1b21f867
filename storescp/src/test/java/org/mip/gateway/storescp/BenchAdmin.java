package org.mip.gateway.storescp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** The loopback admin endpoint of {@link StoreServerMain} for benchmark scripts (reset, count, index commits, peak heap since start). */
final class BenchAdmin {
    private BenchAdmin() {}

    private static final AtomicLong resets = new AtomicLong();

    static void start(int port, StoreGateway gw, Path archive) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/count", ex -> reply(ex, String.valueOf(count(gw))));
        http.createContext("/groups", ex -> { // index commits and the instances in them, since start
            long[] g = gw.archive.committer().stats();
            reply(ex, g[0] + " " + g[1]);
        });
        http.createContext("/heap", ex -> {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            reply(ex, String.format("%.1f", peak / 1e6));
        });
        http.createContext("/reset", ex -> {
            gw.db.inTransaction(c -> {
                try (var st = c.createStatement()) {
                    for (String t : new String[] {"st_forward_job", "st_worklist_link", "st_instance_file", "st_instance",
                        "st_series", "st_study", "st_patient"}) {
                        st.executeUpdate("DELETE FROM " + t);
                    }
                }
                return null;
            });
            gw.archive.index().forgetCachedKeys();
            // The archive's folders are set aside in <data>/trash, not deleted: ext4 skips inodes freed in
            // the last minutes when it allocates a new one (find_inode_bit/recently_deleted), so deleting the
            // 500-10,000 files of the previous passes made every file creation of the next measured pass
            // cost ~250 us instead of ~50 us here, a cost no archive that keeps its files pays. The script
            // deletes the trash after every server has been measured.
            Path trash = archive.resolveSibling("trash");
            Files.createDirectories(trash);
            try (Stream<Path> top = Files.list(archive)) {
                for (Path p : (Iterable<Path>) top::iterator) {
                    if (!p.getFileName().toString().equals("tmp")) {
                        Files.move(p, trash.resolve(resets.incrementAndGet() + "-" + p.getFileName()));
                    }
                }
            }
            System.gc();
            reply(ex, "0");
        });
        http.start();
    }

    private static long count(StoreGateway gw) {
        return gw.db.inTransaction(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM st_instance")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static void reply(HttpExchange ex, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.US_ASCII);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
