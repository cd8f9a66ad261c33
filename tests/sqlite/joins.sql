-- Joins, indexes and the query planner's choices made visible through results.
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES dept(id), salary REAL, boss INTEGER);
INSERT INTO dept VALUES (1,'eng'),(2,'ops'),(3,'sales'),(4,'empty');
INSERT INTO emp VALUES (1,'ada',1,120.5,NULL),(2,'bob',1,99,1),(3,'cy',2,80,1),
  (4,'di',3,70.25,3),(5,'ed',NULL,10,4),(6,'flo',2,81,3);
SELECT e.name, d.name FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT e.name, coalesce(d.name, '(none)') FROM emp e LEFT JOIN dept d ON d.id = e.dept_id ORDER BY e.name;
SELECT d.name, count(e.id), total(e.salary) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY 2 DESC, 1;
SELECT a.name, b.name FROM emp a CROSS JOIN emp b WHERE a.id < b.id AND a.dept_id = b.dept_id ORDER BY 1, 2;
SELECT e.name AS worker, m.name AS manager FROM emp e LEFT JOIN emp m ON m.id = e.boss ORDER BY e.id;
SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name LIKE '%s') ORDER BY name;
SELECT name FROM dept WHERE NOT EXISTS (SELECT 1 FROM emp WHERE dept_id = dept.id);
SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY salary DESC;
CREATE INDEX emp_dept ON emp(dept_id, salary);
CREATE INDEX emp_lower_name ON emp(lower(name));
SELECT name FROM emp INDEXED BY emp_dept WHERE dept_id = 2 ORDER BY salary;
SELECT name FROM emp WHERE lower(name) = 'bob';
SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name;
PRAGMA index_info(emp_dept);
PRAGMA index_list(emp);
SELECT * FROM emp NATURAL JOIN (SELECT id, name FROM emp WHERE id % 2 = 0) ORDER BY id;
SELECT d.name, group_concat(e.name, '+') FROM dept d JOIN emp e USING (id) GROUP BY d.name ORDER BY 1;
CREATE TABLE big(k INTEGER, v TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 5000)
INSERT INTO big SELECT i, printf('v%05d', i) FROM n;
CREATE INDEX big_v ON big(v);
SELECT count(*), min(v), max(v) FROM big WHERE v BETWEEN 'v01000' AND 'v01999';
SELECT b1.k, b2.v FROM big b1 JOIN big b2 ON b2.k = b1.k * 1000 ORDER BY b1.k;
EXPLAIN QUERY PLAN SELECT * FROM big WHERE v = 'v00042';
DROP INDEX big_v;
SELECT k FROM big WHERE v = 'v00042';
PRAGMA integrity_check;
