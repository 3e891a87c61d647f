package io.flinkgw.it.coverage;

import org.apache.flink.table.functions.ScalarFunction;

/** A user function for the coverage corpus: twice its argument (NULL stays NULL). */
public final class Twice extends ScalarFunction {

    public Integer eval(Integer value) {
        return value == null ? null : value * 2;
    }
}
