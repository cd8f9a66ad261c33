-- JSON functions, string, aggregate, math and date functions.
SELECT json('{"a" : [1, 2.5, "x", null, true]}');
SELECT json_extract('{"a":{"b":[10,20,30]}}', '$.a.b[1]'), '{"a":{"b":[10,20,30]}}' -> '$.a' , '{"a":{"b":[10,20,30]}}' ->> '$.a.b[#-1]';
SELECT json_array(1, 'two', 3.0, NULL, json('{"k":1}')), json_object('x', 1, 'y', json_array());
SELECT json_insert('{"a":1}', '$.b', 2), json_replace('{"a":1}', '$.a', 'z'), json_set('{"a":1}', '$.c[0]', 3), json_remove('[1,2,3]', '$[1]');
SELECT json_patch('{"a":1,"b":{"c":2}}', '{"b":{"c":null,"d":4},"e":5}');
SELECT json_type('{"a":[1]}', '$.a'), json_valid('{bad'), json_valid('[]'), json_array_length('[1,2,[3]]'), json_quote('say "hi"');
SELECT key, value, type, path FROM json_each('{"x":1,"y":[2,3],"z":{"w":"v"}}');
SELECT key, value, type, fullkey FROM json_tree('{"x":1,"y":[2,3]}');
SELECT json_group_array(v), json_group_object(k, v) FROM (SELECT 'k' || value AS k, value * value AS v FROM generate_series(1, 4));
SELECT json('[1,2');
SELECT upper('abc'), lower('ÀB'), length('héllo'), length(x'00ff'), substr('abcdef', -3, 2), instr('hello', 'll'),
  replace('aaa', 'a', 'bb'), trim('  x  '), ltrim('xxy', 'x'), rtrim('yxx', 'x'), hex('Az'), unicode('é'), char(72, 105),
  quote('it''s'), printf('%5.2f|%-5s|%05d|%x|%e', 3.14159, 'ab', 42, 255, 12345.678), format('%q', 'a''b'),
  soundex('Robert'), like('a%', 'abc'), glob('a*', 'abc'), 'abc' REGEXP 'b' IS NULL;
SELECT typeof(1), typeof(1.5), typeof('t'), typeof(x'01'), typeof(NULL), 5 / 2, 5 / 2.0, 5 % 3, -7 / 2, 1 << 62, 9223372036854775807 + 0, 0x7fffffffffffffff, 1e308 * 10;
SELECT abs(-3), max(1, 5, 3), min('b', 'a'), round(2.5), round(-2.5), round(1.23456, 3), sign(-2), random() IS NOT NULL, iif(1 > 2, 'y', 'n'), nullif(3, 3), ifnull(NULL, 'd'), coalesce(NULL, NULL, 7);
SELECT sqrt(2), pow(2, 10), exp(1), ln(10), log(100), log2(8), log(2, 64), pi(), sin(pi() / 2), cos(0), atan2(1, 1), ceil(1.2), floor(-1.2), trunc(-1.7), mod(7.5, 2), degrees(pi()), radians(180);
CREATE TABLE m(g TEXT, v REAL);
INSERT INTO m VALUES ('a', 1), ('a', 2.5), ('b', NULL), ('b', 4), ('c', -1), ('a', 2.5);
SELECT g, count(*), count(v), sum(v), total(v), avg(v), min(v), max(v), group_concat(v, '|'), count(DISTINCT v) FROM m GROUP BY g HAVING count(*) > 0 ORDER BY g;
SELECT sum(v) FROM m WHERE v > 100;
SELECT date('2024-02-29', '+1 year'), date('2023-01-31', '+1 month'), time('12:34:56', '+90 minutes'), datetime('2000-01-01 00:00:00', '-1 second'),
  julianday('2000-01-01'), strftime('%Y-%j %H:%M:%S %w %s', '2024-12-31 23:59:59'), unixepoch('1970-01-02'), date(0, 'unixepoch'),
  date('2024-06-15', 'start of month', '+1 month', '-1 day'), date('2024-06-15', 'weekday 0'), strftime('%f', '2024-01-01 10:00:01.250');
SELECT date('not a date'), datetime(1700000000, 'unixepoch'), time(86399, 'unixepoch');
SELECT cast('12abc' AS INTEGER), cast(3.99 AS INTEGER), cast(x'41' AS TEXT), cast(10 AS TEXT) || 'x', cast('1e3' AS REAL), 10 = '10', '10' + 0 = 10;
SELECT 0.1 + 0.2, 1.0 / 3, 2.0e-7, 123456789012345678, 1.5e300 * 1.5e300, -0.0, 100000000000000000000.0;
