-- Two connections to one database file in one shell (.connection): sqlite's
-- POSIX advisory locks (fcntl F_SETLK) decide who may read and write. The
-- database is data/locking.db, relative to the working folder (the runner's
-- layout: the shell is given data/NAME.db).
CREATE TABLE c(v INTEGER);
INSERT INTO c VALUES (1);
.connection 1
.open data/locking.db
PRAGMA busy_timeout = 0;
SELECT 'second connection sees', count(*) FROM c;
.connection 0
BEGIN EXCLUSIVE;
INSERT INTO c VALUES (2);
.connection 1
SELECT count(*) FROM c;
INSERT INTO c VALUES (3);
.connection 0
COMMIT;
.connection 1
SELECT 'after commit', count(*) FROM c;
BEGIN IMMEDIATE;
INSERT INTO c VALUES (4);
.connection 0
PRAGMA busy_timeout = 0;
INSERT INTO c VALUES (5);
SELECT 'reader still reads', count(*) FROM c;
.connection 1
COMMIT;
.connection 0
PRAGMA journal_mode = WAL;
BEGIN;
INSERT INTO c VALUES (6);
.connection 1
SELECT 'wal reader during write', count(*) FROM c;
INSERT INTO c VALUES (7);
.connection 0
COMMIT;
.connection 1
SELECT 'wal after commit', count(*) FROM c;
.open :memory:
.connection 0
PRAGMA journal_mode = DELETE;
SELECT group_concat(v) FROM c;
