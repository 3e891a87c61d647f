-- The batch-SQL coverage corpus: every query runs through the gateway (DriverManager) and through a
-- plain Flink TableEnvironment in the test JVM (the oracle), and the rows must be equal: as multisets,
-- or in order when the query's header says "ordered". A query Flink refuses must fail through the gateway too.
--
-- Format: a "-- setup" header starts statements both sides run first; a "-- query: <name> [ordered]"
-- header starts one query. Each statement ends with a line that ends in ";". The data is deterministic
-- (datagen sequences, computed columns, VALUES), with NULLs, so both sides see the same rows.

-- setup
CREATE TEMPORARY TABLE orders (
  id BIGINT,
  customer AS CAST(id % 7 AS INT),
  amount AS CAST(id * 13 % 1000 AS DECIMAL(10, 2)) / 10,
  quantity AS CAST(id % 5 AS INT) + 1,
  ts AS CAST(TIMESTAMPADD(MINUTE, CAST(id * 37 AS INT), TIMESTAMP '2024-01-01 00:00:00') AS TIMESTAMP(3)),
  note AS CASE WHEN id % 5 = 0 THEN CAST(NULL AS STRING) ELSE CONCAT('n', CAST(id % 11 AS STRING)) END
) WITH (
  'connector' = 'datagen', 'number-of-rows' = '500', 'rows-per-second' = '1000000000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '500'
);
CREATE TEMPORARY VIEW customers (id, name, region) AS
  VALUES (0, 'Ada', 'EU'), (1, 'Bob', 'US'), (2, 'Cy', CAST(NULL AS STRING)), (3, 'Di', 'EU'),
         (4, 'Ed', 'APAC'), (5, 'Flo', 'US'), (7, 'Gus', 'EU');
CREATE TEMPORARY VIEW big_orders AS SELECT * FROM orders WHERE amount > 50;
CREATE TEMPORARY FUNCTION twice AS 'io.flinkgw.it.coverage.Twice';
CREATE TEMPORARY SYSTEM FUNCTION label_of AS 'io.flinkgw.it.coverage.LabelOf';
CREATE TABLE orders_copy (extra AS id * 2) LIKE orders;
CREATE TABLE lines (
  line_id BIGINT,
  order_id AS line_id % 500 + 1,
  price AS CAST(line_id % 97 AS DECIMAL(38, 18)) / 7
) WITH (
  'connector' = 'datagen', 'number-of-rows' = '200000', 'rows-per-second' = '1000000000',
  'fields.line_id.kind' = 'sequence', 'fields.line_id.start' = '1', 'fields.line_id.end' = '200000'
);
CREATE VIEW nested AS SELECT * FROM (VALUES
  (1, ARRAY[1, 2, 3], MAP['a', 1, 'b', 2], ROW('x', 1.5)),
  (2, ARRAY[CAST(NULL AS INT), 5], MAP['c', CAST(NULL AS INT)], ROW(CAST(NULL AS STRING), 2.5)),
  (3, CAST(NULL AS ARRAY<INT>), CAST(NULL AS MAP<STRING, INT>), CAST(NULL AS ROW<s STRING, d DECIMAL(2, 1)>))
) AS t(k, arr, m, r);

-- query: temporary table
SELECT id, customer, amount, quantity, ts, note FROM orders;

-- query: temporary view over a temporary table
SELECT customer, COUNT(*) AS orders, SUM(amount) AS total FROM big_orders GROUP BY customer;

-- query: temporary function
SELECT id, twice(quantity) FROM orders WHERE id <= 20;

-- query: temporary system function
SELECT label_of(note), COUNT(*) FROM orders GROUP BY label_of(note);

-- query: table created with LIKE
SELECT COUNT(*), SUM(extra), MIN(ts), MAX(note) FROM orders_copy;

-- query: join of a temporary table and a temporary view with NULLs
SELECT o.id, c.name, c.region FROM orders o LEFT JOIN customers c ON o.customer = c.id WHERE o.id <= 30;

-- query: legacy tumbling group window
SELECT TUMBLE_START(ts, INTERVAL '1' DAY) AS day_start, TUMBLE_END(ts, INTERVAL '1' DAY) AS day_end, COUNT(*), SUM(amount)
FROM orders GROUP BY TUMBLE(ts, INTERVAL '1' DAY);

-- query: legacy hopping group window
SELECT HOP_START(ts, INTERVAL '6' HOUR, INTERVAL '1' DAY), customer, COUNT(*)
FROM orders GROUP BY HOP(ts, INTERVAL '6' HOUR, INTERVAL '1' DAY), customer;

-- query: legacy session group window (Flink's batch planner refuses it: both sides must fail)
SELECT SESSION_START(ts, INTERVAL '1' HOUR), SESSION_END(ts, INTERVAL '1' HOUR), COUNT(*)
FROM orders WHERE id % 3 = 0 GROUP BY SESSION(ts, INTERVAL '1' HOUR);

-- query: window TVF TUMBLE
SELECT window_start, window_end, COUNT(*), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '12' HOUR)) GROUP BY window_start, window_end;

-- query: window TVF HOP
SELECT window_start, window_end, customer, MAX(amount)
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '6' HOUR, INTERVAL '1' DAY))
GROUP BY window_start, window_end, customer;

-- query: window TVF CUMULATE
SELECT window_start, window_end, COUNT(*)
FROM TABLE(CUMULATE(TABLE orders, DESCRIPTOR(ts), INTERVAL '6' HOUR, INTERVAL '1' DAY))
GROUP BY window_start, window_end;

-- query: GROUPING SETS
SELECT customer, quantity, COUNT(*), GROUPING(customer) AS g FROM orders
GROUP BY GROUPING SETS ((customer), (quantity), ());

-- query: ROLLUP
SELECT customer, quantity, SUM(amount) FROM orders GROUP BY ROLLUP (customer, quantity);

-- query: CUBE
SELECT note IS NULL AS no_note, quantity, COUNT(*) FROM orders GROUP BY CUBE (note IS NULL, quantity);

-- query: UNION and UNION ALL
SELECT customer FROM orders WHERE id < 10 UNION SELECT id FROM customers
UNION ALL SELECT quantity FROM orders WHERE id < 5;

-- query: INTERSECT and EXCEPT
(SELECT customer FROM orders INTERSECT SELECT id FROM customers)
UNION ALL (SELECT customer FROM orders EXCEPT SELECT id FROM customers);

-- query: INTERSECT ALL and EXCEPT ALL
(SELECT quantity FROM orders WHERE id <= 20 INTERSECT ALL SELECT quantity FROM orders WHERE id <= 10)
UNION ALL (SELECT quantity FROM orders WHERE id <= 20 EXCEPT ALL SELECT quantity FROM orders WHERE id <= 12);

-- query: UNNEST of an array
SELECT k, x FROM nested CROSS JOIN UNNEST(arr) AS u(x);

-- query: UNNEST of a map
SELECT k, mk, mv FROM nested CROSS JOIN UNNEST(m) AS u(mk, mv);

-- query: OVER with a ROWS frame
SELECT id, customer, SUM(amount) OVER (PARTITION BY customer ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
FROM orders WHERE id <= 100;

-- query: OVER with a RANGE frame
SELECT id, customer, SUM(quantity) OVER (PARTITION BY customer ORDER BY id RANGE BETWEEN 20 PRECEDING AND CURRENT ROW)
FROM orders WHERE id <= 100;

-- query: OVER with an interval RANGE frame (Flink 2.3 fails to compile it in batch: both sides must fail)
SELECT id, customer, COUNT(*) OVER (PARTITION BY customer ORDER BY ts RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)
FROM orders WHERE id <= 100;

-- query: ranking functions
SELECT id, customer, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC, id) AS rn,
       RANK() OVER (PARTITION BY customer ORDER BY quantity) AS rk
FROM orders WHERE id <= 60;

-- query: top-N per group
SELECT * FROM (
  SELECT customer, id, amount, ROW_NUMBER() OVER (PARTITION BY customer ORDER BY amount DESC, id) AS rn FROM orders
) WHERE rn <= 3;

-- query: ORDER BY with LIMIT and OFFSET ordered
SELECT id, amount FROM orders ORDER BY amount DESC, id LIMIT 10 OFFSET 5;

-- query: ORDER BY with NULLs ordered
SELECT id, note FROM orders WHERE id <= 25 ORDER BY note NULLS FIRST, id;

-- query: JSON functions
SELECT id, JSON_OBJECT('id' VALUE id, 'note' VALUE note NULL ON NULL) AS obj,
       JSON_VALUE('{"a": {"b": 7}}', '$.a.b' RETURNING INT) AS v,
       JSON_QUERY('{"a": [1, 2]}', '$.a') AS q,
       JSON_EXISTS('{"a": 1}', '$.a') AS e,
       JSON_ARRAY(id, 'x', note) AS arr,
       JSON_STRING(note) AS s
FROM orders WHERE id <= 10;

-- query: JSON aggregates
SELECT customer, quantity, JSON_ARRAYAGG(quantity), JSON_OBJECTAGG(KEY CAST(customer AS STRING) VALUE quantity)
FROM orders WHERE id <= 40 GROUP BY customer, quantity;

-- query: wide DECIMAL
SELECT order_id, SUM(price) AS s, AVG(price) AS a, CAST(SUM(price) * 1000000000000 AS DECIMAL(38, 6)) AS big
FROM lines GROUP BY order_id;

-- query: DECIMAL(38, 0) extremes
SELECT CAST('99999999999999999999999999999999999999' AS DECIMAL(38, 0)),
       CAST('-0.00000000000000000000000000000000000001' AS DECIMAL(38, 38)),
       CAST(1 AS DECIMAL(38, 10)) / 3;

-- query: ARRAY, MAP and ROW values
SELECT k, arr, m, r, CARDINALITY(arr), arr[1], m['a'] FROM nested;

-- query: constructed collections
SELECT customer, COLLECT(quantity) AS bag, ARRAY_SORT(ARRAY_AGG(id)) AS ids
FROM orders WHERE id <= 14 GROUP BY customer;

-- query: sort-merge join forced by hint
SELECT /*+ SHUFFLE_MERGE(l) */ o.customer, COUNT(*), SUM(l.price)
FROM lines l JOIN orders o ON l.order_id = o.id GROUP BY o.customer;

-- query: join of two large inputs
SELECT COUNT(*), SUM(a.line_id), SUM(b.price)
FROM lines a JOIN lines b ON a.line_id = b.line_id + 1;

-- query: semi and anti joins
SELECT id FROM orders WHERE customer IN (SELECT id FROM customers WHERE region = 'EU') AND id <= 50
UNION ALL
SELECT id FROM orders WHERE customer NOT IN (SELECT id FROM customers WHERE id IS NOT NULL) AND id <= 50;

-- query: EXISTS
SELECT c.name FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer = c.id AND o.quantity = 5);

-- query: correlated scalar subquery (Flink 2.3 cannot decorrelate it: both sides must fail)
SELECT c.name, (SELECT COUNT(*) FROM orders o WHERE o.customer = c.id) AS n FROM customers c;

-- query: DISTINCT aggregates and FILTER
SELECT customer, COUNT(DISTINCT quantity), COUNT(*) FILTER (WHERE note IS NULL), MAX(note), SUM(DISTINCT quantity)
FROM orders GROUP BY customer;

-- query: CASE, COALESCE and string functions with NULLs
SELECT id, COALESCE(note, '-'), UPPER(note), CHAR_LENGTH(note), CASE WHEN note LIKE 'n1%' THEN 'one' ELSE 'other' END,
       REGEXP_REPLACE(note, '[0-9]', '#'), SUBSTRING(note FROM 2)
FROM orders WHERE id <= 15;

-- query: temporal functions and types
SELECT id, CAST(ts AS DATE), EXTRACT(HOUR FROM ts), DATE_FORMAT(ts, 'yyyy-MM-dd HH:mm'), FLOOR(ts TO HOUR),
       TIMESTAMPDIFF(MINUTE, TIMESTAMP '2024-01-01 00:00:00', ts), CAST(ts AS TIME(0))
FROM orders WHERE id <= 10;

-- query: VALUES only
VALUES (1, 'a', TRUE), (2, CAST(NULL AS STRING), FALSE), (3, 'c', CAST(NULL AS BOOLEAN));

-- query: WITH clause
WITH per_customer AS (SELECT customer, SUM(amount) AS total FROM orders GROUP BY customer)
SELECT p.customer, p.total, c.name FROM per_customer p LEFT JOIN customers c ON p.customer = c.id;

-- query: empty result
SELECT * FROM orders WHERE id < 0;
