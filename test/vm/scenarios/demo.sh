# The demo: what a user would look at, narrated. Results still count.
# The monitor writes its log lines to the UART at once while Linux's own
# output may still sit in its buffer: pause before steps that make it log.
say() { sleep 1; echo; echo "demo: $*"; sleep 1; }

say "\$ uname -sr; cat /proc/uptime   (Linux, booted by the loader as the monitor's guest)"
uname -sr; cat /proc/uptime
say "\$ virt status"
virt status
say "\$ cpuid_each_cpu   (the hypervisor leaf, pinned to each CPU)"
cpuid_each_cpu
say "\$ vmx_insn_faults   (a VMX instruction in the guest: the monitor injects #UD)"
vmx_insn_faults
say "\$ insmod hostshim.ko test_hypercalls=1   (the shim finds the monitor, lends it a page pool; the test switch allows probe cappsules below)"
insmod /lib/modules/hostshim.ko test_hypercalls=1 && dmesg | grep -o 'cappsule: .*' | tail -3
say "\$ virt status   (now with the monitor's own figures, through /dev/cappsule)"
virt status
say "\$ virt log | tail -4   (the monitor's log ring, no serial cable needed)"
virt log | tail -4
base=$(virt status | sed -n 's/^loader record: .* at 0x\([0-9a-f]*\),.*/\1/p')
say "\$ dd if=/dev/mem ... | od   (read the monitor's first page at 0x$base)"
dd if=/dev/mem bs=4096 skip=$((0x$base / 4096)) count=1 2>/dev/null | od -A x -t x1 | head -3
echo "(zeros from a decoy page: the monitor's memory is not in the host's EPT)"
say "\$ cappsule_attacks   (probe cappsules forked from this kernel: one exits cleanly, each of the others tries one forbidden operation)"
cappsule_attacks | grep -E '^case|figures: cappsule|figures: both'
say "\$ insmod ring0_attack.ko   (a test module that does forbidden operations from ring 0; loaded before the snapshot, so every cappsule has it)"
insmod /lib/modules/ring0_attack.ko && ls -l /dev/ring0_attack
say "\$ virt snapshot; virt status | grep -E 'pool|snapshot'   (the running kernel, snapshotted copy-on-write: its other CPUs offline and user space frozen for the moment)"
virt snapshot
virt status | grep -E 'pool|snapshot'
say "\$ virt exec /bin/echo hello from a cappsule"
virt exec /bin/echo hello from a cappsule
say "\$ virt exec sh -c 'hostname; grep -c ^processor /proc/cpuinfo; ps'   (its own kernel: one CPU, its own name and processes)"
virt exec sh -c 'hostname; grep -c ^processor /proc/cpuinfo; ps'
say "\$ echo data | virt exec --stats sh -c 'tr a-z A-Z; exit 7'; echo \"exit status \$?\"   (stdin in, stdout out, its status back, and what it cost)"
echo data | virt exec --stats sh -c 'tr a-z A-Z; exit 7'; echo "exit status $?"
say "\$ virt exec sh -c 'echo io > /dev/ring0_attack'   (a root shell in a cappsule does port I/O from ring 0 through the module: only that cappsule ends)"
virt exec sh -c 'echo io > /dev/ring0_attack'; echo "exit status $?"
mkdir -p /etc /home/alice && echo demo-host > /etc/hostname && echo private > /home/alice/notes
chmod 0755 /etc /home /home/alice && chmod 0644 /etc/hostname /home/alice/notes
say "\$ virt exec --policy unrestricted cat /etc/hostname   (the host's files, served by an unprivileged 9P server under a policy)"
virt exec --policy unrestricted cat /etc/hostname
say "\$ virt exec sh -c 'echo changed > /etc/hostname; cat /etc/hostname'; cat /etc/hostname   (writes stay in the cappsule's overlay)"
virt exec sh -c 'echo changed > /etc/hostname; cat /etc/hostname'; cat /etc/hostname
say "\$ virt exec ls /home/alice   (the default policies hide every home)"
virt exec ls /home/alice; echo "exit status $?"
check virt-status-exit virt status
check shim-loaded grep -q hostshim /proc/modules
check_output virt-status-figures 'VM exits on cpu0: [1-9]' virt status
check_output virt-exec-hello '^hello from a cappsule$' virt exec /bin/echo hello from a cappsule
check_output ring0-attack-ends-its-cappsule 'ended: I/O port access \(port 0x80\)' virt exec sh -c 'echo io > /dev/ring0_attack'
check_output cappsule-exits-cleanly '^case exit-value: ok' cappsule_attacks
