#!/bin/sh
# virt exec's relay and the cappsule's init against each other through the
# fake shim (fake_shim.c). Needs root (namespaces, mounts). Usage: B=build
# test/exec_fake/run.sh
set -u
B=${B:-build}
F=$(cd "$(dirname "$B/exec_fake/exec_fake")" && pwd)/exec_fake
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0

check() {	# NAME EXPECTED-STATUS ACTUAL-STATUS [CONDITION-STATUS]
	if [ "$2" = "$3" ] && [ "${4:-0}" = 0 ]; then
		echo "exec_fake $1: ok"
	else
		echo "exec_fake $1: FAILED (status $3, expected $2)" >&2
		fails=$((fails + 1))
	fi
}

head -c 1048576 /dev/urandom > "$T/in"
timeout 60 "$F" cat < "$T/in" > "$T/out"; st=$?
cmp -s "$T/in" "$T/out"; check "1MiB-through-cat" 0 $st $?

head -c 20000000 /dev/urandom > "$T/big"
timeout 60 "$F" sh -c 'cat; echo done >&2' < "$T/big" 2> "$T/err" | cmp -s - "$T/big"
cmp_st=$?; grep -qx done "$T/err"; check "20MB-both-ways" 0 $cmp_st $?

timeout 10 "$F" sh -c 'echo out; echo err >&2; exit 7' > "$T/o" 2> "$T/e"; st=$?
[ "$(cat "$T/o")" = out ] && [ "$(cat "$T/e")" = err ]; check "streams-and-status" 7 $st $?

timeout 10 "$F" sh -c 'kill -TERM $$'; check "killed-by-signal" 143 $?
timeout 10 "$F" no-such-command-here 2> "$T/e"; st=$?
grep -qx 'virt: no-such-command-here: No such file or directory' "$T/e"; check "not-found" 127 $st $?
timeout 10 "$F" /etc/passwd 2> /dev/null; check "not-executable" 126 $?
timeout 10 "$F" true < "$T/big"; check "unread-stdin" 0 $?

# ps -e: its header, the reaper (pid 1), sh, ps, wc
out=$(cd / && timeout 10 "$F" sh -c 'hostname; echo $$; pwd; ps -e | wc -l')
[ "$(echo $out)" = "cappsule-1 2 / 5" ]; check "hostname-pid-cwd-proc" 0 $? 
out=$(FAKE_UID=65534 FAKE_GID=65534 timeout 10 "$F" sh -c 'id -u; id -g; id -G')
[ "$(echo $out)" = "65534 65534 65534" ]; check "caller-ids" 0 $?

timeout 10 "$F" sleep 5 & pid=$!
sleep 1; kill -INT $pid; wait $pid; check "sigint-forwarded" 130 $?

out=$(echo hello | timeout 10 "$F" -t sh -c 'test -t 0 && echo TTY; stty size; read x; echo got $x' | tr -d '\r')
[ "$(echo $out)" = "hello TTY 24 80 got hello" ]; check "pty" 0 $?

[ $fails = 0 ] || { echo "exec_fake: $fails FAILED" >&2; exit 1; }
echo "exec_fake: all passed"
