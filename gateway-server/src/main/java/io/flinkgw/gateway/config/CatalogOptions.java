package io.flinkgw.gateway.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * The gateway's options for the catalogs every session shares: the default catalog, who may change
 * shared definitions, and the lakehouse catalog. Catalogs of the administrator's own are defined under
 * {@code catalogs.<name>.*} (see {@code SessionCatalogs}).
 */
public final class CatalogOptions {

    /** Whether every session has the lakehouse catalog {@code lake}. */
    public static final ConfigOption<Boolean> LAKE_ENABLED =
            ConfigOptions.key("lake.enabled")
                    .booleanType()
                    .defaultValue(true)
                    .withDescription("Give every session the Apache Paimon catalog 'lake' over 'lake.warehouse'.");

    /** Where the {@code lake} catalog keeps its databases and tables. */
    public static final ConfigOption<String> LAKE_WAREHOUSE =
            ConfigOptions.key("lake.warehouse")
                    .stringType()
                    .defaultValue("")
                    .withDescription("Directory or URI of the 'lake' catalog's tables; empty: 'lake' beside the result"
                            + " store's root. On YARN a shared file system the containers reach, like the result store.");

    /** The catalog a new session starts in. */
    public static final ConfigOption<String> CATALOGS_DEFAULT =
            ConfigOptions.key("catalogs.default")
                    .stringType()
                    .defaultValue("default_catalog")
                    .withDescription("The catalog a new session starts in: 'default_catalog' (shared, kept in the job"
                            + " store), a catalog defined under catalogs.<name>.*, or 'session_catalog' (private).");

    /** Users who may change the definitions in shared catalogs. */
    public static final ConfigOption<List<String>> CATALOG_ADMINS =
            ConfigOptions.key("security.catalog-admins")
                    .stringType()
                    .asList()
                    .defaultValues()
                    .withDescription("Users who may CREATE, ALTER and DROP objects in shared catalogs and CREATE/DROP"
                            + " CATALOG; others get SQLState 42501. Everyone may when security.authentication is NONE.");

    private CatalogOptions() {}
}
