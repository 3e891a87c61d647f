package io.flinkgw.dialect;

import java.util.List;

/**
 * The words DatabaseMetaData reports for Flink SQL: keywords beyond SQL:2003 and the built-in
 * functions by JDBC's groups. Tools use them for highlighting and completion.
 */
public final class MetadataVocabulary {

    /** Flink SQL keywords that are not SQL:2003 keywords. */
    public static final List<String> KEYWORDS = List.of(
            "ANALYZE", "BYTES", "CATALOG", "CATALOGS", "COMPILE", "COMPUTE", "DATABASES", "DISTRIBUTED", "DISTRIBUTION",
            "ENFORCED", "ESTIMATED_COST", "EXTENDED", "FUNCTIONS", "IF", "JSON_EXECUTION_PLAN", "JAR", "JARS", "LOAD",
            "METADATA", "MODIFY", "MODULES", "OVERWRITE", "OVERWRITING", "PARTITIONED", "PARTITIONS", "PLAN", "PYTHON",
            "RENAME", "REPLACE", "RESET", "SCALA", "SHOW", "STRING", "TABLES", "TIMESTAMP_LTZ", "UNLOAD", "USE",
            "VIEWS", "VIRTUAL", "WATERMARK", "WATERMARKS");

    /** Numeric functions, as JDBC's {@code getNumericFunctions} lists them. */
    public static final List<String> NUMERIC_FUNCTIONS = List.of(
            "ABS", "ACOS", "ASIN", "ATAN", "ATAN2", "BIN", "CEIL", "COS", "COSH", "COT", "DEGREES", "E", "EXP", "FLOOR",
            "HEX", "LN", "LOG", "LOG10", "LOG2", "MOD", "PI", "POWER", "RADIANS", "RAND", "RAND_INTEGER", "ROUND",
            "SIGN", "SIN", "SINH", "SQRT", "TAN", "TANH", "TRUNCATE", "UUID");

    /** String functions. */
    public static final List<String> STRING_FUNCTIONS = List.of(
            "ASCII", "BTRIM", "CHAR_LENGTH", "CHR", "CONCAT", "CONCAT_WS", "DECODE", "ENCODE", "FROM_BASE64", "INITCAP",
            "INSTR", "LEFT", "LOCATE", "LOWER", "LPAD", "LTRIM", "OVERLAY", "PARSE_URL", "POSITION", "REGEXP",
            "REGEXP_EXTRACT", "REGEXP_REPLACE", "REPEAT", "REPLACE", "REVERSE", "RIGHT", "RPAD", "RTRIM", "SPLIT_INDEX",
            "STR_TO_MAP", "SUBSTR", "SUBSTRING", "TO_BASE64", "TRANSLATE", "TRIM", "UPPER");

    /** Date and time functions. */
    public static final List<String> TIME_DATE_FUNCTIONS = List.of(
            "CONVERT_TZ", "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_ROW_TIMESTAMP", "DATE_FORMAT",
            "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "EXTRACT", "FLOOR", "FROM_UNIXTIME", "HOUR", "LOCALTIME",
            "LOCALTIMESTAMP", "MINUTE", "MONTH", "NOW", "QUARTER", "SECOND", "TIMESTAMPADD", "TIMESTAMPDIFF",
            "TO_DATE", "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ", "UNIX_TIMESTAMP", "WEEK", "YEAR");

    /** System functions. */
    public static final List<String> SYSTEM_FUNCTIONS = List.of(
            "CAST", "COALESCE", "CURRENT_CATALOG", "CURRENT_DATABASE", "GREATEST", "IF", "IFNULL", "IS_ALPHA",
            "IS_DECIMAL", "IS_DIGIT", "LEAST", "NULLIF", "TRY_CAST", "TYPEOF");

    private MetadataVocabulary() {}
}
