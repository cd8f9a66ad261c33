-- Triggers, views, foreign keys and constraint errors.
PRAGMA foreign_keys = ON;
CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER DEFAULT 0 CHECK (qty >= 0));
CREATE TABLE log(at INTEGER, what TEXT);
CREATE TABLE part(id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES item(id) ON DELETE CASCADE, label TEXT UNIQUE);
CREATE TRIGGER item_ins AFTER INSERT ON item BEGIN
  INSERT INTO log VALUES ((SELECT count(*) FROM log), 'insert ' || new.name);
END;
CREATE TRIGGER item_upd AFTER UPDATE OF qty ON item WHEN new.qty > old.qty BEGIN
  INSERT INTO log VALUES ((SELECT count(*) FROM log), printf('up %s %d->%d', new.name, old.qty, new.qty));
END;
CREATE TRIGGER item_del BEFORE DELETE ON item BEGIN
  SELECT RAISE(ABORT, 'locked item') WHERE old.name = 'locked';
END;
CREATE VIEW stock AS SELECT name, qty, qty * 2 AS double_qty FROM item WHERE qty > 0;
CREATE TRIGGER stock_ins INSTEAD OF INSERT ON stock BEGIN
  INSERT INTO item(name, qty) VALUES (new.name, new.qty);
END;
INSERT INTO item(name, qty) VALUES ('bolt', 5), ('nut', 0), ('locked', 1);
INSERT INTO stock(name, qty) VALUES ('gear', 3);
UPDATE item SET qty = qty + 2;
UPDATE item SET qty = 1 WHERE name = 'bolt';
SELECT * FROM stock ORDER BY name;
SELECT * FROM log ORDER BY at;
DELETE FROM item WHERE name = 'locked';
INSERT INTO part(item_id, label) VALUES (1, 'p1'), (1, 'p2'), (2, 'p3');
INSERT INTO part(item_id, label) VALUES (99, 'orphan');
INSERT INTO part(item_id, label) VALUES (2, 'p1');
INSERT INTO item(name, qty) VALUES ('neg', -1);
INSERT INTO item(name) VALUES (NULL);
INSERT INTO item(id, name) VALUES (1, 'dup');
DELETE FROM item WHERE name = 'bolt';
SELECT label FROM part ORDER BY label;
PRAGMA foreign_key_check;
CREATE TABLE strict_t(a INTEGER, b TEXT) STRICT;
INSERT INTO strict_t VALUES (1, 'x');
INSERT INTO strict_t VALUES ('abc', 'y');
CREATE TABLE gen(a INTEGER, b INTEGER GENERATED ALWAYS AS (a * 10) STORED, c AS (a + b));
INSERT INTO gen(a) VALUES (1), (2);
SELECT * FROM gen;
CREATE TABLE wr(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO wr VALUES ('z', 1), ('a', 2);
SELECT * FROM wr;
DROP VIEW stock;
SELECT name FROM sqlite_schema ORDER BY type, name;
