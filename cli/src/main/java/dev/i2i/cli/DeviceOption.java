package dev.i2i.cli;

import dev.i2i.runtime.Device;
import picocli.CommandLine.Option;

/** {@code --device}: where ONNX Runtime runs the models (translate, serve, check before deploy). */
public final class DeviceOption {
  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "cpu",
      description =
          "Where ONNX Runtime runs: cpu | cuda | auto (${DEFAULT-VALUE}). cuda needs the cuda build"
              + " (CUDA 12, cuDNN 9; GPUs up to Hopper); auto falls back to the CPU when anything"
              + " on CUDA fails.")
  public Device device;

  public Device device() {
    return device;
  }
}
