package io.flinkgw.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerStateTest {

    @Test
    void aQueuedQueryIsEitherTakenByARunnerOrCancelled() {
        assertThat(RunnerState.isValidTransition(RunnerState.QUEUED, RunnerState.DEPLOYING)).isTrue();
        assertThat(RunnerState.isValidTransition(RunnerState.QUEUED, RunnerState.CANCELED)).isTrue();
        assertThat(RunnerState.isValidTransition(RunnerState.QUEUED, RunnerState.RUNNING)).isFalse();
        assertThat(RunnerState.isValidTransition(RunnerState.QUEUED, RunnerState.DONE)).isFalse();
    }

    @Test
    void aCancelDuringTheDeploymentIsKeptWhenTheJobArrives() {
        assertThat(RunnerState.isValidTransition(RunnerState.DEPLOYING_CANCEL_REQUESTED, RunnerState.RUNNING_CANCEL_REQUESTED))
                .isTrue();
        assertThat(RunnerState.isValidTransition(RunnerState.DEPLOYING_CANCEL_REQUESTED, RunnerState.RUNNING)).isFalse();
        assertThat(RunnerState.isValidTransition(RunnerState.RUNNING_CANCEL_REQUESTED, RunnerState.RUNNING)).isFalse();
    }

    @Test
    void settledRunnersChangeNoMore() {
        for (RunnerState next : RunnerState.values()) {
            assertThat(RunnerState.isValidTransition(RunnerState.DONE, next)).isFalse();
            assertThat(RunnerState.isValidTransition(RunnerState.CANCELED, next)).isFalse();
        }
        assertThat(RunnerState.DONE.isTerminal()).isTrue();
        assertThat(RunnerState.CANCELED.isCancelRequested()).isTrue();
        assertThat(RunnerState.RUNNING.isCancelRequested()).isFalse();
    }
}
