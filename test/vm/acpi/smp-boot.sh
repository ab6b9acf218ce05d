#!/usr/bin/env bash
# Proves bochs-acpi.efi: Bochs + OVMF with two CPUs, ESP with bochs-acpi.efi
# as BOOTX64.EFI chaining straight to the test kernel, busybox /init that
# reports the CPUs Linux brought up. Passes iff Linux lists $CPUS processors.
#   usage: smp-boot.sh [OUT_DIR]          (default /tmp/bochs-acpi-smp)
#   env:   CPUS=2            Bochs `cpu: count=`
#          INSTALL=auto      install= option (auto|protocol|config)
#          ACPI_CPUS=        cpus= option (empty: let MP services count)
#          TIMEOUT=400       seconds of wall time before giving up
#          KERNEL_EXTRA=     more kernel command-line words
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=$(mkdir -p "${1:-/tmp/bochs-acpi-smp}" && cd "${1:-/tmp/bochs-acpi-smp}" && pwd)
cpus=${CPUS:-2} install=${INSTALL:-auto} acpi_cpus=${ACPI_CPUS:-} timeout=${TIMEOUT:-400}

make -s -C "$root" -f test/vm/acpi/bochs-acpi.mk B="$out/build" bochs-acpi
kdir=$("$root/test/vm/build-kernel.sh")

# Initramfs: busybox and the reporting /init.
rd=$(mktemp -d)
trap 'rm -rf "$rd"' EXIT
mkdir -p "$rd"/{bin,dev,proc,sys}
cp /bin/busybox "$rd/bin/busybox"
cp "$here/smp-init" "$rd/init"
(cd "$rd" && find . | cpio -o -H newc --quiet | gzip -9) > "$out/initrd.img"

# BOOTX64.EFI gets no load options from the boot manager: the config file
# says what to start and with which kernel command line.
{
	echo "# bochs-acpi.efi: chain straight to the test kernel"
	echo "next=\\EFI\\cappsule\\vmlinuz.efi"
	echo "install=$install"
	[ -z "$acpi_cpus" ] || echo "cpus=$acpi_cpus"
	echo "-- initrd=\\EFI\\cappsule\\initrd.img console=ttyS0"
	echo "   earlyprintk=serial,ttyS0 panic=-1 nokaslr ${KERNEL_EXTRA:-}"
} > "$out/acpi.conf"
"$root/test/vm/mkesp.sh" "$out/esp.img" \
	/EFI/BOOT/BOOTX64.EFI="$out/build/bochs-acpi.efi" \
	/EFI/test/acpi.conf="$out/acpi.conf" \
	/EFI/cappsule/vmlinuz.efi="$kdir/bzImage" \
	/EFI/cappsule/initrd.img="$out/initrd.img"

# The test machine of test/vm (TESTBED.md), with $cpus CPUs; written here so
# this check does not depend on the scenario harness's template.
log=$out/serial.log
cat > "$out/bochsrc" <<BXRC
megs: 512
cpu: count=$cpus, ips=50000000, model=corei7_skylake_x, reset_on_triple_fault=0, ignore_bad_msrs=1
romimage: file=/usr/share/ovmf/OVMF.fd, address=0xffe00000
vgaromimage: file=/usr/share/bochs/VGABIOS-lgpl-latest
pci: enabled=1, chipset=i440fx
display_library: rfb, options="timeout=0"
ata0-master: type=disk, mode=flat, path=$out/esp.img
boot: disk
com1: enabled=true, mode=file, dev=$log
log: $out/bochs.log
# Debian's bochs aborts at start unless sound output is off.
speaker: enabled=false
sound: driver=dummy
BXRC
echo c > "$out/bochs.cmds"
: > "$log"

t0=$(date +%s)
bochs -q -unlock -f "$out/bochsrc" -rc "$out/bochs.cmds" </dev/null >"$out/bochs.out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$rd"' EXIT
while kill -0 "$pid" 2>/dev/null && [ $(( $(date +%s) - t0 )) -lt "$timeout" ]; do
	grep -aq '^SMP-CHECK-END' "$log" && break
	sleep 2
done
t_end=$(( $(date +%s) - t0 ))
# The DSDT's \_S5 lets the guest's `poweroff -f` stop Bochs by itself
# (Bochs logs "ACPI control: soft power off"); kill it if that fails.
for _ in $(seq "${POWEROFF_WAIT:-30}"); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$pid" 2>/dev/null; then
	exited="no, killed"
	kill "$pid" 2>/dev/null || true
else
	exited="yes, after $(( $(date +%s) - t0 - t_end ))s"
fi
wait "$pid" 2>/dev/null || true

# Grep a cleaned copy: `grep -q` on a pipe would fail the pipe (pipefail).
tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' > "$out/serial.txt"
grep -a -E '^bochs-acpi:|Brought up|smpboot: Total|^SMP-CHECK (processors|online|pci-devices)=|^SMP-CHECK irq|reboot:' "$out/serial.txt" || true
echo "smp-boot: end marker after ${t_end}s; bochs exited by itself: $exited"
if grep -aqx "SMP-CHECK processors=$cpus" "$out/serial.txt" &&
   grep -aqE "Brought up 1 node, $cpus CPUs?\$" "$out/serial.txt"; then
	echo "smp-boot: PASS ($cpus CPUs, install=$install) log=$out/serial.txt"
else
	echo "smp-boot: FAIL log=$out/serial.txt"
	grep -av '^\s*$' "$out/serial.txt" | tail -30
	exit 1
fi
