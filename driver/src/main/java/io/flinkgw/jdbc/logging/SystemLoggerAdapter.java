package io.flinkgw.jdbc.logging;

import static java.util.Objects.requireNonNull;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger writing to a {@link System.Logger} of the same name. Avatica's client warns (and
 * informs) about what the driver then throws as an SQLException anyway, such as a refused connection;
 * so that an application's console stays quiet by default, WARN and INFO arrive as DEBUG. ERROR stays.
 */
final class SystemLoggerAdapter extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient System.Logger target;

    SystemLoggerAdapter(String name, System.Logger target) {
        this.name = requireNonNull(name, "name is null");
        this.target = requireNonNull(target, "target is null");
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isLoggable(System.Logger.Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isLoggable(System.Logger.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isLoggable(level(Level.INFO));
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isLoggable(level(Level.WARN));
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isLoggable(System.Logger.Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        System.Logger.Level targetLevel = level(level);
        if (throwable == null) {
            target.log(targetLevel, message);
        } else {
            target.log(targetLevel, message, throwable);
        }
    }

    private static System.Logger.Level level(Level level) {
        switch (level) {
            case TRACE:
                return System.Logger.Level.TRACE;
            case DEBUG:
                return System.Logger.Level.DEBUG;
            case INFO:
            case WARN:
                return System.Logger.Level.DEBUG;
            case ERROR:
                return System.Logger.Level.ERROR;
        }
        throw new AssertionError(level);
    }
}
