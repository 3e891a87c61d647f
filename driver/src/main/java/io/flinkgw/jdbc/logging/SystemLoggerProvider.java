package io.flinkgw.jdbc.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the driver's own, relocated copy of SLF4J (Avatica logs through SLF4J): it
 * hands every message to {@link System.Logger}, which writes to java.util.logging unless the
 * application installs a {@code System.LoggerFinder} (log4j-jpl, slf4j-jdk-platform-logging), so the
 * driver's log goes where the application's goes and SLF4J never warns about a missing provider.
 * Public because SLF4J loads it through {@link java.util.ServiceLoader}.
 */
public final class SystemLoggerProvider implements SLF4JServiceProvider {

    private final ILoggerFactory loggers = name -> new SystemLoggerAdapter(name, System.getLogger(name));
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** Required by {@link java.util.ServiceLoader}. */
    public SystemLoggerProvider() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: System.Logger finds its backend on first use
    }
}
