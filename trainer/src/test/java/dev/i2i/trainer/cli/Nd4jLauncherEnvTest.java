package dev.i2i.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of ND4J backend ({@code scripts/lib/nd4j-env.sh}), from the jars that were
 * built and what {@code nvidia-smi} reports (a stand-in script here: there is no GPU), and the
 * allocator settings it gives the trainer.
 */
class Nd4jLauncherEnvTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "lib", "nd4j-env.sh");
  @TempDir Path tmp;

  @Test
  void theCpuBuildLoadsTheOneDnnNatives() throws Exception {
    Result r = run(false, "8.6", Map.of());
    assertEquals("ext=[-onednn-avx2] gpu=[] cpu=[]", r.out);
  }

  @Test
  void theCudaBuildOnAnAmpereGpuTrainsOnCuda() throws Exception {
    Result r = run(true, "8.6", Map.of());
    assertEquals("ext=[] gpu=[] cpu=[]", r.out);
    assertEquals("", r.err);
  }

  @Test
  void theCudaBuildOnAHopperGpuSaysSoAndTrainsOnTheCpu() throws Exception {
    Result r = run(true, "9.0", Map.of());
    assertEquals("ext=[] gpu=[0] cpu=[100]", r.out);
    assertTrue(r.err.contains("compute capability 9.0"), r.err);
    assertTrue(r.err.contains("training runs on the CPU"), r.err);
  }

  @Test
  void withoutADriverNdFourJChoosesByItselfAndAUsersPrioritiesStay() throws Exception {
    assertEquals("ext=[] gpu=[] cpu=[]", run(true, null, Map.of()).out);
    Result r = run(true, "12.0", Map.of("BACKEND_PRIORITY_GPU", "50"));
    assertEquals("ext=[] gpu=[50] cpu=[100]", r.out);
  }

  @Test
  void mallocGetsHugePagesAndAUsersTunablesStay() throws Exception {
    assertEquals("glibc.malloc.hugetlb=1", tunables(null));
    assertEquals(
        "glibc.malloc.arena_max=1:glibc.malloc.hugetlb=1", tunables("glibc.malloc.arena_max=1"));
    assertEquals("glibc.malloc.hugetlb=0", tunables("glibc.malloc.hugetlb=0"));
  }

  /** GLIBC_TUNABLES after the script ran (the CPU build), from the user's value (null: unset). */
  private String tunables(String user) throws IOException, InterruptedException {
    Map<String, String> env = user == null ? Map.of() : Map.of("GLIBC_TUNABLES", user);
    return run(false, "8.6", env, "$GLIBC_TUNABLES").out;
  }

  private record Result(String out, String err) {}

  /** {@link #run(boolean, String, Map, String)}, printing the backend it chose. */
  private Result run(boolean cudaBuild, String capability, Map<String, String> env)
      throws IOException, InterruptedException {
    return run(
        cudaBuild,
        capability,
        env,
        "ext=[$ND4J_EXTENSION] gpu=[${BACKEND_PRIORITY_GPU-}] cpu=[${BACKEND_PRIORITY_CPU-}]");
  }

  /**
   * Sources the script with a lib folder (with or without a CUDA jar) and a fake nvidia-smi, then
   * prints {@code echo} (a shell word, expanded).
   */
  private Result run(boolean cudaBuild, String capability, Map<String, String> env, String echo)
      throws IOException, InterruptedException {
    Path lib = Files.createDirectories(tmp.resolve("lib" + cudaBuild + capability));
    Files.writeString(lib.resolve("nd4j-native-1.0.0-M2.1.jar"), "");
    if (cudaBuild) {
      Files.writeString(lib.resolve("nd4j-cuda-11.6-1.0.0-M2.1.jar"), "");
    }
    Path bin = Files.createDirectories(tmp.resolve("bin" + capability));
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(
        smi,
        capability == null
            ? "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n"
            : "#!/bin/sh\necho '" + capability + "'\n");
    smi.toFile().setExecutable(true);
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            ". \"$1\"; nd4j_env \"$2\"; echo \"" + echo + "\"",
            "test",
            SCRIPT.toString(),
            lib.toString());
    pb.environment().remove("BACKEND_PRIORITY_GPU");
    pb.environment().remove("BACKEND_PRIORITY_CPU");
    pb.environment().remove("I2I_ND4J_EXTENSION");
    pb.environment().remove("GLIBC_TUNABLES");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertEquals(0, p.waitFor());
    return new Result(
        Files.readString(out, StandardCharsets.UTF_8).trim(),
        Files.readString(err, StandardCharsets.UTF_8).trim());
  }
}
