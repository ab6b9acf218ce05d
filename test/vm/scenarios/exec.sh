# virt exec (sourced by monitor.sh, shim loaded with test_hypercalls=1):
# programs in cappsules forked from this kernel. `virt snapshot` takes the
# snapshot whose init (that very process) resumes in every cappsule.

# A clock for the figures below (busybox date has no %N).
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# The ring-0 attack test module (test/vm/module/ring0_attack.c), loaded
# before the snapshot: nothing can load a module inside a cappsule, whose
# kernel is this one as it was then. On the host it refuses to attack.
check ring0-attack-loads insmod /lib/modules/ring0_attack.ko
check_output ring0-attack-lists-cases '^beyond-ram 0x[0-9a-f]+$' cat /dev/ring0_attack
check_output ring0-attack-refused-on-host 'not supported' sh -c 'echo io > /dev/ring0_attack'
check exec-snapshot virt snapshot
t0=$(now_ms)
check_output exec-echo '^hello$' virt exec /bin/echo hello
pass exec-echo-time "$(( $(now_ms) - t0 )) ms in the emulator"
# What one launch costs: virt exec --stats prints it at the end.
out=$(virt exec --stats /bin/true 2>&1); rc=$?
sleep 1  # the monitor's own log lines go to the same UART: let them pass
echo "$out" | sed 's/^/  true: /'
case "$rc:$out" in
0:*"VM exits: "[1-9]*) pass exec-true-stats "$(echo "$out" | head -1 | sed 's/^virt: //')" ;;
*) fail exec-true-stats "exit $rc: $(echo "$out" | head -1)" ;;
esac
check_output exec-one-cpu '^1$' sh -c 'virt exec cat /proc/cpuinfo | grep -c "^processor"'
check_output exec-hostname '^cappsule-[0-9]+$' virt exec hostname
# Its own processes only: a fresh PID namespace with its own /proc.
procs=$(virt exec sh -c 'ls /proc | grep -c "^[0-9]"')
if [ -n "$procs" ] && [ "$procs" -le 4 ]; then
	pass exec-own-processes "$procs processes visible"
else
	fail exec-own-processes "saw ${procs:-nothing} processes"
fi

# pid 1 inside is the reaper, a fork of `virt snapshot`, which ps showed
# as such until it named itself.
out=$(virt exec ps 2>&1)
if echo "$out" | grep -qE '^ *1 .*cappsule-reaper *$' && ! echo "$out" | grep -q snapshot; then
	pass exec-ps-reaper-name "$(echo "$out" | grep -E '^ *1 ' | sed 's/  */ /g')"
else
	fail exec-ps-reaper-name "$(echo "$out" | tr '\n' ' ' | cut -c1-160)"
fi

# Exit statuses.
virt exec sh -c 'exit 7'; rc=$?
[ $rc -eq 7 ] && pass exec-exit-status "7" || fail exec-exit-status "got $rc, want 7"
virt exec sh -c 'kill -9 $$'; rc=$?
[ $rc -eq 137 ] && pass exec-killed-by-signal "137" || fail exec-killed-by-signal "got $rc, want 137"
virt exec /no/such/program 2>/tmp/exec-err; rc=$?
[ $rc -eq 127 ] && pass exec-not-found "127: $(head -1 /tmp/exec-err)" ||
	fail exec-not-found "got $rc, want 127: $(head -1 /tmp/exec-err)"
check_output exec-stderr '^to-stderr$' sh -c "virt exec sh -c 'echo to-stderr >&2' 2>&1 >/dev/null"

# A terminal: -t gives the command a pty of the requested size.
check_output exec-tty '^/dev/pts/[0-9]+' virt exec -t tty
check_output exec-tty-size '^24 80' sh -c 'virt exec -t stty size'
# SIGINT sent to virt reaches the command (pipe mode): 128 + 2.
virt exec sleep 30 > /dev/null 2>&1 &
sleeper=$!
sleep 2
kill -INT $sleeper
wait $sleeper; rc=$?
[ $rc -eq 130 ] && pass exec-sigint-forwarded "130" || fail exec-sigint-forwarded "got $rc, want 130"
# Signals and sizes travel out of band: a command that never reads its
# stdin while `yes` floods it (the ring and init's queue fill up) gets
# them at once. Up to ioctl ABI 3 they queued behind that stdin: virt hung
# in the ioctl until the command ended on its own (sleep: 0 after 60 s).
t0=$(now_ms)
yes | virt exec sleep 60 > /dev/null 2>&1 &
flooded=$!
sleep 4
kill -INT $flooded
wait $flooded; rc=$?
ms=$(( $(now_ms) - t0 ))
if [ $rc -eq 130 ] && [ $ms -lt 20000 ]; then
	pass exec-sigint-stdin-unread "130 after $ms ms, stdin flooded and never read"
else
	fail exec-sigint-stdin-unread "got $rc after $ms ms, want 130 at once"
fi
running=$(virt ps | awk '$4 == "running"' | wc -l)
[ "$running" -eq 0 ] && pass exec-after-flood-none-left "no cappsule left running" ||
	fail exec-after-flood-none-left "$running still running"
# The same for a size in tty mode: the command shrinks its pty, then waits
# for SIGWINCH; virt's SIGWINCH sends virt's size (24x80: no terminal
# here), which the pty gets back while stdin is flooded.
yes | virt exec -t sh -c 'stty rows 10 cols 10; trap "stty size; exit 0" WINCH; echo ready
	i=0; while [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done; exit 3' > /tmp/winch 2>&1 &
resized=$!
i=0
while [ $i -lt 30 ] && ! grep -q ready /tmp/winch; do sleep 1; i=$((i + 1)); done
sleep 3
kill -WINCH $resized
wait $resized; rc=$?
if [ $rc -eq 0 ] && tr -d '\r' < /tmp/winch | grep -q '24 80'; then
	pass exec-winsize-stdin-unread "the pty went back to 24x80 under a flood"
else
	fail exec-winsize-stdin-unread "exit $rc: $(tr -d '\r' < /tmp/winch | grep -v '^y*$' | tr '\n' ' ' | cut -c1-160)"
fi

# Another user: the command runs with the caller's ids (the shim reads
# them; the request cannot name them), and may not kill root's cappsule.
mkdir -p /etc
grep -q '^tester:' /etc/passwd 2>/dev/null || echo 'tester:x:1000:1000::/tmp:/bin/sh' >> /etc/passwd
grep -q '^tester:' /etc/group 2>/dev/null || echo 'tester:x:1000:' >> /etc/group
chmod 0666 /dev/cappsule
as_user() { su -s /bin/sh tester -c "$*"; }
check_output exec-as-user '^uid=1000.* gid=1000' as_user virt exec id
virt exec sleep 8 > /dev/null 2>&1 &
rootjob=$!
sleep 2
id=$(virt ps | awk '$4 == "running" { print $1; exit }')
check_output exec-user-cannot-kill-root 'not yours|not permitted' as_user virt kill "$id"
check exec-root-can-kill virt kill "$id"
wait $rootjob
chmod 0660 /dev/cappsule

# stdin: 1 MiB through `cat`, byte for byte.
head -c 1048576 /dev/urandom > /tmp/in1m
t0=$(now_ms)
virt exec cat < /tmp/in1m > /tmp/out1m; rc=$?
ms=$(( $(now_ms) - t0 ))
if [ $rc -eq 0 ] && cmp -s /tmp/in1m /tmp/out1m; then
	pass exec-stdin-1mib "identical, $ms ms"
else
	fail exec-stdin-1mib "exit $rc, $(wc -c < /tmp/out1m) bytes back"
fi

# Two at once; ps and info see the running one.
virt exec sh -c 'sleep 3; echo first-done' > /tmp/first &
first=$!
sleep 1
check_output exec-ps-lists '^ *[0-9]+ +[a-z0-9]+ +[0-9]+ +running .*sleep 3' virt ps
id=$(virt ps | awk '$4 == "running" { print $1; exit }')
virt ps | sed 's/^/  ps: /'
check_output exec-info 'pages' virt info "$id"
check_output exec-second-while-first '^second$' virt exec echo second
wait $first
check_output exec-first-finished '^first-done$' cat /tmp/first

# On different CPUs: each cappsule's vCPU thread is bound to the next CPU
# the monitor runs on, so with two CPUs two live cappsules use both.
if [ "$(grep -c '^processor' /proc/cpuinfo)" -ge 2 ]; then
	virt exec sh -c 'sleep 4; echo a-done' > /tmp/cpu-a &
	a=$!
	virt exec sh -c 'sleep 4; echo b-done' > /tmp/cpu-b &
	b=$!
	sleep 2
	cpus=$(virt ps | awk '$4 == "running" { print $3 }' | sort -u | tr '\n' ' ')
	wait $a $b
	if [ "$(echo $cpus | wc -w)" -ge 2 ] && [ "$(cat /tmp/cpu-a /tmp/cpu-b)" = "a-done
b-done" ]; then
		pass exec-on-two-cpus "two cappsules at once on CPUs $cpus"
	else
		fail exec-on-two-cpus "running on CPUs '$cpus'; output: $(cat /tmp/cpu-a /tmp/cpu-b | tr '\n' ' ')"
	fi
fi

# virt kill ends a running one.
virt exec sleep 60 > /dev/null 2>&1 &
victim=$!
sleep 2
id=$(virt ps | awk '$4 == "running" { print $1; exit }')
check exec-kill virt kill "$id"
wait $victim; rc=$?
[ $rc -ne 0 ] && pass exec-killed-ends "exit $rc" || fail exec-killed-ends "exit 0 after kill"
check_fails exec-kill-unknown virt kill 7

# Attacks from ring 0 inside a cappsule: a root shell there writes each
# case to the test module, which does it in the cappsule's kernel. Each
# must end its own cappsule, for that very reason and at an instruction of
# the module (not in some other crash on the way: the monitor logs the
# RIP), while another cappsule keeps running and the host's memory stays
# as it was.
head -c 1048576 /dev/urandom > /tmp/region
before=$(sha256sum < /tmp/region)
# The bystander answers on its stdin once every attack is over.
mkfifo /tmp/bystander-in
virt exec sh -c 'read word; echo "bystander-alive $word"' < /tmp/bystander-in > /tmp/bystander 2>&1 &
bystander=$!
exec 7> /tmp/bystander-in
mod_base=$(awk '$1 == "ring0_attack" { print $6 }' /proc/modules)
mod_size=$(awk '$1 == "ring0_attack" { print $2 }' /proc/modules)
# in_module RIP: the module's code lies in [mod_base, mod_base + mod_size).
in_module() { [ -n "$1" ] && [ $(( $1 >= mod_base && $1 < mod_base + mod_size )) -eq 1 ]; }
# attack LABEL 'WRITE' 'END' [virt exec option...]: the cappsule must end
# with the end text END (tools/exec_proto.c) after writing WRITE.
attack() {
	label=$1 what=$2 want=$3; shift 3
	out=$(virt exec "$@" sh -c "dd if=/dev/zero of=/tmp/region bs=4096 count=16 conv=notrunc 2>/dev/null
		echo $what > /dev/ring0_attack; echo '$what: still alive'" 2>&1)
	rc=$?
	case "$rc:$out" in
	125:*"ended: $want"*) ;;
	*) fail "exec-attack-$label" "exit $rc: $(echo "$out" | tr '\n' ' ' | cut -c1-160)"; return ;;
	esac
	id=$(echo "$out" | sed -n 's/^virt: cappsule \([0-9]*\) ended: .*/\1/p')
	rip=$(virt log | sed -n "s/.*cappsule $id ended: .*, rip \(0x[0-9a-f]*\).*/\1/p" | tail -1)
	if in_module "$rip"; then
		pass "exec-attack-$label" "$(echo "$out" | tail -1), at $rip in ring0_attack"
	else
		fail "exec-attack-$label" "$(echo "$out" | tail -1), at ${rip:-no RIP logged}: outside ring0_attack ($mod_base, $mod_size bytes)"
	fi
}
view='access to memory outside its view (address'
attack io io 'I/O port access (port 0x80)'
attack mmio mmio "$view 0xfee00030)"
attack init-ipi init-ipi "$view 0xfee00300)"
attack sipi sipi "$view 0xfee00300)"
attack msr msr 'MSR access (MSR 0xc0000082)'
attack vmx vmx 'VMX instruction (exit reason 23)'
attack triple-fault triple-fault 'triple fault (its kernel crashed)'
attack hlt hlt 'forbidden operation (exit reason 12, HLT)'
attack bad-hypercall bad-hypercall 'malformed hypercall (RAX 0x77)'
attack host-hypercall host-hypercall 'malformed hypercall (RAX 0x9)'
attack bad-vectors bad-vectors 'malformed hypercall (RAX 0x1003)'
# 32 MiB dirtied against a 12 MiB limit (the shell's own pages fit in it).
attack limit limit 'over its memory limit (address 0x' -m 12
# Physical memory outside its view: past the end of RAM, the monitor's own
# memory (the loader's record), and the pool lent to the monitor, where
# cappsules' pages live (the shim's log).
beyond=$(sed -n 's/^beyond-ram //p' /dev/ring0_attack)
attack beyond-ram beyond-ram "$view $beyond)"
mon=$(virt status | sed -n 's/^loader record: .* at \(0x[0-9a-f]*\),.*/\1/p')
if [ -n "$mon" ]; then
	mon=$(printf '%#x' "$mon")
	attack monitor-memory "phys $mon" "$view $mon)"
else
	fail exec-attack-monitor-memory "no monitor address in the loader's record"
fi
pool=$(dmesg | sed -n "s/.*monitor's pool .*first at \(0x[0-9a-f]*\)).*/\1/p" | tail -1)
if [ -n "$pool" ]; then
	attack pool-memory "phys $pool" "$view $pool)"
else
	fail exec-attack-pool-memory "no pool address in the shim's log"
fi
# Memory: past its limit (-m MiB of private pages) the cappsule ends, also
# when user space fills it.
out=$(virt exec -m 4 sh -c 'head -c 8000000 /dev/zero > /tmp/big' 2>&1); rc=$?
case "$rc:$out" in
125:*"ended: over its memory limit"*) pass exec-memory-limit "$(echo "$out" | tail -1)" ;;
*) fail exec-memory-limit "exit $rc: $(echo "$out" | tr '\n' ' ' | cut -c1-160)" ;;
esac
# No reader left (the bystander died) must not kill this shell: EPIPE only.
(trap '' PIPE; echo after-attacks >&7) 2>/dev/null
exec 7>&-
wait $bystander
check_output exec-bystander-survives '^bystander-alive after-attacks$' cat /tmp/bystander
after=$(sha256sum < /tmp/region)
[ "$before" = "$after" ] && pass exec-host-memory-unchanged "sha256 of a 1 MiB host tmpfs file" ||
	fail exec-host-memory-unchanged "the host's file changed"
check_output exec-host-after-attacks '^cpu 0: hypervisor "CappsuleVMX!"' cpuid_each_cpu

. /scenarios/exec_fs.sh

# Launches long after the snapshot: its kernel slept all that time (the RCU
# stall detector would report a 21 s stall and end the cappsule).
sleep 25
check_output exec-long-after-snapshot '^late$' virt exec echo late

# 50 launches leave the pool as before: every page back once the snapshot
# goes (its preserved copies are the only pages left in use).
t0=$(now_ms)
i=0; bad=0
while [ $i -lt 50 ]; do virt exec /bin/true || bad=$((bad + 1)); i=$((i + 1)); done
ms=$(( $(now_ms) - t0 ))
[ $bad -eq 0 ] && pass exec-50-launches "$ms ms for 50" || fail exec-50-launches "$bad failed"
check exec-snapshot-drop virt snapshot --drop
check_output exec-pool-as-before 'pool: 16384 pages \(64 MiB\) lent by the host, 0 in use' virt status
check_fails exec-without-snapshot virt exec /bin/true
check ring0-attack-unloads rmmod ring0_attack
