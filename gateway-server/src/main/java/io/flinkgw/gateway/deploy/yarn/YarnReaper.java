package io.flinkgw.gateway.deploy.yarn;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the applications no query should have any more, found by their tags: one whose deployment
 * was aborted or failed, and orphans whose queries are over or unknown; and removes what they staged.
 */
final class YarnReaper {

    private static final Logger LOG = LoggerFactory.getLogger(YarnReaper.class);

    private final YarnApplications applications;
    private final YarnStaging staging;
    private final ExecutorService killer;

    YarnReaper(YarnApplications applications, YarnStaging staging, ExecutorService killer) {
        this.applications = requireNonNull(applications, "applications is null");
        this.staging = requireNonNull(staging, "staging is null");
        this.killer = requireNonNull(killer, "killer is null");
    }

    /** Kills, in the background, the application a deployment in progress has submitted. */
    void abort(String queryId) {
        try {
            killer.execute(() -> killByTag(queryId));
        } catch (RejectedExecutionException e) {
            LOG.warn("Deployment of query {} was not aborted: the gateway is stopping", queryId);
        }
    }

    /** Kills the live application of the query, found by its tag. */
    void killByTag(String queryId) {
        try {
            Optional<ApplicationReport> report = applications.find(queryId, Optional.empty());
            if (report.isPresent() && YarnApplications.LIVE_STATES.contains(report.get().getYarnApplicationState())) {
                applications.kill(report.get().getApplicationId());
                LOG.info("Killed application {} of query {} during its deployment", report.get().getApplicationId(), queryId);
            }
        } catch (Exception e) {
            LOG.warn("Could not kill the application of query {} during its deployment", queryId, e);
        }
    }

    /**
     * After a deployment failed or was aborted (and Flink has stopped touching its files): kills what
     * it submitted and removes what it staged.
     */
    void cleanUpFailedDeployment(String queryId) {
        killByTag(queryId);
        try {
            Optional<ApplicationReport> report = applications.find(queryId, Optional.empty());
            if (report.isPresent()) {
                staging.deleteStagedFiles(report.get().getApplicationId());
            }
        } catch (Exception e) {
            LOG.warn("Could not clean up after the failed deployment of query {}", queryId, e);
        }
    }

    /**
     * Kills this gateway's live applications whose queries are not running ({@code isRunning} is
     * false for a query that is over or unknown), and its warm applications nobody needs any more (an
     * earlier run's spares); returns how many were killed.
     */
    int killOrphans(Predicate<String> isRunning, Predicate<ApplicationReport> isSpareInUse) {
        int killed = 0;
        try {
            for (ApplicationReport report : applications.live()) {
                Optional<String> queryId = YarnApplications.queryIdOf(report);
                if (queryId.isPresent() && isRunning.test(queryId.get()) || isSpareInUse.test(report)) {
                    continue;
                }
                LOG.warn("Killing orphaned application {} (query {})", report.getApplicationId(), queryId.orElse("unknown"));
                applications.kill(report.getApplicationId());
                removeStagedFiles(report.getApplicationId());
                killed++;
            }
        } catch (Exception e) {
            LOG.warn("Could not look for orphaned applications on YARN", e);
        }
        return killed;
    }

    /**
     * Removes, in the background, what was staged for an application once it has ended: a JobManager
     * removes it when its application finishes, but not when YARN kills the application.
     */
    void removeStagedFiles(ApplicationId applicationId) {
        if (killer.isShutdown()) {
            return; // a restarted gateway cleans up after the applications it follows again
        }
        try {
            killer.execute(() -> staging.deleteStagedFiles(applicationId));
        } catch (RejectedExecutionException e) {
            LOG.debug("Staged files of application {} are left to the next gateway", applicationId);
        }
    }
}
