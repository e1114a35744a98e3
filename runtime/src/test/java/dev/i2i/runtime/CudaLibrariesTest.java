package dev.i2i.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CudaLibrariesTest {
  @Test
  void theCpuBuildHasNoBundledLibrariesAndSaysTheSystemsAreUsed() {
    CudaLibraries.Status s = CudaLibraries.preload();
    assertFalse(s.bundled());
    assertTrue(s.describe().contains("the cuda profile brings them"), s.describe());
  }

  @Test
  void everyPresetIsLoadedInOrder() {
    List<String> asked = new ArrayList<>();
    CudaLibraries.Status s = CudaLibraries.preload(CudaLibraries.PRESETS, asked::add);
    assertTrue(s.bundled());
    assertNull(s.problem());
    assertEquals(List.copyOf(CudaLibraries.PRESETS.keySet()), asked);
    assertTrue(s.loaded().contains("libcudnn.so.9 and its engine libraries"));
  }

  @Test
  void aLibraryThatCannotLoadIsNamedWithTheFix() {
    CudaLibraries.Status s =
        CudaLibraries.preload(
            CudaLibraries.PRESETS,
            preset -> {
              if (preset.endsWith("cudnn")) {
                throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
              }
            });
    assertTrue(s.bundled());
    assertEquals(4, s.loaded().size());
    assertTrue(s.problem().contains("could not load libcudnn.so.9"), s.problem());
    assertTrue(s.problem().contains("libcuda.so.1"), s.problem());
    assertTrue(s.problem().contains("nvidia-smi"), s.problem());
  }

  @Test
  void aPartialBuildSaysWhichPresetIsMissing() {
    CudaLibraries.Status s =
        CudaLibraries.preload(
            CudaLibraries.PRESETS,
            preset -> {
              if (preset.endsWith("curand")) {
                throw new ClassNotFoundException(preset);
              }
            });
    assertTrue(s.bundled());
    assertTrue(s.problem().contains("lacks org.bytedeco.cuda.global.curand"), s.problem());
  }
}
