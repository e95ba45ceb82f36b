/*
 * Fuzz target dtb_struct: the input is decoded into a valid device tree
 * and its boot configuration (dtb_builder.c), then booted through the
 * staged pipeline of harness_common.c.
 */
#include "dtb_builder.h"
#include "fuzz_target.h"
#include "harness_common.h"

static uint64_t blob[DTB_BUILD_MAX / sizeof(uint64_t)];
static const char *reject;

static int dtb_struct_run(const uint8_t *data, size_t size)
{
	struct mm_boot_config cfg;
	int len;

	reject = NULL;
	len = dtb_build(data, size, blob, sizeof(blob), &cfg, &reject);
	if (len < 0)
		return -1;
	if (harness_boot_dt(blob, (size_t)len, &cfg, &reject) < 0)
		return -1;
	return 0;
}

static const char *dtb_struct_last_reject(void)
{
	return reject ? reject : "";
}

const struct fuzz_target fuzz_target_dtb_struct = {
	.name = "dtb_struct",
	.run = dtb_struct_run,
	.max_len = 4096,
	.last_reject = dtb_struct_last_reject,
};
