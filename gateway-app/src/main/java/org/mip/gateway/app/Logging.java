package org.mip.gateway.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Switches logging to the server set-up once the configuration (and so the log folder) is known. */
final class Logging {
    static final String LOG_DIR_PROPERTY = "mipgw.log.dir";

    private Logging() {}

    /**
     * Console plus a rolling file under {@code logDir}. An operator's own file, named by the
     * standard {@code -Dlogback.configurationFile}, wins over the built-in one.
     */
    static void configureForRun(Path logDir) throws java.io.IOException {
        Files.createDirectories(logDir);
        System.setProperty(LOG_DIR_PROPERTY, logDir.toString());
        String operatorFile = System.getProperty("logback.configurationFile");
        URL config;
        if (operatorFile != null && !operatorFile.isBlank()) {
            Path p = Path.of(operatorFile);
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("logback.configurationFile " + operatorFile + " cannot be read");
            }
            try {
                config = p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        } else {
            config = Logging.class.getResource("/mipgw-logback.xml");
        }
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(ctx);
        ctx.reset();
        try {
            joran.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalArgumentException("logging configuration " + config + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Flushes and closes the appenders; the last thing before the process exits. */
    static void shutdown() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.stop();
        }
    }
}
