package io.flinkgw.gateway.security;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.apache.flink.streaming.api.lineage.LineageGraph;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.table.catalog.CatalogBaseTable;

/**
 * The tables a translated job reads and writes, from the lineage Flink's planner attaches to the job
 * graph: every source and sink table with the options it resolved to, whatever made them (views,
 * {@code LIKE}, {@code ALTER ... SET}, materialized tables, hints).
 */
final class JobTables {

    /**
     * A table the job touches.
     *
     * @param name its identifier as the planner names it
     * @param options its final options; empty when the planner does not tell them
     */
    record Table(String name, Optional<Map<String, String>> options) {
        Table {
            requireNonNull(name, "name is null");
            requireNonNull(options, "options is null");
        }
    }

    private JobTables() {}

    /** Every source and sink table of the job. */
    static List<Table> of(StreamGraph graph) {
        LineageGraph lineage = graph.getLineageGraph();
        List<Table> tables = new ArrayList<>();
        if (lineage == null) {
            return tables;
        }
        List<LineageVertex> vertices = new ArrayList<>(lineage.sources());
        vertices.addAll(lineage.sinks());
        for (LineageVertex vertex : vertices) {
            for (LineageDataset dataset : vertex.datasets()) {
                tables.add(new Table(dataset.name(), optionsOf(dataset)));
            }
        }
        return tables;
    }

    /**
     * The planner's table datasets implement {@code TableLineageDataset#table()}; the interface lives in
     * the planner, which Flink loads in a class loader of its own, so it is called by name.
     */
    private static Optional<Map<String, String>> optionsOf(LineageDataset dataset) {
        try {
            Method table = dataset.getClass().getMethod("table");
            if (table.invoke(dataset) instanceof CatalogBaseTable catalogTable) {
                return Optional.of(Map.copyOf(catalogTable.getOptions()));
            }
            return Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
