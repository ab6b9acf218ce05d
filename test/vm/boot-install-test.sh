#!/usr/bin/env bash
# cappsule-boot for real: QEMU (TCG) + OVMF boots a GPT disk whose ESP holds
# only a kernel, an initramfs and startup.nsh; inside the guest,
# scenarios/boot-install.sh creates an OS entry, runs cappsule-boot's failure
# cases, installs, and reboots (same QEMU, same OVMF variable store) through
# the new entry into cappsule.efi, which chain-loads the kernel; then
# removes and reboots once more. Four boots, one QEMU run.
# The initramfs is the harness's (mkinitramfs.sh) plus a second cpio
# appended to it (the kernel unpacks both): Debian's efibootmgr with its
# shared libraries, cappsule-boot in /usr/sbin and cappsule.efi in
# /usr/lib/cappsule, where the package puts them.
# B, VM_OUT: as for run-all.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
vm=${VM_OUT:-$B/vm}
mkdir -p "$vm"
t0=$(date +%s)
for f in "$B/cappsule.efi" "$B/virt-static" /usr/bin/efibootmgr; do
	[ -e "$f" ] || { echo "boot-install-test: $f missing (make all virt-static guest-tools; apt-get install efibootmgr)" >&2; exit 1; }
done

kdir=$(test/vm/build-kernel.sh)
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/hostshim/hostshim.ko" >/dev/null
make -s B="$B/testkernel" KDIR="$kdir/build" "$B/testkernel/ring0_attack/ring0_attack.ko" >/dev/null
test/vm/mkinitramfs.sh "$vm/install-base.img" "$B" "$B/testkernel/hostshim/hostshim.ko" "$B/testkernel/ring0_attack/ring0_attack.ko"

extra=$(mktemp -d)
trap 'rm -rf "$extra"' EXIT
install -D -m 0755 /usr/bin/efibootmgr "$extra/usr/bin/efibootmgr"
for lib in $(ldd /usr/bin/efibootmgr | grep -oE '/[^ ]+'); do
	install -D -m 0755 "$(realpath "$lib")" "$extra$lib"
done
install -D -m 0755 tools/cappsule-boot "$extra/usr/sbin/cappsule-boot"
install -D -m 0644 "$B/cappsule.efi" "$extra/usr/lib/cappsule/cappsule.efi"
(cd "$extra" && find . | cpio -o -H newc --quiet | gzip -9) > "$vm/install-extra.img"
cat "$vm/install-base.img" "$vm/install-extra.img" > "$vm/install-initrd.img"

cmdline="initrd=\\EFI\\linux\\initrd.img console=ttyS0 earlyprintk=serial,ttyS0 panic=-1 nokaslr cappsule.scenario=boot-install"
printf 'fs0:\\EFI\\linux\\vmlinuz.efi %s\r\n' "$cmdline" > "$vm/install-startup.nsh"
test/vm/mkesp.sh "$vm/install-esp.fat" /EFI/linux/vmlinuz.efi="$kdir/bzImage" \
	/EFI/linux/initrd.img="$vm/install-initrd.img" /startup.nsh="$vm/install-startup.nsh"
# GPT disk: the 64 MiB FAT at 1 MiB as partition 1, type ESP (efibootmgr
# needs a partition to name in a boot entry). Fixed GUIDs: same disk each run.
disk=$vm/install-disk.img
rm -f "$disk" && truncate -s 66M "$disk"
sfdisk -q "$disk" <<'PT'
label: gpt
label-id: 6A1C3E2B-0C55-4F7B-9D3E-1B2C3D4E5F60
start=2048, size=131072, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=0C1A55E5-2B3C-4D5E-8F90-A1B2C3D4E5F6, name="ESP"
PT
dd if="$vm/install-esp.fat" of="$disk" bs=1M seek=1 conv=notrunc status=none
echo "boot-install-test: images ready in $(( $(date +%s) - t0 )) s"

# Four boots under TCG, each 15-40 s here; the guest reboots itself.
VM_OUT=$vm QEMU_ACCEL=tcg QEMU_REBOOT=1 test/vm/run.sh qemu qemu-boot-install "$disk" 400 \
	'boot-install: rebooting into phase 2' 'boot-install: rebooting into phase 3' \
	'Cappsule loader 0\.1\.0' 'VMX not available' 'starting next stage' \
	'boot-install: rebooting into phase 4' 'boot-install: phase 4'
echo "boot-install-test: total $(( $(date +%s) - t0 )) s"
