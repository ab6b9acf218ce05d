# The demo: what a user would look at, narrated. Results still count.
say() { echo; echo "demo: $*"; }

say "\$ virt status"
virt status
say "\$ cpuid_each_cpu   (the hypervisor leaf, pinned to each CPU)"
cpuid_each_cpu
say "\$ insmod hostshim.ko   (the shim finds the monitor and calls it)"
insmod /lib/modules/hostshim.ko && dmesg | grep 'cappsule:' | tail -2
say "\$ virt exec /bin/echo hello"
echo "virt exec is not implemented yet: cappsules come with the next issues"
check virt-status-exit virt status
check shim-loaded grep -q hostshim /proc/modules
