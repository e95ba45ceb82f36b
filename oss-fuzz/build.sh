#!/bin/bash -eu
# OSS-Fuzz runs this as $SRC/build.sh; the build itself lives in the tree.
exec bash "$SRC/mmfuzz/scripts/oss-fuzz-build.sh"
