package io.flinkgw.gateway.session;

import java.lang.reflect.Field;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.table.operations.QueryOperation;

/**
 * The most rows a query can return because of its top-level {@code LIMIT} / {@code FETCH}: read from
 * the planner's logical tree, where the query's root is a sort with a fetch, maybe under projections
 * and plain sorts (which keep the row count). The planner lives behind Flink's planner loader, in a
 * class loader of its own, so its tree is read reflectively; whatever cannot be read is no limit.
 */
final class TopLevelLimit {

    private static final String SORT = "org.apache.calcite.rel.core.Sort";
    private static final String PROJECT = "org.apache.calcite.rel.core.Project";

    private TopLevelLimit() {}

    /** The top-level fetch of {@code query}, or empty when it has none (or it is not a literal). */
    static OptionalLong of(QueryOperation query) {
        try {
            Object node = query.getClass().getMethod("getCalciteTree").invoke(query);
            ClassLoader planner = node.getClass().getClassLoader();
            Class<?> sort = Class.forName(SORT, false, planner);
            Class<?> project = Class.forName(PROJECT, false, planner);
            while (true) {
                if (sort.isInstance(node)) {
                    Object fetch = field(sort, "fetch").get(node);
                    if (fetch != null) {
                        return literal(fetch);
                    }
                } else if (!project.isInstance(node)) {
                    return OptionalLong.empty();
                }
                List<?> inputs = (List<?>) node.getClass().getMethod("getInputs").invoke(node);
                if (inputs.size() != 1) {
                    return OptionalLong.empty();
                }
                node = inputs.get(0);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return OptionalLong.empty();
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        return type.getField(name);
    }

    /** The value of a literal fetch; a dynamic parameter ({@code LIMIT ?}) or an expression is no limit. */
    private static OptionalLong literal(Object fetch) throws ReflectiveOperationException {
        Class<?> literal = Class.forName("org.apache.calcite.rex.RexLiteral", false, fetch.getClass().getClassLoader());
        if (!literal.isInstance(fetch)) {
            return OptionalLong.empty();
        }
        Object value = literal.getMethod("getValueAs", Class.class).invoke(fetch, Long.class);
        return value instanceof Long rows && rows > 0 ? OptionalLong.of(rows) : OptionalLong.empty();
    }
}
