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
check shim-loads insmod /lib/modules/hostshim.ko
check_output shim-hypercall 'cappsule: monitor answered: ABI 0\.1' dmesg

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
