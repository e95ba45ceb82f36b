/*
 * The mmfuzz command as a user runs it: `mmfuzz boot` on device-tree blobs
 * and sources, its options, and its errors and exit statuses.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

static char out[1 << 20];

/* Run `mmfuzz ARGS` (stdout and stderr into out); returns the exit status. */
static int mmfuzz(const char *args)
{
	char cmd[4096];
	FILE *p;
	size_t n;
	int status;

	snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", MMFUZZ_CLI, args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A device-tree source in a temporary file (removed at exit). */
static const char *dts_file(const char *src)
{
	static char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/mmfuzz-test-cli-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || write(fd, src, strlen(src)) != (ssize_t)strlen(src))
		abort();
	close(fd);
	return path;
}

#define FIDELITY_1G MMFUZZ_SOURCE_DIR "/tests/fidelity/1g/mine.dtb"

static const char no_memory[] =
	"/dts-v1/;\n/ {\n\t#address-cells = <1>;\n\t#size-cells = <1>;\n"
	"\tcpus { #address-cells = <1>; #size-cells = <0>;\n"
	"\t\tcpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	"\t\tcpu@1 { device_type = \"cpu\"; reg = <1>; };\n\t};\n"
	"\tchosen { bootargs = \"console=ttyS0\"; };\n};\n";

TEST(help_and_usage_errors)
{
	CHECK_EQ(mmfuzz("--help"), 0);
	CHECK(strstr(out, "boot "));
	CHECK_EQ(mmfuzz("boot --help"), 0);
	CHECK(strstr(out, "usage: mmfuzz boot [OPTIONS] FILE"));
	CHECK_EQ(mmfuzz(""), 2);
	CHECK_EQ(mmfuzz("frobnicate"), 2);
	CHECK(strstr(out, "unknown command 'frobnicate'"));
	CHECK_EQ(mmfuzz("boot"), 2);
	CHECK(strstr(out, "expected one FILE"));
	CHECK_EQ(mmfuzz("boot --bogus " FIDELITY_1G), 2);
	CHECK(strstr(out, "bad option '--bogus'"));
	CHECK_EQ(mmfuzz("boot --profile armv5 " FIDELITY_1G), 2);
	CHECK(strstr(out, "unknown profile 'armv5'"));
	CHECK_EQ(mmfuzz("boot --model zoned " FIDELITY_1G), 2);
	CHECK_EQ(mmfuzz("boot --cpus 9 " FIDELITY_1G), 2);
	CHECK(strstr(out, "--cpus '9': expected 1 to 8"));
	CHECK_EQ(mmfuzz("boot --memory 0x40000000 " FIDELITY_1G), 2);
	CHECK_EQ(mmfuzz("boot --memory 0x40000000,0 " FIDELITY_1G), 2);
	CHECK_EQ(mmfuzz("boot --stop-at paging_init " FIDELITY_1G), 2);
	CHECK_EQ(mmfuzz("boot --load-addr 12q " FIDELITY_1G), 2);
}

TEST(bad_files)
{
	CHECK_EQ(mmfuzz("boot /nonexistent/board.dtb"), 2);
	CHECK(strstr(out, "/nonexistent/board.dtb: No such file or directory"));
	CHECK_EQ(mmfuzz("boot " MMFUZZ_SOURCE_DIR "/README.md"), 2);
	CHECK(strstr(out, "neither a device-tree blob nor a source dtc compiles"));
}

TEST(sections_in_order)
{
	static const char *const headers[] = {
		"==> boot log <==\n", "==> /proc/zoneinfo <==\n", "==> /proc/buddyinfo <==\n",
		"==> /proc/pagetypeinfo <==\n", "==> /proc/meminfo <==\n", "==> /proc/iomem <==\n",
		"==> /sys/kernel/debug/memblock/memory <==\n",
		"==> /sys/kernel/debug/memblock/reserved <==\n",
	};
	const char *at = out;

	CHECK_EQ(mmfuzz("boot --load-addr 0x40200000 --dtb-addr 0x480d8000 " FIDELITY_1G), 0);
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		const char *h = strstr(at, headers[i]);

		CHECK(h != NULL);
		at = h ? h : at;
	}
	CHECK(strstr(out, "Freeing unused kernel image (initmem) memory: 2048K\n"));
	CHECK(strstr(out, "  40208000-411fffff : Kernel code\n"));
	CHECK(strstr(out, "MemTotal:        1021000 kB\n"));
}

TEST(stop_at)
{
	CHECK_EQ(mmfuzz("boot --stop-at setup_arch " FIDELITY_1G), 0);
	CHECK(strstr(out, "Initmem setup node 0"));
	CHECK(!strstr(out, "percpu:"));
	CHECK(!strstr(out, "Memory:"));
	CHECK_EQ(mmfuzz("boot --stop-at mem_init " FIDELITY_1G), 0);
	CHECK(strstr(out, "Memory: "));
	CHECK(!strstr(out, "Freeing"));
	CHECK(strstr(out, "        min      0\n"));	/* watermarks come with the initcalls */
}

TEST(cmdline_cpus_and_profile)
{
	CHECK_EQ(mmfuzz("boot --cmdline 'mem=512M memblock=debug' --cpus 2 " FIDELITY_1G), 0);
	CHECK(strstr(out, "Kernel command line: mem=512M memblock=debug\n"));
	CHECK(strstr(out, "==> /sys/kernel/debug/memblock/memory <==\n   0: 0x40000000..0x5fffffff\n"));
	CHECK(strstr(out, "pcpu-alloc: [0] 0 [0] 1 \n"));
	CHECK(strstr(out, "memblock_alloc_try_nid: 147456 bytes align=0x1000"));	/* two units */
	CHECK_EQ(mmfuzz("boot --profile debian-armmp-lpae --model sparse-extreme " FIDELITY_1G), 0);
	CHECK(strstr(out, "12288K kernel code"));
	CHECK(strstr(out, "Page block order: 9\n"));
}

TEST(memory_as_a_bootloader_fills_it_in)
{
	const char *dts = dts_file(no_memory);
	char args[256];

	snprintf(args, sizeof(args), "boot %s", dts);
	CHECK_EQ(mmfuzz(args), 1);
	CHECK(strstr(out, "refused: no memory in the device tree (a bootloader fills in /memory)"));
	snprintf(args, sizeof(args), "boot --memory 0x40000000,256M --memory 0x60000000,0x10000000 %s", dts);
	CHECK_EQ(mmfuzz(args), 0);
	CHECK(strstr(out, "==> /sys/kernel/debug/memblock/memory <==\n"
			  "   0: 0x40000000..0x4fffffff\n   1: 0x60000000..0x6fffffff\n"));
	/* two cpu nodes: two per-CPU units */
	CHECK(strstr(out, "pcpu-alloc: [0] 0 [0] 1 \n"));
	unlink(dts);
}

TEST(panic_is_exit_status_1)
{
	const char *dts = dts_file(no_memory);
	char args[256];

	/* 8 MiB of RAM: the kernel's init sections lie outside it */
	snprintf(args, sizeof(args), "boot --memory 0x40000000,8M %s", dts);
	CHECK_EQ(mmfuzz(args), 1);
	CHECK(strstr(out, "the kernel panicked"));
	CHECK(strstr(out, "Kernel panic - not syncing: "));
	unlink(dts);
}

TEST_MAIN()
