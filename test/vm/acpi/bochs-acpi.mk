# bochs-acpi.efi: test-only ACPI tables for Bochs + OVMF (see NOTES.md here).
#
# From the top-level Makefile (after its `all:` line, so `all` stays the
# default goal):
#     include test/vm/acpi/bochs-acpi.mk
#     ... then depend on $(B)/bochs-acpi.efi, run `make bochs-acpi-check`.
# Standalone, from the repository root:
#     make -f test/vm/acpi/bochs-acpi.mk [B=build]   # builds $(B)/bochs-acpi.efi
#     make -f test/vm/acpi/bochs-acpi.mk bochs-acpi-check
#
# The EFI recipe is the loader's (gnu-efi: PIC objects, MS ABI calls, linked
# as a shared object with crt0 and the gnu-efi script, converted to PE32+).

B        ?= build
CC       ?= gcc
LD       ?= ld
OBJCOPY  ?= objcopy

BXACPI_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
BXACPI_OUT := $(B)/bochs-acpi
BXACPI_C   := main.c options.c acpi_build.c acpi_install.c mp_probe.c \
              piix4_pm.c esp_file.c chainload.c
BXACPI_H   := $(wildcard $(BXACPI_DIR)/*.h)
# The loader's ESP reader and image loader, shared rather than copied.
BXACPI_SHARED := efi/esp_file.c efi/chainload.c
BXACPI_OBJS := $(BXACPI_C:%.c=$(BXACPI_OUT)/%.o) $(BXACPI_SHARED:efi/%.c=$(BXACPI_OUT)/shared/%.o)

BXACPI_WARN   := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
BXACPI_EFI_INC := /usr/include/efi
BXACPI_EFI_LIB := /usr/lib
BXACPI_CFLAGS := -std=c11 -O2 $(BXACPI_WARN) -Wno-strict-prototypes \
                 -I$(BXACPI_DIR) -I. -I$(BXACPI_EFI_INC) -I$(BXACPI_EFI_INC)/x86_64 \
                 -fpic -fshort-wchar -ffreestanding -fno-stack-protector \
                 -fno-strict-aliasing -mno-red-zone -maccumulate-outgoing-args \
                 -DGNU_EFI_USE_MS_ABI

.PHONY: bochs-acpi bochs-acpi-check
bochs-acpi: $(B)/bochs-acpi.efi

$(BXACPI_OUT)/shared/%.o: efi/%.c efi/%.h
	@mkdir -p $(dir $@)
	$(CC) $(BXACPI_CFLAGS) -c $< -o $@

$(BXACPI_OUT)/%.o: $(BXACPI_DIR)/%.c $(BXACPI_H)
	@mkdir -p $(dir $@)
	$(CC) $(BXACPI_CFLAGS) -c $< -o $@
$(BXACPI_OUT)/bochs-acpi.so: $(BXACPI_OBJS)
	$(LD) -nostdlib -znocombreloc -T $(BXACPI_EFI_LIB)/elf_x86_64_efi.lds -shared \
	      -Bsymbolic -L$(BXACPI_EFI_LIB) $(BXACPI_EFI_LIB)/crt0-efi-x86_64.o \
	      $(BXACPI_OBJS) -o $@ -lefi -lgnuefi
$(B)/bochs-acpi.efi: $(BXACPI_OUT)/bochs-acpi.so
	$(OBJCOPY) -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel \
	           -j .rela -j .rel.* -j .rela.* -j .reloc \
	           --target=efi-app-x86_64 --subsystem=10 $< $@

# Host test of the pure parts (table bytes, option parsing), with sanitizers.
$(BXACPI_OUT)/host_check: $(BXACPI_DIR)/host_check.c $(BXACPI_DIR)/acpi_build.c \
                          $(BXACPI_DIR)/options.c $(BXACPI_H)
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g $(BXACPI_WARN) -I$(BXACPI_DIR) \
	      -fsanitize=address,undefined -fno-sanitize-recover=all -o $@ \
	      $(BXACPI_DIR)/host_check.c $(BXACPI_DIR)/acpi_build.c $(BXACPI_DIR)/options.c
bochs-acpi-check: $(BXACPI_OUT)/host_check
	$<
