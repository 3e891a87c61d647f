package io.flinkgw.gateway.result;

import org.apache.flink.streaming.api.functions.sink.legacy.OutputFormatSinkFunction;
import org.apache.flink.table.data.RowData;

/**
 * Runs a {@link ResultOutputFormat} and tells it when its input has ended. Flink closes a sink both
 * when it has finished and when it fails or is cancelled; only {@link #finish()} tells the two apart.
 * Being an {@link OutputFormatSinkFunction}, the JobManager still calls the format's
 * {@code finalizeGlobal} (the commit) once every subtask has finished.
 */
final class ResultSinkFunction extends OutputFormatSinkFunction<RowData> {

    private static final long serialVersionUID = 1L;

    private final ResultOutputFormat format;

    ResultSinkFunction(ResultOutputFormat format) {
        super(format);
        this.format = format;
    }

    @Override
    public void finish() throws Exception {
        format.endOfInput();
    }
}
