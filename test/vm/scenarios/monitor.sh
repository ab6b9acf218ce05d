# Scenario for a machine with VMX and EPT (Bochs): the firmware and Linux
# run as the monitor's guest. Proves it from user space, attacks the
# monitor's memory, and measures exits (the monitor logs its counters when
# the shim loads, and again when it unloads after 10 idle seconds).

record=$(virt status 2>&1 | sed -n 's/^loader record: //p')
check_output loader-recorded-running '^running: monitor 0\.1\.0 on [0-9]+ CPU' echo "$record"
check virt-status-exit virt status
check_output virt-status-present 'Cappsule monitor: present' virt status
check_output cpuid-every-cpu '^cpu 0: hypervisor "CappsuleVMX!" vmx-bit 0' cpuid_each_cpu
check cpuid-signature-on-all-cpus cpuid_each_cpu
check_output vmx-instruction-faults '^vmread: SIGILL$' vmx_insn_faults
check_output virt-status-shim-hint "host shim is not loaded: run 'modprobe hostshim'" virt status
check_fails virt-log-needs-shim virt log
check shim-loads insmod /lib/modules/hostshim.ko
check_output shim-hypercall 'cappsule: monitor answered: ABI 0\.2' dmesg
check shim-device test -c /dev/cappsule
check_output device-mode '^crw-rw----' ls -l /dev/cappsule

# The monitor's own figures, through /dev/cappsule.
check_output virt-status-monitor 'monitor 0\.1\.0, ABI 0\.2, on [1-9][0-9]* CPU\(s\)' virt status
check_output virt-status-memory 'memory: [0-9]+ KiB reserved at 0x[0-9a-f]+ \(image [0-9]+ KiB\), EPT pool [1-9][0-9]* of 512 pages' virt status
check_output virt-status-ram 'host RAM open to hypercalls: [1-9][0-9]* MiB' virt status
check_output virt-status-exits 'VM exits on cpu0: [1-9][0-9]*' virt status
check_output virt-status-cpuid-exits '^    CPUID +[1-9][0-9]*$' virt status
check_output virt-status-json '"cpus_started":[1-9][0-9]*,.*"exits":\[\{"cpu":0,"total":[1-9]' virt status --json
check_output virt-log '\[cappsule cpu0\] info: monitor 0\.1\.0: image at 0x' virt log

# The pool: the shim lends 16 MiB in 2 MiB chunks at load; they leave the
# host's EPT (a host read lands in the decoy page and is logged) and come
# back at unload.
check_output pool-lent "cappsule: lent 64 MiB to the monitor's pool" dmesg
check_output virt-status-pool 'pool: 16384 pages \(64 MiB\) lent by the host, 0 in use' virt status
chunk=$(dmesg | sed -n 's/.*monitor.s pool .*first at \(0x[0-9a-f]*\)).*/\1/p' | tail -1)
if [ -n "$chunk" ]; then
	dd if=/dev/mem bs=4096 skip=$((chunk / 4096 + 3)) count=1 of=/tmp/poolpage 2>/dev/null
	check_output pool-page-reads-zeros '^0000000 000000 000000' od -A d -t o2 /tmp/poolpage
	check_output pool-read-trapped 'host read lent pool memory at' virt log
else
	fail pool-chunk-address "no chunk address in the shim's log"
fi
virt status | sed 's/^/  status: /'

# The snapshot: all host RAM write-protected in the host's EPT; the first
# host write to a page costs one exit and one copy into the pool. The host
# keeps working; dropping it gives every pool page back.
check snapshot-take virt snapshot
check_output snapshot-in-status 'snapshot: taken; [0-9]+ page\(s\) preserved' virt status
check host-works-under-snapshot sh -c 'for i in 1 2 3; do ls -lR / >/dev/null 2>&1; done; mkdir -p /tmp/s && echo data > /tmp/s/f && cat /tmp/s/f'
check_output snapshot-preserved 'snapshot: taken; [1-9][0-9]* page\(s\) preserved' virt status
virt status | grep -E 'snapshot|pool' | sed 's/^/  under snapshot: /'
check snapshot-refresh virt snapshot --refresh
check snapshot-drop virt snapshot --drop
check_output snapshot-gone 'snapshot: none' virt status
check_output pool-free-after-drop 'pool: 16384 pages \(64 MiB\) lent by the host, 0 in use' virt status
check_fails snapshot-option-conflict virt snapshot --drop --refresh
check snapshot-for-unload virt snapshot

# Malformed requests: the raw test ioctl is refused unless the shim was
# loaded with test_hypercalls=1; then every malformed hypercall gets its
# error and writes nothing, the shim refuses malformed ioctls, and the
# monitor keeps answering (test/vm/guest/hc_malformed.c).
check test-ioctl-refused-by-default hc_malformed --no-test
check shim-unloads-for-test rmmod hostshim
check shim-loads-with-test-ioctl insmod /lib/modules/hostshim.ko test_hypercalls=1
hc_out=$(hc_malformed "$chunk" 2>&1)
hc_rc=$?
echo "$hc_out" | sed 's/^/  hc_malformed: /'
if [ $hc_rc -eq 0 ]; then
	pass malformed-requests-refused "$(echo "$hc_out" | grep -c '^case .*: ok') cases; $(echo "$hc_out" | grep 'round trip')"
else
	fail malformed-requests-refused "exit $hc_rc: $(echo "$hc_out" | grep -v ': ok$' | tr '\n' ' ' | cut -c1-300)"
fi
check_output monitor-after-malformed '^cpu 0: hypervisor "CappsuleVMX!"' cpuid_each_cpu

# Cappsules: probe cappsules forked from this kernel (hostshim's built-in
# probe, test/vm/guest/cappsule_attacks.c). The well-behaved one exits with
# a value that proves its reads and its private write; each forbidden
# operation ends its own cappsule; 50 launches leave the pool as before.
ca_out=$(cappsule_attacks 2>&1)
ca_rc=$?
echo "$ca_out" | sed 's/^/  cappsule_attacks: /'
for case in exit-value host-copy-unchanged copy-on-write-used io-port-kills device-mmio-kills \
	    msr-write-kills vmx-instruction-kills triple-fault-kills hlt-kills memory-limit-kills \
	    bad-hypercall-kills two-at-once launches-leave-pool-as-before; do
	line=$(echo "$ca_out" | grep "^case $case: ")
	case "$line" in
	*": ok"*) pass "cappsule-$case" "$(echo "$line" | sed 's/^case [^:]*: ok//')" ;;
	*) fail "cappsule-$case" "${line:-missing; exit $ca_rc: $(echo "$ca_out" | tail -2 | tr '\n' ' ')}" ;;
	esac
done
check_output host-after-cappsules '^cpu 0: hypervisor "CappsuleVMX!"' cpuid_each_cpu
. /scenarios/exec.sh
check shim-unloads-after-test rmmod hostshim
check_output pool-returned 'cappsule: the monitor returned 32 pool chunk' dmesg
check_fails pool-nothing-held sh -c "dmesg | grep -q 'still held by the monitor'"
check shim-loads-again insmod /lib/modules/hostshim.ko

# The monitor's memory, from the loader's record: "... at 0xBASE, N KiB".
base=$(echo "$record" | sed -n 's/.* at 0x\([0-9a-f]*\),.*/\1/p')
if [ -n "$base" ]; then
	page=$((0x$base / 4096))
	dd if=/dev/mem bs=4096 skip=$page count=1 of=/tmp/monpage 2>/dev/null
	check_fails monitor-header-unreadable grep -q CAPPMNTR /tmp/monpage
	check_output monitor-read-gives-zeros '^0000000 000000 000000' od -A d -t o2 /tmp/monpage
	printf 'cappsule-attack!' | dd of=/dev/mem bs=4096 seek=$((page + 1)) conv=notrunc 2>/dev/null
	check_output monitor-survives-write '^cpu 0: hypervisor "CappsuleVMX!"' cpuid_each_cpu
else
	fail monitor-address "no address in the loader record: $record"
fi

# Idle exits: the shim logs the counters at load and unload. A load/unload
# pair with nothing between measures what the pair itself costs; a second
# pair around 10 s of waiting in a shell builtin (no exec: each new process
# costs CPUID exits in libc start-up) measures the idle host on top of that.
check shim-unloads rmmod hostshim
check shim-reloads insmod /lib/modules/hostshim.ko
check shim-unloads-again rmmod hostshim
insmod /lib/modules/hostshim.ko
mkfifo /tmp/idle
read -t 10 nothing <> /tmp/idle
check shim-unloads-after-idle rmmod hostshim
