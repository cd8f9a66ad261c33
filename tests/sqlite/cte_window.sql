-- Common table expressions (recursive too) and window functions.
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n+1, b, a+b FROM fib WHERE n < 50)
SELECT n, a FROM fib WHERE n % 10 = 0;
WITH RECURSIVE cnt(x) AS (VALUES(1) UNION ALL SELECT x+1 FROM cnt LIMIT 100000) SELECT count(*), sum(x) FROM cnt;
CREATE TABLE org(name TEXT PRIMARY KEY, boss TEXT);
INSERT INTO org VALUES ('root', NULL), ('a', 'root'), ('b', 'root'), ('a1', 'a'), ('a2', 'a'), ('a1x', 'a1'), ('b1', 'b');
WITH RECURSIVE tree(name, depth, path) AS (
  SELECT name, 0, name FROM org WHERE boss IS NULL
  UNION ALL SELECT org.name, depth + 1, path || '/' || org.name FROM org JOIN tree ON org.boss = tree.name ORDER BY 2 DESC)
SELECT substr('........', 1, depth * 2) || name, path FROM tree;
WITH RECURSIVE mandel(x, y, cx, cy, i) AS (SELECT 0.0, 0.0, -0.5, 0.0, 0
  UNION ALL SELECT x*x - y*y + cx, 2*x*y + cy, cx, cy, i + 1 FROM mandel WHERE i < 30 AND x*x + y*y < 4)
SELECT max(i) FROM mandel;
WITH a(v) AS MATERIALIZED (SELECT 1 UNION SELECT 2), b(v) AS NOT MATERIALIZED (SELECT v * 10 FROM a)
SELECT * FROM a, b ORDER BY 1, 2;
CREATE TABLE sales(region TEXT, month INTEGER, amount INTEGER);
INSERT INTO sales VALUES ('n',1,10),('n',2,20),('n',3,15),('s',1,5),('s',2,25),('s',3,25),('w',1,7);
SELECT region, month, amount,
  sum(amount) OVER (PARTITION BY region ORDER BY month) AS running,
  rank() OVER (ORDER BY amount DESC) AS rnk,
  dense_rank() OVER (ORDER BY amount DESC) AS drnk,
  row_number() OVER (PARTITION BY region ORDER BY amount DESC, month) AS rn,
  lag(amount, 1, -1) OVER (PARTITION BY region ORDER BY month) AS prev,
  lead(amount) OVER (PARTITION BY region ORDER BY month) AS next,
  first_value(amount) OVER w AS fv, last_value(amount) OVER w AS lv,
  nth_value(amount, 2) OVER w AS nv,
  ntile(3) OVER (ORDER BY region, month) AS tile,
  round(percent_rank() OVER (ORDER BY amount), 4) AS pr,
  round(cume_dist() OVER (ORDER BY amount), 4) AS cd
FROM sales WINDOW w AS (PARTITION BY region ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
ORDER BY region, month;
SELECT month, avg(amount) OVER (ORDER BY month RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM sales ORDER BY month, amount;
SELECT region, group_concat(amount, ';') OVER (PARTITION BY region ORDER BY month GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE CURRENT ROW) FROM sales ORDER BY region, month;
SELECT region, sum(amount) FILTER (WHERE month > 1) FROM sales GROUP BY region ORDER BY region;
SELECT region, month FROM sales WHERE amount = (SELECT max(amount) FROM sales s2 WHERE s2.region = sales.region) ORDER BY 1, 2;
SELECT * FROM (SELECT region, amount, row_number() OVER (PARTITION BY region ORDER BY amount DESC) r FROM sales) WHERE r = 1 ORDER BY region;
SELECT 1 UNION SELECT 2 EXCEPT SELECT 1 INTERSECT SELECT 2;
SELECT value FROM generate_series(10, 50, 10);
