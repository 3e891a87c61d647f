package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where an application's files come from and go to.
 *
 * @param shippedConfDirectory the gateway's private copy of the site files plus the containers' log
 *     configuration, shipped with every application
 * @param stagingRoot the one staging root of every application (so the gateway knows where to clean up)
 */
record StagingPaths(Path shippedConfDirectory, String stagingRoot) {

    /** The log configuration file in the shipped directory. */
    static final String LOG_CONFIG_FILE = "log4j.properties";

    StagingPaths {
        requireNonNull(shippedConfDirectory, "shippedConfDirectory is null");
        requireNonNull(stagingRoot, "stagingRoot is null");
    }

    Path logConfigFile() {
        return shippedConfDirectory.resolve(LOG_CONFIG_FILE);
    }
}
