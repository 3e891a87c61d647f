package io.flinkgw.gateway.avatica;

import io.flinkgw.dialect.MetadataVocabulary;
import java.sql.Connection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.Meta;
import org.apache.flink.runtime.util.EnvironmentInformation;

/** What {@code DatabaseMetaData} says about the product: Flink's name, version and vocabulary. */
final class DatabaseProperties {

    private DatabaseProperties() {}

    static Map<Meta.DatabaseProperty, Object> of() {
        Map<Meta.DatabaseProperty, Object> properties = new EnumMap<>(Meta.DatabaseProperty.class);
        String version = EnvironmentInformation.getVersion();
        properties.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Apache Flink");
        properties.put(Meta.DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, version);
        properties.put(Meta.DatabaseProperty.GET_DATABASE_MAJOR_VERSION, versionPart(version, 0));
        properties.put(Meta.DatabaseProperty.GET_DATABASE_MINOR_VERSION, versionPart(version, 1));
        properties.put(Meta.DatabaseProperty.GET_S_Q_L_KEYWORDS, join(MetadataVocabulary.KEYWORDS));
        properties.put(Meta.DatabaseProperty.GET_NUMERIC_FUNCTIONS, join(MetadataVocabulary.NUMERIC_FUNCTIONS));
        properties.put(Meta.DatabaseProperty.GET_STRING_FUNCTIONS, join(MetadataVocabulary.STRING_FUNCTIONS));
        properties.put(Meta.DatabaseProperty.GET_TIME_DATE_FUNCTIONS, join(MetadataVocabulary.TIME_DATE_FUNCTIONS));
        properties.put(Meta.DatabaseProperty.GET_SYSTEM_FUNCTIONS, join(MetadataVocabulary.SYSTEM_FUNCTIONS));
        properties.put(Meta.DatabaseProperty.GET_DEFAULT_TRANSACTION_ISOLATION, Connection.TRANSACTION_NONE);
        return properties;
    }

    private static String join(List<String> words) {
        return String.join(",", words);
    }

    private static int versionPart(String version, int index) {
        String[] parts = version.split("[.-]");
        try {
            return index < parts.length ? Integer.parseInt(parts[index]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
