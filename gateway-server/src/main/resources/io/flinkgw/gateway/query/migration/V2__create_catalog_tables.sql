-- Shared catalogs, portable between H2 and PostgreSQL. Definitions are Flink's own catalog
-- serialization (CatalogPropertiesUtil), stored as java.util.Properties text.

-- Catalogs made by CREATE CATALOG: the shared CatalogStore.
CREATE TABLE flinkgw_catalog (
    catalog_name VARCHAR(256)     NOT NULL PRIMARY KEY,
    options      VARCHAR(1000000) NOT NULL,
    created_by   VARCHAR(256)     NOT NULL,
    created_at   TIMESTAMP        NOT NULL
);

-- Databases of the gateway's persistent catalogs.
CREATE TABLE flinkgw_catalog_database (
    catalog_name  VARCHAR(256)     NOT NULL,
    database_name VARCHAR(256)     NOT NULL,
    properties    VARCHAR(1000000) NOT NULL,
    description   VARCHAR(1000000),
    PRIMARY KEY (catalog_name, database_name)
);

-- Tables and views (namespace RELATION) and functions (namespace FUNCTION) of those databases.
CREATE TABLE flinkgw_catalog_object (
    catalog_name  VARCHAR(256)     NOT NULL,
    database_name VARCHAR(256)     NOT NULL,
    namespace     VARCHAR(16)      NOT NULL,
    object_name   VARCHAR(256)     NOT NULL,
    kind          VARCHAR(16)      NOT NULL,
    definition    VARCHAR(1000000) NOT NULL,
    updated_at    TIMESTAMP        NOT NULL,
    PRIMARY KEY (catalog_name, database_name, namespace, object_name),
    FOREIGN KEY (catalog_name, database_name) REFERENCES flinkgw_catalog_database (catalog_name, database_name)
);
