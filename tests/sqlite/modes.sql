-- The shell's output modes and dot-commands that do not depend on the host.
CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT, price REAL, note TEXT);
INSERT INTO p VALUES (1, 'apple', 1.25, NULL), (2, 'pear "green"', 0.5, 'a,b'), (3, 'fig', 12, 'line1
line2'), (4, 'ñandú', -3, '<tag>&');
.headers on
.mode list
SELECT * FROM p;
.separator ; ~
SELECT * FROM p;
.separator "|" "\n"
.mode csv
SELECT * FROM p;
.mode tabs
SELECT * FROM p;
.mode column
SELECT * FROM p;
.mode line
SELECT * FROM p WHERE id < 3;
.mode insert p2
SELECT * FROM p;
.mode quote
SELECT * FROM p;
.mode html
SELECT * FROM p WHERE id > 2;
.mode json
SELECT * FROM p;
.mode markdown
SELECT * FROM p;
.mode table
SELECT * FROM p;
.mode box
SELECT * FROM p;
.mode column --wrap 6
SELECT * FROM p;
.headers off
.mode list
.nullvalue NULL
SELECT note FROM p;
.schema p
.tables
.indexes
.width 3 -8
.mode column
SELECT id, name FROM p;
.mode list
.echo on
SELECT 'echoed';
.echo off
.print hello from .print
.changes on
UPDATE p SET price = price * 2 WHERE id > 1;
.changes off
.dump p
.bail off
SELECT * FROM missing_table;
.mode ascii
SELECT 1, 2;
.mode list
.parameter set @x 41
SELECT @x + 1;
.parameter clear
.timer off
.eqp off
.stats off
SELECT 'done';
