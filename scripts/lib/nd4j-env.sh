# Sourced by ./i2i: chooses how the trainer's ND4J backend loads, from the jars that were built.
# nd4j_env LIB_DIR sets ND4J_EXTENSION (JavaCPP's platform extension) and, with the CUDA build on
# a GPU ND4J has no kernels for, exports BACKEND_PRIORITY_GPU/CPU so training runs on the CPU.
# It also exports GLIBC_TUNABLES with glibc.malloc.hugetlb=1 (see nd4j_malloc_env).

# ND4J 1.0.0-M2.1's CUDA 11.6 build has code for compute capability 3.7 to 8.6 and no PTX.
ND4J_CUDA_MAX_CAPABILITY=8.6

# oneDNN allocates a scratchpad for every convolution gradient it runs and frees it afterwards;
# those over glibc's largest mapping threshold (32 MB: 41 MB at 128 px, ngf 64) get a fresh
# mapping each time, faulted in page by page. With transparent huge pages for malloc's mappings
# and heaps, one fault maps 2 MB instead of 4 KB: at 128 px (ngf 64, 6 blocks) seven steps took
# 0.73 million faults instead of 3.7 million, and where faults are dear (virtual machines) a step
# 4.1 s instead of 5.7 (medians; README, training speed and memory). A user's own GLIBC_TUNABLES
# are kept; one that says nothing of hugetlb gets it added.
nd4j_malloc_env() {
  case "${GLIBC_TUNABLES-}" in
    *glibc.malloc.hugetlb=*) ;;
    "") export GLIBC_TUNABLES=glibc.malloc.hugetlb=1 ;;
    *) export GLIBC_TUNABLES="$GLIBC_TUNABLES:glibc.malloc.hugetlb=1" ;;
  esac
}

nd4j_env() {
  local lib="$1"
  nd4j_malloc_env
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
