// SPDX-License-Identifier: GPL-2.0-only
/*
 * ring0_attack.ko: a test module for the emulator scenarios, never shipped.
 * It does, from ring 0, the operations a cappsule must not do, so that a
 * root shell inside a cappsule can try them:
 *
 *   echo io > /dev/ring0_attack
 *
 * The monitor must end the cappsule on the spot; if the write returns, the
 * operation went through and it fails with EIO. Reading the device lists
 * the cases, each with the value (port, address, MSR, RAX) the end of its
 * cappsule must carry when that value is fixed.
 *
 * Nothing can load a module inside a cappsule (its kernel is a copy of the
 * host's as of the snapshot), so this one is loaded on the host before
 * `virt snapshot`: every cappsule forked afterwards has it, and its
 * /dev/ring0_attack. On the host the writes are refused (EOPNOTSUPP):
 * there they would reset or hang the machine.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <asm/apic.h>
#include <asm/apicdef.h>
#include <asm/desc.h>
#include <asm/msr.h>

#include "hypercall_abi.h"   /* copied next to this file by the Makefile */

/* Dirtied by "limit": more than the limit the scenario gives the cappsule
 * (virt exec -m 12), far less than the RAM its snapshot has free. */
#define LIMIT_BYTES (32ul << 20)
#define WRITE_MAX 64          /* "NAME [ADDRESS]\n" */

static struct apic *host_apic; /* the host's APIC driver, seen at load */
static u64 host_lstar;         /* the host's system-call entry point */

/*
 * Inside a cappsule the shim points `apic` at its own no-op copy before
 * anything else runs (docs/cappsules.md, "The cappsule's kernel"). On the
 * host the pointer is __ro_after_init: it cannot differ from what it was
 * when this module loaded.
 */
static bool in_cappsule(void)
{
	return READ_ONCE(apic) != host_apic;
}

/* ------------------------------------------------------------ the cases --- */

static int try_port_out(u64 port)
{
	outb(0, port);
	return 0;
}

/* Device registers: an uncached mapping, as a driver would make. */
static int try_apic_read(u64 addr)
{
	void __iomem *p = ioremap(addr & PAGE_MASK, PAGE_SIZE);

	if (!p)
		return -ENOMEM;
	(void)readl(p + offset_in_page(addr));
	iounmap(p);
	return 0;
}

/* One write of the ICR's low half sends the IPI: with the destination
 * shorthand "all but self", no write of the high half comes first. */
static int write_icr(u64 icr, u32 command)
{
	void __iomem *p = ioremap(icr & PAGE_MASK, PAGE_SIZE);

	if (!p)
		return -ENOMEM;
	writel(command, p + offset_in_page(icr));
	iounmap(p);
	return 0;
}

static int try_init_ipi(u64 icr)
{
	return write_icr(icr, APIC_DEST_ALLBUT | APIC_INT_ASSERT | APIC_DM_INIT);
}

/* Start-up vector 0x9a: code at 0x9a000, as good as any for a CPU that
 * must never receive it. */
static int try_startup_ipi(u64 icr)
{
	return write_icr(icr, APIC_DEST_ALLBUT | APIC_DM_STARTUP | 0x9a);
}

/* IA32_LSTAR, where system calls enter the kernel, with the host's own
 * value: should the write ever pass, they still land where they did. */
static int try_write_lstar(u64 msr)
{
	native_write_msr(msr, lower_32_bits(host_lstar), upper_32_bits(host_lstar));
	return 0;
}

static int try_vmx_read(u64 unused)
{
	u64 field = 0, value;

	asm volatile("vmread %[field], %[value]"
		     : [value] "=r"(value) : [field] "r"(field) : "cc");
	return 0;
}

/* An empty IDT: INT3 cannot be delivered, nor the #GP, nor the #DF. */
static int try_triple_fault(u64 unused)
{
	struct desc_ptr none = { .size = 0, .address = 0 }, saved;
	unsigned long flags;

	local_irq_save(flags);
	store_idt(&saved);
	native_load_idt(&none);
	asm volatile("int3");
	native_load_idt(&saved);
	local_irq_restore(flags);
	return 0;
}

/* With interrupts on, HLT is its idle loop's and only waits. */
static int try_halt(u64 unused)
{
	unsigned long flags;

	local_irq_save(flags);
	asm volatile("cli; hlt" : : : "memory");
	local_irq_restore(flags);
	return 0;
}

/* RAX = nr, RBX = RCX = 0: unknown numbers, the host's calls, and the
 * cappsule's own VECTORS with vectors it may not take. */
static int try_hypercall(u64 nr)
{
	u64 rax = nr, rbx = 0, rcx = 0, rdx = 0;

	asm volatile("vmcall"
		     : "+a"(rax), "+b"(rbx), "+c"(rcx), "+d"(rdx) : : "memory");
	return 0;
}

/* One byte per page: each write makes the monitor copy a page for it. */
static int try_over_limit(u64 unused)
{
	u8 *buf = vmalloc(LIMIT_BYTES);
	unsigned long off;

	if (!buf)
		return -ENOMEM;
	for (off = 0; off < LIMIT_BYTES; off += PAGE_SIZE)
		WRITE_ONCE(buf[off], 1);
	vfree(buf);
	return 0;
}

/* Memory, RAM or not: a cached mapping (memremap gives RAM's direct map). */
static int try_read_phys(u64 addr)
{
	void *p = memremap(addr & PAGE_MASK, PAGE_SIZE, MEMREMAP_WB);

	if (!p)
		return -ENOMEM;
	(void)READ_ONCE(*(u8 *)(p + offset_in_page(addr)));
	memunmap(p);
	return 0;
}

struct attack {
	const char *name;
	int (*run)(u64 arg);
	u64 arg;         /* what it works on; its end must carry it (0: nothing fixed) */
	bool address;    /* arg is written after the name: "phys 0x1000" */
};

static struct attack attacks[] = {
	{ "io", try_port_out, 0x80 },
	{ "mmio", try_apic_read, APIC_DEFAULT_PHYS_BASE + APIC_LVR },
	{ "init-ipi", try_init_ipi, APIC_DEFAULT_PHYS_BASE + APIC_ICR },
	{ "sipi", try_startup_ipi, APIC_DEFAULT_PHYS_BASE + APIC_ICR },
	{ "msr", try_write_lstar, MSR_LSTAR },
	{ "vmx", try_vmx_read, 0 },
	{ "triple-fault", try_triple_fault, 0 },
	{ "hlt", try_halt, 0 },
	{ "bad-hypercall", try_hypercall, 0x77 },
	{ "host-hypercall", try_hypercall, CAPPSULE_HC_SNAPSHOT_DROP },
	{ "bad-vectors", try_hypercall, CAPPSULE_CS_HC_VECTORS },
	{ "limit", try_over_limit, 0 },
	{ "beyond-ram", try_read_phys, 0 },  /* set at load */
	{ "phys", try_read_phys, 0, true },
};

static struct attack *find_attack(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(attacks); i++)
		if (!strcmp(attacks[i].name, name))
			return &attacks[i];
	return NULL;
}

/* "NAME" or, for the cases that take one, "NAME ADDRESS". */
static int parse(char *line, struct attack **a, u64 *arg)
{
	char *name = strsep(&line, " ");

	*a = find_attack(name);
	if (!*a)
		return -EINVAL;
	*arg = (*a)->arg;
	if (!(*a)->address)
		return line ? -EINVAL : 0;
	return line ? kstrtou64(skip_spaces(line), 0, arg) : -EINVAL;
}

/* ----------------------------------------------------------- the device --- */

static ssize_t attack_write(struct file *f, const char __user *ubuf, size_t len,
			    loff_t *pos)
{
	char line[WRITE_MAX];
	struct attack *a;
	u64 arg;
	int err;

	if (!capable(CAP_SYS_RAWIO))
		return -EPERM;
	if (!in_cappsule())
		return -EOPNOTSUPP;
	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, ubuf, len))
		return -EFAULT;
	line[len] = '\0';
	err = parse(strim(line), &a, &arg);
	if (!err)
		err = a->run(arg);
	return err ? err : -EIO; /* still here: the monitor let it pass */
}

static ssize_t attack_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char text[512];
	size_t n = 0, i;

	for (i = 0; i < ARRAY_SIZE(attacks); i++) {
		const struct attack *a = &attacks[i];

		if (a->address)
			n += scnprintf(text + n, sizeof(text) - n, "%s ADDRESS\n", a->name);
		else if (a->arg)
			n += scnprintf(text + n, sizeof(text) - n, "%s %#llx\n", a->name, a->arg);
		else
			n += scnprintf(text + n, sizeof(text) - n, "%s\n", a->name);
	}
	return simple_read_from_buffer(ubuf, len, pos, text, n);
}

static const struct file_operations attack_fops = {
	.owner = THIS_MODULE,
	.read = attack_read,
	.write = attack_write,
	.llseek = default_llseek,
};

static struct miscdevice attack_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ring0_attack",
	.fops = &attack_fops,
	.mode = 0600,
};

/* The first 1 GiB boundary past the end of RAM (high_memory: the end of
 * the direct map, which on x86-64 covers all of it): nothing is there. */
static u64 beyond_ram(void)
{
	u64 ram_end = virt_to_phys(high_memory - 1) + 1;

	return round_up(ram_end + 1, SZ_1G);
}

static int __init ring0_attack_init(void)
{
	host_apic = apic;
	rdmsrl(MSR_LSTAR, host_lstar);
	find_attack("beyond-ram")->arg = beyond_ram();
	return misc_register(&attack_dev);
}

static void __exit ring0_attack_exit(void)
{
	misc_deregister(&attack_dev);
}

module_init(ring0_attack_init);
module_exit(ring0_attack_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Cappsule test: forbidden operations from ring 0 inside a cappsule");
