package io.flinkgw.gateway.deploy.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.deploy.ExecutionPlans;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.Test;

class YarnApplicationsTest {

    private static final ApplicationId APPLICATION = ApplicationId.newInstance(1795326360317L, 7);

    private static ApplicationReport report(YarnApplicationState state, FinalApplicationStatus status, String diagnostics) {
        ApplicationReport report = ApplicationReport.newInstance(
                APPLICATION, null, "root", "default", "flinkgw query q", "host", 8081, null, state, diagnostics, null,
                0L, 0L, 0L, status, null, null, 1.0f, "flinkgw", null);
        report.setApplicationTags(Set.of("flinkgw-gw-it", YarnApplications.queryTag("abcdefghijklmnop2345")));
        return report;
    }

    @Test
    void succeededWithoutACommittedResultIsAnErrorThatSaysSo() {
        String message = YarnApplications.describeEnd(
                APPLICATION, Optional.of(report(YarnApplicationState.FINISHED, FinalApplicationStatus.SUCCEEDED, "")));
        assertThat(message).isEqualTo("YARN reports application " + APPLICATION
                + " FINISHED/SUCCEEDED, but the query's result was never committed");
    }

    @Test
    void failedApplicationNamesYarnsFirstDiagnosticLine() {
        String message = YarnApplications.describeEnd(APPLICATION, Optional.of(
                report(YarnApplicationState.FAILED, FinalApplicationStatus.FAILED, "AM container exited with 1\nmore")));
        assertThat(message).isEqualTo("YARN application " + APPLICATION + " ended FAILED/FAILED: AM container exited with 1");
        assertThat(YarnApplications.describeEnd(APPLICATION, Optional.empty()))
                .isEqualTo("YARN no longer knows application " + APPLICATION + " and it left no result");
    }

    @Test
    void queryIdIsFoundInTheTagsAndRecordedIdsParse() {
        assertThat(YarnApplications.queryIdOf(report(YarnApplicationState.RUNNING, FinalApplicationStatus.UNDEFINED, "")))
                .contains("abcdefghijklmnop2345");
        assertThat(YarnApplications.parse(APPLICATION.toString())).contains(APPLICATION);
        assertThat(YarnApplications.parse("http://127.0.0.1:8081")).isEmpty();
    }

    @Test
    void jobIdIsFixedByTheQueryId() {
        assertThat(ExecutionPlans.jobIdOf("q1")).isEqualTo(ExecutionPlans.jobIdOf("q1"));
        assertThat(ExecutionPlans.jobIdOf("q1")).isNotEqualTo(ExecutionPlans.jobIdOf("q2"));
    }
}
