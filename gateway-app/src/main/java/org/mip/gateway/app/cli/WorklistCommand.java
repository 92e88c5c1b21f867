package org.mip.gateway.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "worklist", description = "Worklist tools.", subcommands = WorklistCommand.Import.class,
        mixinStandardHelpOptions = true)
public final class WorklistCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Post MWL item files (DICOM Part 10 or bare data sets, e.g. a DCMTK wlmscpfs data folder "
                    + "of .wl files) to a running gateway. Folders are searched for *.wl files; files named on the "
                    + "command line are posted whatever their name. Exits 1 if any item was refused.")
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
        List<Path> paths;

        @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
                description = "The gateway's HTTP address (default ${DEFAULT-VALUE}).")
        URI url;

        @Option(names = "--referrer", paramLabel = "ID",
                description = "The hl7.referrers entry that gets these bookings' reports.")
        String referrer;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Path> files = new ArrayList<>();
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> s = Files.walk(p)) {
                        s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".wl"))
                                .sorted().forEach(files::add);
                    }
                } else {
                    files.add(p);
                }
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI target = url.resolve("/api/v1/worklist"
                    + (referrer == null ? "" : "?referrer=" + URLEncoder.encode(referrer, StandardCharsets.UTF_8)));
            ObjectMapper json = new ObjectMapper();
            int created = 0;
            int updated = 0;
            int failed = 0;
            for (Path f : files) {
                byte[] body;
                try {
                    body = Files.readAllBytes(f);
                } catch (IOException e) {
                    failed++;
                    err.println("FAILED  " + f + ": cannot read: " + e.getMessage());
                    continue;
                }
                HttpResponse<String> r;
                try {
                    r = client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/dicom")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (ConnectException e) {
                    err.println("mipgw worklist import: no gateway answers at " + url + " (is `mipgw run` running?)");
                    return 1;
                }
                switch (r.statusCode()) {
                    case 201 -> {
                        created++;
                        out.println("created " + f + " -> " + r.headers().firstValue("Location").orElse(""));
                    }
                    case 200 -> {
                        updated++;
                        out.println("updated " + f + " -> " + r.headers().firstValue("Location").orElse(""));
                    }
                    default -> {
                        failed++;
                        String reason = r.body();
                        try {
                            JsonNode n = json.readTree(r.body());
                            reason = n.path("error").asText(r.body());
                        } catch (IOException notJson) {
                            // keep the raw body
                        }
                        err.println("FAILED  " + f + ": HTTP " + r.statusCode() + ": " + reason);
                    }
                }
            }
            out.printf("%d files: %d created, %d updated, %d failed%n", files.size(), created, updated, failed);
            return failed == 0 ? 0 : 1;
        }
    }
}
