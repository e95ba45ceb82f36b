#!/bin/bash -eu
# ClusterFuzzLite runs this as $SRC/build.sh; the same in-tree build as OSS-Fuzz's.
exec bash "$SRC/mmfuzz/scripts/oss-fuzz-build.sh"
