# Sourced by ./i2i: chooses how the trainer's ND4J backend loads, from the jars that were built.
# nd4j_env LIB_DIR sets ND4J_EXTENSION (JavaCPP's platform extension) and, with the CUDA build on
# a GPU ND4J has no kernels for, exports BACKEND_PRIORITY_GPU/CPU so training runs on the CPU.

# ND4J 1.0.0-M2.1's CUDA 11.6 build has code for compute capability 3.7 to 8.6 and no PTX.
ND4J_CUDA_MAX_CAPABILITY=8.6

nd4j_env() {
  local lib="$1"
  if ! compgen -G "$lib/nd4j-cuda-*.jar" > /dev/null; then
    ND4J_EXTENSION="${I2I_ND4J_EXTENSION--onednn-avx2}" # the CPU build: oneDNN unless told
    return
  fi
  ND4J_EXTENSION="${I2I_ND4J_EXTENSION-}" # the CUDA build's natives have no extension
  local cap
  cap="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2> /dev/null | head -n 1)"
  cap="${cap//[[:space:]]/}"
  if [[ "$cap" =~ ^[0-9]+\.[0-9]+$ ]] &&
    awk -v c="$cap" -v m="$ND4J_CUDA_MAX_CAPABILITY" 'BEGIN { exit !(c + 0 > m + 0) }'; then
    echo "i2i: this GPU (compute capability $cap) is newer than ND4J's CUDA 11.6 build supports" \
      "(3.7 to $ND4J_CUDA_MAX_CAPABILITY, Kepler to Ampere): training runs on the CPU backend." \
      "ONNX Runtime (translate, serving) still uses the GPU." >&2
    export BACKEND_PRIORITY_GPU="${BACKEND_PRIORITY_GPU:-0}"
    export BACKEND_PRIORITY_CPU="${BACKEND_PRIORITY_CPU:-100}"
  fi
}
