package dev.i2i.runtime;

/** Where ONNX Runtime runs a model: CPU, CUDA (fail if unavailable) or AUTO (CUDA, else CPU). */
public enum Device {
  CPU,
  CUDA,
  AUTO
}
