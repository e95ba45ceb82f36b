/*
 * Fuzz target dtb_raw: the whole input is a device-tree blob, booted
 * through the staged pipeline of harness_common.c.  The configuration
 * (LPAE, a DTB reservation, bottom-up allocation) is one byte outside the
 * tree, so a real board's blob runs under every configuration: the first
 * byte past fdt_totalsize when the input has one (a trailer the engines
 * can append or mutate), else the low byte of boot_cpuid_phys, header
 * byte 0x1f (older inputs; real trees leave it 0).  docs/fuzz-input-format.md.
 */
#include "fuzz_target.h"
#include "harness_common.h"

#define TOTALSIZE_OFFSET 4
#define BOOT_CPUID_LOW_BYTE 0x1f
#define CFG_LPAE 0x01
#define CFG_RESERVE_DTB 0x02
#define CFG_BOTTOM_UP 0x04
/* Where the DTB is said to sit when reserved: u-boot's usual spot on QEMU virt-like boards. */
#define RAW_DTB_PHYS 0x48000000

static const char *reject;

static uint8_t config_byte(const uint8_t *data, size_t size)
{
	uint32_t total = 0;

	if (size >= TOTALSIZE_OFFSET + 4)
		for (int i = 0; i < 4; i++)
			total = total << 8 | data[TOTALSIZE_OFFSET + i];
	if (total && total < size)
		return data[total];
	return size > BOOT_CPUID_LOW_BYTE ? data[BOOT_CPUID_LOW_BYTE] : 0;
}

void dtb_raw_config(const uint8_t *data, size_t size, struct mm_boot_config *cfg)
{
	uint8_t bits = config_byte(data, size);

	*cfg = (struct mm_boot_config){
		.lpae = bits & CFG_LPAE,
		.dtb_phys = bits & CFG_RESERVE_DTB ? RAW_DTB_PHYS : 0,
		.bottom_up = bits & CFG_BOTTOM_UP,
	};
}

static int dtb_raw_run(const uint8_t *data, size_t size)
{
	struct mm_boot_config cfg;

	dtb_raw_config(data, size, &cfg);
	reject = NULL;
	if (harness_boot_dt(data, size, &cfg, &reject) < 0)
		return -1;
	return 0;
}

static const char *dtb_raw_last_reject(void)
{
	return reject ? reject : "";
}

const struct fuzz_target fuzz_target_dtb_raw = {
	.name = "dtb_raw",
	.run = dtb_raw_run,
	.max_len = 64 * 1024,
	.last_reject = dtb_raw_last_reject,
};
