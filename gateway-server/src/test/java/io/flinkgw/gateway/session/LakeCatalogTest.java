package io.flinkgw.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkgw.gateway.config.CatalogOptions;
import java.io.File;
import java.net.URI;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class LakeCatalogTest {

    @Test
    void warehouseDefaultsToLakeBesideTheResultStore() {
        assertThat(LakeCatalog.from(new Configuration(), URI.create("file:/srv/flinkgw/data/results")))
                .contains(new LakeCatalog("lake", "file:/srv/flinkgw/data/lake"));
        assertThat(LakeCatalog.from(new Configuration(), URI.create("hdfs://namenode:8020/flinkgw/results/")))
                .contains(new LakeCatalog("lake", "hdfs://namenode:8020/flinkgw/lake"));
    }

    @Test
    void configuredWarehouseIsQualifiedAndTheLakeCanBeTurnedOff() {
        Configuration configuration = new Configuration();
        configuration.set(CatalogOptions.LAKE_WAREHOUSE, "relative/lake");
        assertThat(LakeCatalog.from(configuration, URI.create("file:/results")).orElseThrow().warehouse())
                .isEqualTo(new File("relative/lake").getAbsoluteFile().toURI().toString());
        configuration.set(CatalogOptions.LAKE_WAREHOUSE, "hdfs:///flinkgw/lake");
        assertThat(LakeCatalog.from(configuration, URI.create("file:/results")).orElseThrow().warehouse())
                .isEqualTo("hdfs:///flinkgw/lake");
        configuration.set(CatalogOptions.LAKE_ENABLED, false);
        assertThat(LakeCatalog.from(configuration, URI.create("file:/results"))).isEmpty();
    }
}
