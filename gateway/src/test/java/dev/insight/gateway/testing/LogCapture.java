package dev.insight.gateway.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** What a log category (and the ones below it) publishes at or above a level, while the capture is open. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler;

    private LogCapture(String category, Level threshold) {
        this.logger = Logger.getLogger(category);
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= threshold.intValue()) {
                    String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
                    String thrown = record.getThrown() == null ? "" : " " + record.getThrown();
                    // a record of several lines (the access log publishes its lines in batches) is several lines
                    message.lines().forEach(line -> lines.add(record.getLoggerName() + ": " + line + thrown));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
    }

    /** Everything the category logs, from now until {@link #close()}. */
    public static LogCapture of(String category) {
        return new LogCapture(category, Level.ALL);
    }

    /** What any category logs at ERROR (SEVERE) or above. */
    public static LogCapture errors() {
        return new LogCapture("", Level.SEVERE);
    }

    /** "category: line [exception]" for each line of each message, in the order they were logged. */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
