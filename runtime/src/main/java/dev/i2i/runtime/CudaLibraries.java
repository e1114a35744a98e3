package dev.i2i.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA 12 and cuDNN 9 libraries ONNX Runtime's CUDA provider opens, loaded from JavaCPP's
 * {@code org.bytedeco:cuda} redist jar when the build carries it ({@code -Pcuda}): JavaCPP unpacks
 * them to its cache and loads them, and ONNX Runtime's later {@code dlopen} of each soname finds
 * the library already loaded. So a machine with only an NVIDIA driver needs no CUDA install and no
 * {@code LD_LIBRARY_PATH}. Without the jar (the CPU build, or a container that installs CUDA) the
 * system's libraries are used as before. Reflection keeps JavaCPP out of the CPU build.
 */
public final class CudaLibraries {
  /** JavaCPP presets ONNX Runtime's CUDA provider needs, and the libraries each one loads. */
  static final Map<String, String> PRESETS = new LinkedHashMap<>();

  static {
    PRESETS.put("org.bytedeco.cuda.global.cudart", "libcudart.so.12");
    PRESETS.put("org.bytedeco.cuda.global.cublas", "libcublas.so.12 and libcublasLt.so.12");
    PRESETS.put("org.bytedeco.cuda.global.curand", "libcurand.so.10");
    PRESETS.put("org.bytedeco.cuda.global.cufft", "libcufft.so.11");
    PRESETS.put("org.bytedeco.cuda.global.cudnn", "libcudnn.so.9 and its engine libraries");
  }

  /** Loads one JavaCPP preset class's libraries. */
  @FunctionalInterface
  interface Loader {
    void load(String presetClass) throws ClassNotFoundException, ReflectiveOperationException;
  }

  /**
   * What was found.
   *
   * @param bundled true when this build carries JavaCPP's CUDA presets
   * @param loaded the libraries loaded from them
   * @param problem why a library could not be loaded (with the fix), or null
   */
  public record Status(boolean bundled, List<String> loaded, String problem) {
    /** One line for logs and error messages. */
    public String describe() {
      if (!bundled) {
        return "no CUDA libraries bundled in this build (the cuda profile brings them), so the"
            + " system's are used";
      }
      return problem != null ? problem : "CUDA libraries loaded from the build: " + loaded;
    }
  }

  private static Status loaded;

  private CudaLibraries() {}

  /** Loads the bundled libraries once; later calls return the first outcome. */
  public static synchronized Status preload() {
    if (loaded == null) {
      loaded = preload(PRESETS, CudaLibraries::javacppLoad);
    }
    return loaded;
  }

  static Status preload(Map<String, String> presets, Loader loader) {
    List<String> done = new ArrayList<>();
    for (Map.Entry<String, String> p : presets.entrySet()) {
      try {
        loader.load(p.getKey());
        done.add(p.getValue());
      } catch (ClassNotFoundException e) {
        if (done.isEmpty()) {
          return new Status(false, List.of(), null);
        }
        return new Status(true, done, "the build lacks " + p.getKey() + " (" + p.getValue() + ")");
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new Status(
            true,
            done,
            "could not load "
                + p.getValue()
                + " from the bundled org.bytedeco:cuda jar ("
                + cause
                + "): check the NVIDIA driver (nvidia-smi; CUDA 12 needs driver 525 or newer),"
                + " or install CUDA 12 and cuDNN 9 and build without -Pcuda");
      }
    }
    return new Status(true, done, null);
  }

  private static void javacppLoad(String presetClass) throws ReflectiveOperationException {
    Class<?> preset = Class.forName(presetClass);
    Class<?> javacpp = Class.forName("org.bytedeco.javacpp.Loader");
    javacpp.getMethod("load", Class.class).invoke(null, preset);
  }
}
