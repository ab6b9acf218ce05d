#!/usr/bin/env bash
# The demo: boots the Bochs machine (VMX + EPT) with the demo scenario and
# shows its serial console live: the loader's VMX report, the monitor
# starting, Linux booting as its guest, and what user space sees.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
vm=${VM_OUT:-$B/vm}
mkdir -p "$vm"

kdir=$(test/vm/build-kernel.sh)
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/hostshim/hostshim.ko" >/dev/null
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/ring0_attack/ring0_attack.ko" >/dev/null
test/vm/mkinitramfs.sh "$vm/initrd.img" "$B" "$B/testkernel/hostshim/hostshim.ko" "$B/testkernel/ring0_attack/ring0_attack.ko"
bochs=$(test/vm/build-bochs.sh)
# Two CPUs, as in the tests (run-all.sh): bochs-acpi.efi gives Linux the
# ACPI tables that show it the second CPU, then starts the loader.
make -s B="$B" "$B/bochs-acpi.efi"
printf 'next=\\EFI\\cappsule\\cappsule.efi\n' > "$vm/demo-acpi.conf"
printf 'next_stage = \\EFI\\cappsule\\vmlinuz.efi\ncmdline = %s\nmonitor = on\n' \
	"initrd=\\EFI\\cappsule\\initrd.img console=ttyS0 panic=-1 nokaslr quiet tsc_early_khz=50000 cappsule.scenario=demo" \
	> "$vm/demo.conf"
test/vm/mkesp.sh "$vm/demo-esp.img" /EFI/BOOT/BOOTX64.EFI="$B/bochs-acpi.efi" \
	/EFI/test/acpi.conf="$vm/demo-acpi.conf" /EFI/cappsule/cappsule.efi="$B/cappsule.efi" \
	/EFI/cappsule/vmlinuz.efi="$kdir/bzImage" /EFI/cappsule/initrd.img="$vm/initrd.img" \
	/EFI/cappsule/cappsule.conf="$vm/demo.conf"

echo "Booting Bochs + OVMF with two CPUs (a few minutes); the serial console follows."
mkdir -p "$vm/demo" && : > "$vm/demo/serial.log"
VM_OUT=$vm BOCHS_BIN="$bochs" BOCHS_CPUS=2 test/vm/run.sh bochs demo "$vm/demo-esp.img" 900 \
	'monitor running on 2 CPU' > "$vm/demo.out" 2>&1 &
runpid=$!
# Ctrl-C: the run (a background job, which ignores SIGINT) stops Bochs on TERM.
trap 'kill $runpid 2>/dev/null; wait $runpid || true; exit 130' INT TERM
# Show the console as it comes, minus the firmware's screen-control codes;
# tail stops by itself when the run ends.
tail -F --pid=$runpid -n +1 "$vm/demo/serial.log" 2>/dev/null | tr -d '\r' |
	sed -u 's/\x1b\[[0-9;]*[A-Za-z]//g' | grep -av --line-buffered '^\s*$' || true
status=0
wait $runpid || status=$?
echo
tail -1 "$vm/demo.out"
[ $status -eq 0 ] && echo "demo: done" || echo "demo: FAILED"
exit $status
