#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# apps/sqlite against Debian's sqlite3: every script of tests/sqlite is run
# by the host's sqlite3 and by the Tessera shell (under tess-vmm and on
# linuxu), each on a database in a fresh folder (the guest's shared with
# -v), and the three outputs (stdout, stderr, exit status) must be the
# same bytes. Each database the guest wrote must pass the host's PRAGMA
# integrity_check with the same .dump as the host's own, and the guest
# must read the host's database back the same way. Then the usage the
# README promises (SQL on the command line, .read, stdin, :memory:, the
# initrd), and crash safety: the guest is killed (tess stop --timeout 0,
# SIGKILL) in the middle of a stream of committed transactions, and every
# transaction it reported is in the database the host opens afterwards.
#
# The runner's layout: the shell is started in a folder holding data/ and
# given data/NAME.db (the guest's working folder is /, data/ its share),
# so a script may name data/NAME.db itself (tests/sqlite/locking.sql).
# shellcheck source=tests/integration/common.bash
source "$(dirname "$0")/common.bash"
scripts=$(for f in tests/sqlite/*.sql; do basename "$f" .sql; done)
count=$(echo "$scripts" | wc -w)
plan $((4 * count + 7 + 3))
out=$scratch/out
tess=tools/tess/build/tess

if ! support/scripts/ensure-deps sqlite >"$out" 2>&1; then
	cat "$out"
	skip_rest "Debian's sqlite3 and tclsh cannot be installed here"
	exit 0
fi
make -s -C tools/vmm build/tess-vmm >/dev/null 2>&1
make -s -C tools/tess build/tess >/dev/null 2>&1
# The two builds at once: each compiles the 8 MiB amalgamation (one file,
# about a minute and a half at -O2), the fetch and generation are shared.
support/scripts/ext-fetch ext/sqlite >"$scratch/fetch" 2>&1
fetched=$?
if [ "$fetched" -eq 4 ]; then
	skip_rest "Debian's archive is unreachable and sqlite3 is not cached"
	exit 0
fi
declare -A pid built image
for plat in linuxu kvm; do
	make -s -j1 APP=apps/sqlite PLAT=$plat >"$scratch/build-$plat" 2>&1 &
	pid[$plat]=$!
	image[$plat]=apps/sqlite/build/$plat/sqlite_$plat-x86_64
done
for plat in linuxu kvm; do
	built[$plat]=0
	wait "${pid[$plat]}" && built[$plat]=1
done
image_kvm=${image[kvm]}
have_kvm=1
tools/kvm-usable || have_kvm=0

# usable PLAT NAME: 0 when the platform's image can run; otherwise the
# check is reported (skipped without /dev/kvm, failed without an image).
usable() {
	local plat=$1 name=$2
	if [ "$plat" = kvm ] && [ "$have_kvm" -eq 0 ]; then
		skip "$name" "no usable /dev/kvm here"
		return 1
	fi
	if [ "${built[$plat]}" -ne 1 ]; then
		not_ok "$name: apps/sqlite does not build for $plat" "$scratch/build-$plat"
		return 1
	fi
	return 0
}

# guest PLAT DIR ARGS...: the Tessera shell with DIR/data as /data,
# standard streams as given.
guest() {
	local plat=$1 dir=$2
	shift 2
	timeout 300 "$tess" run "${image[$plat]}" --mem 64M -v "$dir/data:/data" -- -- "$@"
}

# same NAME DIR-A DIR-B: DIR-A/{out,err,status} and DIR-B's are equal.
same() {
	local name=$1 a=$2 b=$3 f
	for f in out err status; do
		if ! cmp -s "$a/$f" "$b/$f"; then
			diff -u --label "host $f" --label "tessera $f" "$a/$f" "$b/$f" | cut -c 1-200 >"$scratch/diff"
			not_ok "$name: $f differs" "$scratch/diff"
			return
		fi
	done
	ok "$name ($(wc -l <"$a/out") lines, $(wc -l <"$a/err") on stderr, status $(cat "$a/status"))"
}

# inspect DIR NAME: what the host's sqlite3 says of DIR/data/NAME.db.
inspect() {
	sqlite3 "$1/data/$2.db" 'PRAGMA integrity_check;' .dump 2>&1
}

for s in $scripts; do
	host=$scratch/host-$s
	mkdir -p "$host/data"
	(cd "$host" && sqlite3 "data/$s.db" <"$root/tests/sqlite/$s.sql" >out 2>err; echo $? >status)
	for plat in kvm linuxu; do
		name="$s.sql ($plat)"
		usable $plat "$name" || continue
		dir=$scratch/$plat-$s
		mkdir -p "$dir/data"
		guest $plat "$dir" "data/$s.db" <"tests/sqlite/$s.sql" >"$dir/out" 2>"$dir/err"
		echo $? >"$dir/status"
		same "$name prints what Debian's sqlite3 prints" "$host" "$dir"
	done
	# The guest's database, opened by the host's sqlite3.
	name="$s.sql: the database Tessera wrote (kvm) opens natively"
	if usable kvm "$name"; then
		inspect "$host" "$s" >"$scratch/host.dump"
		inspect "$scratch/kvm-$s" "$s" >"$scratch/guest.dump"
		if [ "$(head -n 1 "$scratch/guest.dump")" = ok ] && cmp -s "$scratch/host.dump" "$scratch/guest.dump"; then
			ok "$name: integrity_check ok, the same .dump as the host's ($(wc -l <"$scratch/host.dump") lines)"
		else
			diff -u "$scratch/host.dump" "$scratch/guest.dump" | cut -c 1-200 >"$scratch/diff"
			not_ok "$name" "$scratch/diff"
		fi
	fi
	# The host's database, opened by Tessera.
	name="$s.sql: the database Debian's sqlite3 wrote opens in Tessera (kvm)"
	if usable kvm "$name"; then
		inspect "$host" "$s" >"$scratch/host.dump"
		echo 'PRAGMA integrity_check;' >"$scratch/inspect.sql"
		echo .dump >>"$scratch/inspect.sql"
		guest kvm "$host" "data/$s.db" <"$scratch/inspect.sql" >"$scratch/guest.dump" 2>&1
		if cmp -s "$scratch/host.dump" "$scratch/guest.dump"; then
			ok "$name: the same integrity_check and .dump"
		else
			diff -u "$scratch/host.dump" "$scratch/guest.dump" | cut -c 1-200 >"$scratch/diff"
			not_ok "$name" "$scratch/diff"
		fi
	fi
done

# The README's usage, under tess-vmm.
u=$scratch/usage
mkdir -p "$u/data"
sqlite3 "$u/data/app.db" 'CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3);'
if usable kvm "SQL on the command line"; then
	s=$(run_status "$out" guest kvm "$u" /data/app.db "select count(*) from t;")
	status_is "SQL on the command line (-- /data/app.db \"select count(*) from t;\")" 0 "$s" "$out" '^3$'
fi
if usable kvm "dot-commands on stdin"; then
	s=$(echo .tables | run_status "$out" guest kvm "$u" /data/app.db)
	status_is "dot-commands on stdin (echo .tables | ...)" 0 "$s" "$out" '^t$'
fi
if usable kvm ".read FILE"; then
	printf 'INSERT INTO t VALUES (4);\nSELECT sum(x) FROM t;\n' >"$u/data/more.sql"
	s=$(run_status "$out" guest kvm "$u" /data/app.db ".read /data/more.sql")
	status_is ".read FILE from the shared folder" 0 "$s" "$out" '^10$'
fi
if usable kvm "what the guest wrote is on the host when it ends"; then
	s=$(run_status "$out" sqlite3 "$u/data/app.db" 'SELECT count(*) FROM t;')
	status_is "what the guest wrote is on the host when it ends" 0 "$s" "$out" '^4$'
fi
if usable kvm "an in-memory database"; then
	s=$(echo "CREATE TABLE m(v); INSERT INTO m VALUES ('in memory'); SELECT v FROM m;" |
		run_status "$out" guest kvm "$u")
	status_is "an in-memory database (no file name)" 0 "$s" "$out" '^in memory$'
fi
if usable kvm "a database on the initrd"; then
	mkdir -p "$u/initrd/db"
	sqlite3 "$u/initrd/db/ro.db" "CREATE TABLE r(v); INSERT INTO r VALUES ('from the initrd');"
	s=$(run_status "$out" timeout 120 "$tess" run "$image_kvm" --mem 64M --initrd "$u/initrd" \
		-- -- -readonly /db/ro.db 'SELECT v FROM r; PRAGMA integrity_check;')
	status_is "a database on the initrd (tess run --initrd DIR, -readonly)" 0 "$s" "$out" \
		'^from the initrd$' '^ok$'
fi
if usable linuxu "linuxu: SQL on the command line"; then
	s=$(run_status "$out" guest linuxu "$u" /data/app.db "select count(*) from t;")
	status_is "linuxu: SQL on the command line" 0 "$s" "$out" '^4$'
fi

# crash PLAT MODE: a stream of transactions (each followed by a line the
# shell prints once COMMIT returned) killed after 150 reported commits;
# the host then finds the database intact with every reported row.
crash() {
	local plat=$1 mode=$2 name="crash safety ($1, journal_mode=$2): killed mid-stream"
	usable "$plat" "$name" || return
	local dir=$scratch/crash-$plat-$mode inst=sqlite-crash-$$-$plat i n
	mkdir -p "$dir/data"
	{
		echo "PRAGMA journal_mode=$mode;"
		echo "CREATE TABLE t(i INTEGER PRIMARY KEY, pad TEXT);"
		for i in $(seq 1 20000); do
			echo "BEGIN; INSERT INTO t VALUES ($i, hex(randomblob(64))); COMMIT; SELECT 'committed $i';"
		done
	} >"$dir/stream.sql"
	# In a subshell, so that the kill is not reported by bash as a job's.
	(timeout 300 "$tess" run "${image[$plat]}" --name "$inst" --mem 64M \
		-v "$dir/data:/data" -- -- data/c.db <"$dir/stream.sql" >"$dir/out" 2>"$dir/err"
		echo $? >"$dir/status") 2>/dev/null &
	local runner=$!
	for i in $(seq 1 600); do
		n=$(grep -c '^committed' "$dir/out")
		[ "$n" -ge 150 ] && break
		kill -0 "$runner" 2>/dev/null || break
		sleep 0.1
	done
	"$tess" stop --timeout 0 "$inst" >"$dir/stop" 2>&1
	{ wait "$runner"; } 2>/dev/null
	local reported last
	reported=$(grep -c '^committed' "$dir/out")
	last=$(grep '^committed' "$dir/out" | tail -n 1 | cut -d' ' -f2)
	sqlite3 "$dir/data/c.db" 'PRAGMA integrity_check;' \
		"SELECT count(*) FROM t WHERE i <= ${last:-0};" 'SELECT count(*) FROM t;' >"$out" 2>&1
	{
		echo "reported: $reported, last: $last"
		cat "$dir/stop" "$dir/err"
	} >>"$out"
	if [ "$reported" -lt 150 ] || [ "$reported" -ge 20000 ]; then
		not_ok "$name: the kill did not come mid-stream ($reported commits reported)" "$out"
	elif [ "$(sed -n 1p "$out")" = ok ] && [ "$(sed -n 2p "$out")" = "$last" ]; then
		ok "$name after $reported commits: integrity_check ok, all $last reported rows present ($(sed -n 3p "$out") in all)"
	else
		not_ok "$name" "$out"
	fi
}
crash kvm delete
crash kvm wal
crash linuxu delete
