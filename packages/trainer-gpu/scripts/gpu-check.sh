#!/usr/bin/env bash
# What works on a machine with a GPU, in one run (from a checkout with `pnpm install` and `tsc -b`
# done; the packages come along, nothing is downloaded): the backends' probes, the conformance suite
# of the GPU backends, and one timed Adam step at d = 400 on WebGPU. On Linux, Dawn needs the Vulkan
# loader: if the machine has none, put a libvulkan.so.1 beside this script (VULKAN_DIR) and it is
# found through LD_LIBRARY_PATH. Each part runs even when an earlier one fails; the exit status is
# the number of parts that failed.
set -uo pipefail
cd "$(dirname "$0")/../../.."
export LD_LIBRARY_PATH="${VULKAN_DIR:-$(pwd)/packages/trainer-gpu/scripts}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
failed=0
step() {
  echo "== $*"
  "$@" || failed=$((failed + 1))
}
step nvidia-smi
step npx attention-hd doctor
step npx vitest run --project integration packages/trainer-gpu/src/backends/backend-conformance.int.spec.ts -t "tfjs-webgpu|tfjs-node-gpu|gpujs"
step npx attention-hd train --backend tfjs-webgpu --d 400 --alpha 0.25 --seeds 1 --max-steps 2 --min-steps 2 --json
exit "$failed"
