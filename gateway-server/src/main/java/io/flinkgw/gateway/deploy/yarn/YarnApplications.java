package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException;
import org.apache.hadoop.yarn.exceptions.YarnException;

/**
 * The gateway's view of its applications on YARN: every query's application has the type
 * {@value #APPLICATION_TYPE}, a tag naming the gateway and a tag naming the query, so it can be found
 * again by a gateway that never learnt its application id.
 */
public final class YarnApplications implements AutoCloseable {

    /** The YARN application type of every query's application. */
    public static final String APPLICATION_TYPE = "flinkgw";

    /** States in which an application still holds containers. */
    static final Set<YarnApplicationState> LIVE_STATES = EnumSet.of(
            YarnApplicationState.NEW, YarnApplicationState.NEW_SAVING, YarnApplicationState.SUBMITTED,
            YarnApplicationState.ACCEPTED, YarnApplicationState.RUNNING);

    private final YarnClient client;
    private final YarnConfiguration configuration;
    private final String gatewayTag;

    /** Connects to the ResourceManager named by {@code configuration}. */
    public YarnApplications(YarnConfiguration configuration, String gatewayTag) {
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.gatewayTag = gatewayTagOf(requireNonNull(gatewayTag, "gatewayTag is null"));
        this.client = YarnClient.createYarnClient();
        client.init(configuration);
        client.start();
    }

    /**
     * A YARN configuration from the site files in {@code confDir}. Unless the site files say otherwise,
     * an unreachable ResourceManager is given up on after 30 s instead of YARN's default 15 minutes, so
     * a query fails with a clear error instead of hanging.
     */
    static YarnConfiguration configurationFrom(Path confDir) {
        YarnConfiguration configuration = new YarnConfiguration();
        for (String site : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            Path file = confDir.resolve(site);
            if (Files.isRegularFile(file)) {
                configuration.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
            }
        }
        if (isDefault(configuration, YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS)) {
            configuration.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_MAX_WAIT_MS, 30_000L);
        }
        if (isDefault(configuration, YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS)) {
            configuration.setLong(YarnConfiguration.RESOURCEMANAGER_CONNECT_RETRY_INTERVAL_MS, 1_000L);
        }
        // the ResourceManager proxy retries on its own; without this each of its tries retries 10 times more
        if (isDefault(configuration, "ipc.client.connect.max.retries")) {
            configuration.setInt("ipc.client.connect.max.retries", 0);
        }
        return configuration;
    }

    private static boolean isDefault(YarnConfiguration configuration, String key) {
        String[] sources = configuration.getPropertySources(key);
        return sources == null || Arrays.stream(sources).allMatch(source -> source.endsWith("-default.xml"));
    }

    /** The tag that names this gateway. */
    String gatewayTag() {
        return gatewayTag;
    }

    /** The tag that names the gateway configured with {@code gatewayTag} (YARN keeps tags in lower case). */
    static String gatewayTagOf(String gatewayTag) {
        return "flinkgw-gw-" + gatewayTag.toLowerCase(java.util.Locale.ROOT);
    }

    /** The tag that names a query's application (YARN keeps tags in lower case; query ids are). */
    static String queryTag(String queryId) {
        return "flinkgw-q-" + queryId;
    }

    /** The tag that names a warm application, before it has a query. */
    static String spareTag(String spareId) {
        return "flinkgw-spare-" + spareId;
    }

    /** The spare id a report's tags name, if it was started as a warm application. */
    static Optional<String> spareIdOf(ApplicationReport report) {
        return report.getApplicationTags().stream()
                .filter(tag -> tag.startsWith("flinkgw-spare-"))
                .map(tag -> tag.substring("flinkgw-spare-".length()))
                .findFirst();
    }

    YarnClient client() {
        return client;
    }

    YarnConfiguration configuration() {
        return configuration;
    }

    /** The report of an application; empty when YARN no longer knows it. */
    public Optional<ApplicationReport> report(ApplicationId applicationId) throws IOException, YarnException {
        try {
            return Optional.of(client.getApplicationReport(applicationId));
        } catch (ApplicationNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The application of a query: by its recorded id when it parses as one, else by the query's tag (the
     * latest attempt to deploy it).
     */
    public Optional<ApplicationReport> find(String queryId, Optional<String> clusterId) throws IOException, YarnException {
        Optional<ApplicationId> recorded = clusterId.flatMap(YarnApplications::parse);
        if (recorded.isPresent()) {
            return report(recorded.get());
        }
        return client.getApplications(Set.of(APPLICATION_TYPE), null, Set.of(queryTag(queryId))).stream()
                .max(Comparator.comparing(ApplicationReport::getApplicationId));
    }

    /** The warm application started as {@code spareId}, if YARN knows it. */
    Optional<ApplicationReport> findSpare(String spareId) throws IOException, YarnException {
        return client.getApplications(Set.of(APPLICATION_TYPE), null, Set.of(spareTag(spareId))).stream()
                .max(Comparator.comparing(ApplicationReport::getApplicationId));
    }

    /** This gateway's applications that still hold containers. */
    List<ApplicationReport> live() throws IOException, YarnException {
        return client.getApplications(Set.of(APPLICATION_TYPE), EnumSet.copyOf(LIVE_STATES), Set.of(gatewayTag));
    }

    /** Kills an application; returns once YARN has accepted the kill. */
    void kill(ApplicationId applicationId) throws IOException, YarnException {
        client.killApplication(applicationId);
    }

    /** The query id a report's tags name, if any. */
    static Optional<String> queryIdOf(ApplicationReport report) {
        return report.getApplicationTags().stream()
                .filter(tag -> tag.startsWith("flinkgw-q-"))
                .map(tag -> tag.substring("flinkgw-q-".length()))
                .findFirst();
    }

    /** Why an application that left no commit marker and no failure record ended. */
    public static String describeEnd(ApplicationId applicationId, Optional<ApplicationReport> report) {
        if (report.isEmpty()) {
            return "YARN no longer knows application " + applicationId + " and it left no result";
        }
        YarnApplicationState state = report.get().getYarnApplicationState();
        FinalApplicationStatus status = report.get().getFinalApplicationStatus();
        String diagnostics = report.get().getDiagnostics() == null ? "" : report.get().getDiagnostics().strip();
        if (status == FinalApplicationStatus.SUCCEEDED) {
            return "YARN reports application " + applicationId + " " + state + "/" + status
                    + ", but the query's result was never committed";
        }
        return "YARN application " + applicationId + " ended " + state + "/" + status
                + (diagnostics.isEmpty() ? "" : ": " + diagnostics.lines().findFirst().orElse(""));
    }

    static Optional<ApplicationId> parse(String clusterId) {
        try {
            return Optional.of(ApplicationId.fromString(clusterId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
