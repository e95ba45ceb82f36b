/*
 * Fuzz target dtb_raw: the whole input is a device-tree blob, booted
 * through the staged pipeline of harness_common.c.  The blob also carries
 * the configuration, in header bits no parser check depends on: the low
 * bits of boot_cpuid_phys (bytes 0x1c..0x1f, big-endian) select LPAE,
 * a DTB reservation and bottom-up allocation (docs/fuzz-input-format.md).
 */
#include "fuzz_target.h"
#include "harness_common.h"

#define BOOT_CPUID_LOW_BYTE 0x1f
#define CFG_LPAE 0x01
#define CFG_RESERVE_DTB 0x02
#define CFG_BOTTOM_UP 0x04
/* Where the DTB is said to sit when reserved: u-boot's usual spot on QEMU virt-like boards. */
#define RAW_DTB_PHYS 0x48000000

static const char *reject;

static int dtb_raw_run(const uint8_t *data, size_t size)
{
	uint8_t bits = size > BOOT_CPUID_LOW_BYTE ? data[BOOT_CPUID_LOW_BYTE] : 0;
	struct mm_boot_config cfg = {
		.lpae = bits & CFG_LPAE,
		.dtb_phys = bits & CFG_RESERVE_DTB ? RAW_DTB_PHYS : 0,
		.bottom_up = bits & CFG_BOTTOM_UP,
	};

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
