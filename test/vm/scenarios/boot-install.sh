# cappsule-boot install -> reboot -> remove, for real, in one QEMU run with
# one OVMF variable store (test/vm/boot-install-test.sh). The guest reboots
# between phases; the phase and the results so far live on the ESP, the
# only thing that survives a reboot besides the UEFI variables.
#   1 (UEFI shell -> kernel)  create a "Test OS" entry for this kernel, as a
#                             distribution installer would; reboot
#   2 (Test OS)               failure cases leave everything as it was;
#                             cappsule-boot install; reboot
#   3 (Cappsule -> kernel)    cappsule.efi ran (its record: no VMX under
#                             TCG) and chain-loaded us; cappsule-boot remove
#                             restores BootOrder; reboot
#   4 (Test OS)               cappsule.efi no longer runs; report
G=8be4df61-93ca-11d2-aa0d-00e098032b8c
V=/sys/firmware/efi/efivars
mkdir -p /boot/efi
mount -t vfat /dev/sda1 /boot/efi
phase=$(cat /boot/efi/phase 2>/dev/null || echo 1)
check "esp-mounted-phase$phase" grep -q ' /boot/efi vfat ' /proc/mounts
echo "boot-install: phase $phase"
cat /boot/efi/results 2>/dev/null >> "$RESULTS"

# Byte-exact picture of the boot configuration and of the ESP.
snap() {
	( cd $V && md5sum Boot[0-9A-F][0-9A-F][0-9A-F][0-9A-F]-$G BootOrder-$G 2>&1
	  cd /boot/efi && find . | sort && find . -type f | sort | xargs md5sum ) | grep -v ' ./results$\| ./phase$'
}
order_hex() { od -An -v -tx1 $V/BootOrder-$G | tr -d ' \n'; }
current() { efibootmgr | sed -n 's/^BootCurrent: //p'; }
same() { [ "$(snap)" = "$before" ]; }
next_phase() {
	cp "$RESULTS" /boot/efi/results
	echo "$1" > /boot/efi/phase
	sync; umount /boot/efi
	echo "boot-install: rebooting into phase $1"
	sleep 1
	reboot -f
	sleep 30
}
cb_rc() { "$@" > /tmp/cb.out 2>&1; echo $?; }

case $phase in
1)
	check efibootmgr-runs efibootmgr -v
	check cappsule-boot-present test -x /usr/sbin/cappsule-boot
	# The shell passed its own "fs0:\...efi" as the first word: not an option.
	check_output create-test-os-entry 'Test OS' efibootmgr -c -d /dev/sda -p 1 -L "Test OS" \
		-l '\EFI\linux\vmlinuz.efi' -u "$(sed 's/^fs0:[^ ]* //' /proc/cmdline)"
	next_phase 2 ;;
2)
	check_output booted-test-os-entry "Boot$(current)\\*? Test OS" efibootmgr
	before=$(snap)
	order_before=$(order_hex)

	umount /boot/efi
	check_output no-esp-mounted-refused '^3$' cb_rc cappsule-boot install
	check_output no-esp-mounted-says 'no EFI system partition mounted' cat /tmp/cb.out
	mount -t vfat /dev/sda1 /boot/efi
	check_output esp-not-a-mount-refused '^3$' cb_rc cappsule-boot install --esp /tmp
	check no-esp-unchanged same

	dd if=/dev/zero of=/boot/efi/filler bs=1M 2>/dev/null; sync
	check_output esp-full-refused '^3$' cb_rc cappsule-boot install
	check_output esp-full-says 'KiB free' cat /tmp/cb.out
	# Past the free-space check: the copy itself hits ENOSPC on vfat.
	check_output esp-full-midway-rolled-back '^1$' cb_rc env CAPPSULE_BOOT_NO_SPACE_CHECK=1 cappsule-boot install
	check_output esp-full-midway-says 'cannot (write|create)' cat /tmp/cb.out
	rm -f /boot/efi/filler; sync
	check esp-full-unchanged same

	# The real efibootmgr creates the entry, then "fails": rollback must
	# delete that entry and put BootOrder back, byte for byte.
	printf '#!/bin/sh\n/usr/bin/efibootmgr "$@"; rc=$?\ncase " $* " in *" -c "*) echo injected failure >&2; exit 1 ;; esac\nexit $rc\n' > /tmp/efibootmgr-late
	chmod +x /tmp/efibootmgr-late
	check_output efibootmgr-fails-late-rolled-back 'boot configuration unchanged' \
		env CAPPSULE_EFIBOOTMGR=/tmp/efibootmgr-late cappsule-boot install
	check efibootmgr-fails-late-unchanged same

	echo "$order_before" > /boot/efi/order-before
	check_output install 'boot entry Boot[0-9A-F]{4} "Cappsule"' cappsule-boot install
	check_output install-entry-first '^BootOrder: [0-9A-F]{4},' efibootmgr
	check_output install-entry-path 'Cappsule.*File\(\\EFI\\cappsule\\cappsule.efi\)' efibootmgr -v
	check_output install-conf 'next_stage = \\EFI\\linux\\vmlinuz.efi' cat /boot/efi/EFI/cappsule/cappsule.conf
	check_output install-status 'first in BootOrder' cappsule-boot status
	next_phase 3 ;;
3)
	entry=$(sed -n 's/^entry=//p' /boot/efi/EFI/cappsule/install.state)
	check_output booted-cappsule-entry "^$entry\$" current
	check_output cappsule-efi-ran 'loader record: not started: no VMX' virt status
	check_output status-says-why 'loader record: +not started: no VMX' cappsule-boot status
	check_output remove 'removed Boot' cappsule-boot remove
	check_output remove-restores-bootorder "^$(cat /boot/efi/order-before)\$" order_hex
	check_fails remove-entry-gone sh -c 'efibootmgr | grep -q Cappsule'
	check_fails remove-files-gone test -e /boot/efi/EFI/cappsule
	next_phase 4 ;;
4)
	check_output booted-test-os-again "Boot$(current)\\*? Test OS" efibootmgr
	check_fails cappsule-efi-did-not-run test -e $V/CappsuleStatus-9d8963a7-049b-45bb-be51-aa3ec26078a0
	check_output status-not-installed 'installed: +no' cappsule-boot status
	umount /boot/efi ;;
*)
	fail phase "unexpected phase '$phase'" ;;
esac
