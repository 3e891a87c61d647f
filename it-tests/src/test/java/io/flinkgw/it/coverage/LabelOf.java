package io.flinkgw.it.coverage;

import org.apache.flink.table.functions.ScalarFunction;

/** A user function for the coverage corpus: a label for a nullable note. */
public final class LabelOf extends ScalarFunction {

    public String eval(String note) {
        return note == null ? "none" : "note:" + note.length();
    }
}
