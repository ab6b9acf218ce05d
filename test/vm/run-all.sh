#!/usr/bin/env bash
# Every emulator scenario, in as few boots as possible:
#   qemu-no-monitor  QEMU TCG + OVMF (no VMX). The default config on the ESP
#                    is broken: the loader must say why and return to the
#                    firmware, whose boot order reaches the UEFI shell, whose
#                    startup.nsh starts the loader again with config=good.conf;
#                    Linux then boots without a monitor, and the loader's
#                    record says "no VMX".
#   bochs-monitor    Bochs + OVMF (VMX, EPT), the same broken default config:
#                    the first loader run starts the monitor with the built-in
#                    defaults and returns to the firmware; the second (from
#                    startup.nsh) must see that the monitor runs, keep its
#                    record, and chain-load Linux as the monitor's guest; see
#                    scenarios/monitor.sh.
#                    Two CPUs: bochs-acpi.efi publishes ACPI tables and
#                    starts the loader, and the monitor must run on both.
#                    The Bochs is built from Debian's Bochs 3.0 source
#                    (build-bochs.sh): Debian 12's Bochs 2.7 cannot start a
#                    second CPU under a monitor (docs/monitor.md, "Other
#                    CPUs"). BOCHS_BIN=bochs-bin BOCHS_CPUS=1 runs the same
#                    boot on that Bochs with one CPU.
# The two boots run side by side (one per core). Exit status: 0 iff both pass.
# B: where `make` put its outputs (default build); VM_OUT: where images and
# run logs go (default $B/vm), so that two people can run at once.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
vm=${VM_OUT:-$B/vm}
mkdir -p "$vm"
t0=$(date +%s)
# Interrupted or killed: stop both runs; each stops its own emulator.
# (Background jobs of a script ignore SIGINT, so Ctrl-C alone would not.)
qpid= bpid=
trap 'kill $qpid $bpid 2>/dev/null; wait; exit 143' INT TERM

kdir=$(test/vm/build-kernel.sh)
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/hostshim/hostshim.ko" >/dev/null
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/ring0_attack/ring0_attack.ko" >/dev/null
test/vm/mkinitramfs.sh "$vm/initrd.img" "$B" "$B/testkernel/hostshim/hostshim.ko" "$B/testkernel/ring0_attack/ring0_attack.ko"

cmdline() {
	echo "initrd=\\EFI\\cappsule\\initrd.img console=ttyS0 earlyprintk=serial,ttyS0 panic=-1 nokaslr cappsule.scenario=$*"
}
conf() { printf 'next_stage = \\EFI\\cappsule\\vmlinuz.efi\ncmdline = %s\nmonitor = on\n' "$(cmdline "$@")"; }
conf no-monitor > "$vm/good.conf"
printf '# deliberately broken: an unknown key\nmonitor = on\nkernel = \\EFI\\cappsule\\vmlinuz.efi\n' > "$vm/broken.conf"
printf 'fs0:\\EFI\\BOOT\\BOOTX64.EFI config=\\EFI\\cappsule\\good.conf\r\n' > "$vm/startup.nsh"
conf monitor > "$vm/monitor.conf"

common=(/EFI/BOOT/BOOTX64.EFI="$B/cappsule.efi" /EFI/cappsule/vmlinuz.efi="$kdir/bzImage"
	/EFI/cappsule/initrd.img="$vm/initrd.img")
test/vm/mkesp.sh "$vm/qemu-esp.img" "${common[@]}" /EFI/cappsule/cappsule.conf="$vm/broken.conf" \
	/EFI/cappsule/good.conf="$vm/good.conf" /startup.nsh="$vm/startup.nsh"
bochs_esp=("${common[@]}" /EFI/cappsule/cappsule.conf="$vm/broken.conf"
	   /EFI/cappsule/good.conf="$vm/monitor.conf" /startup.nsh="$vm/startup.nsh")
bochs_cpus=${BOCHS_CPUS:-2}
case $bochs_cpus in 1|2) ;; *) echo "run-all: BOCHS_CPUS must be 1 or 2" >&2; exit 2 ;; esac
bochs_bin=${BOCHS_BIN:-$(test/vm/build-bochs.sh)}
bochs_env=(BOCHS_CPUS="$bochs_cpus" BOCHS_BIN="$bochs_bin") bochs_need=()
if [ "$bochs_cpus" = 2 ]; then
	# Two CPUs: bochs-acpi.efi first (OVMF under Bochs has no ACPI tables,
	# so Linux would see one CPU), then the loader from its own path; the
	# shell's second run must name the loader, not BOOTX64.EFI.
	make -s B="$B" "$B/bochs-acpi.efi"
	printf 'next=\\EFI\\cappsule\\cappsule.efi\n' > "$vm/acpi.conf"
	printf 'fs0:\\EFI\\cappsule\\cappsule.efi config=\\EFI\\cappsule\\good.conf\r\n' > "$vm/startup-smp.nsh"
	bochs_esp+=(/EFI/BOOT/BOOTX64.EFI="$B/bochs-acpi.efi" /EFI/test/acpi.conf="$vm/acpi.conf"
		    /EFI/cappsule/cappsule.efi="$B/cappsule.efi" /startup.nsh="$vm/startup-smp.nsh")
	# Linux takes the TSC rate from CPUID (3.5 GHz), but Bochs's TSC counts
	# its ticks (ips=50000000 in bochsrc.in). With one CPU, Bochs skips
	# halted time; with two it advances one tick per idle round, and the
	# scenario's 10 s idle would take hours of wall time. At the true rate
	# the guest's 10 s are 500 M ticks.
	conf monitor tsc_early_khz=50000 > "$vm/monitor.conf"
	bochs_need=('monitor running on 2 CPU\(s\)' 'Brought up 1 node, 2 CPUs')
fi
test/vm/mkesp.sh "$vm/bochs-esp.img" "${bochs_esp[@]}"

# This run is about the no-VMX path: TCG even where KVM could run it.
# Hard timeouts are several times the measured wall times (NOTES-harness.md).
export VM_OUT=$vm
QEMU_ACCEL=tcg test/vm/run.sh qemu qemu-no-monitor "$vm/qemu-esp.img" 300 \
	'Cappsule loader 0\.1\.0' 'config error: .*line 3: unknown key' \
	'VMX not available' 'starting next stage' > "$vm/qemu.out" 2>&1 &
qpid=$!
env "${bochs_env[@]}" test/vm/run.sh bochs bochs-monitor "$vm/bochs-esp.img" 900 \
	'Cappsule loader 0\.1\.0' 'cappsule: VMX: supported' 'EPT: yes' \
	'config error: .*line 3: unknown key' 'monitor running; this CPU continues as its guest' \
	'monitor is already running \(started earlier in this boot\)' 'starting next stage' \
	'host read monitor memory' 'host wrote monitor memory' 'exit stats: total' \
	${bochs_need[@]+"${bochs_need[@]}"} > "$vm/bochs.out" 2>&1 &
bpid=$!
rc=0
wait $qpid || rc=1
wait $bpid || rc=1
cat "$vm/qemu.out" "$vm/bochs.out"
stats=$(tr -d '\r' < "$vm/bochs-monitor/serial.log" | grep -ao '\[cappsule cpu[0-9]*\] info: exit stats: .*' || true)
echo "monitor exit counters (reason:count), logged at each shim load and unload:"
echo "$stats" | sed 's/^/  /'
# Each load or unload logs one line per CPU: add them up per event. The
# last four events: a load/unload pair with nothing between, then the same
# pair around 10 s idle (see scenarios/monitor.sh).
ncpu=$(echo "$stats" | sed -n 's/^\[cappsule cpu\([0-9]*\)\].*/\1/p' | sort -u | wc -l)
[ "$ncpu" -gt 0 ] || ncpu=1
totals=($(echo "$stats" | sed -n 's/.*total \([0-9]*\);.*/\1/p' |
	  awk -v n="$ncpu" '{ sum += $1 } NR % n == 0 { print sum; sum = 0 }'))
n=${#totals[@]}
if [ $n -ge 4 ]; then
	echo "  boot to first shim load: ${totals[0]} exits ($ncpu CPUs);" \
	     "10 s idle host: $(( (totals[n-1] - totals[n-2]) - (totals[n-3] - totals[n-4]) )) exits"
fi
echo "vm: total $(( $(date +%s) - t0 ))s"
exit $rc
