package io.flinkgw.gateway.samples;

import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.catalog.Catalog;
import org.apache.flink.table.factories.CatalogFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Makes a {@link SamplesCatalog}: {@code CREATE CATALOG s WITH ('type' = 'flinkgw-samples')}. The
 * gateway registers one as {@code samples} in every session itself.
 */
public final class SamplesCatalogFactory implements CatalogFactory {

    /** The catalog type. */
    public static final String IDENTIFIER = "flinkgw-samples";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public Catalog createCatalog(Context context) {
        FactoryUtil.createCatalogFactoryHelper(this, context).validate();
        return new SamplesCatalog(context.getName());
    }
}
