package dev.i2i.trainer.data;

import dev.i2i.runtime.image.BadImageException;
import dev.i2i.runtime.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The image files of one folder, sorted by name; reading one names the file when it fails. */
public final class ImageFolder {
  private static final List<String> EXTENSIONS = ImageDecoder.FILE_EXTENSIONS;

  /**
   * Largest image a dataset may hold (the serving default's 16x): checked from the header before
   * any pixels are decoded, so a decompression bomb in a folder costs nothing.
   */
  private static final ImageDecoder DECODER = new ImageDecoder(256L * 1024 * 1024);

  private final Path dir;
  private final List<Path> files;

  private ImageFolder(Path dir, List<Path> files) {
    this.dir = dir;
    this.files = files;
  }

  /** Lists the folder; a missing or empty folder fails with its path. */
  public static ImageFolder open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("image folder " + dir + " does not exist");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(ImageFolder::isImageName).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("image folder " + dir + " has no image files " + EXTENSIONS);
    }
    return new ImageFolder(dir, files);
  }

  public static boolean isImageName(Path p) {
    return Files.isRegularFile(p) && ImageDecoder.isImageName(p.getFileName().toString());
  }

  public Path dir() {
    return dir;
  }

  public List<Path> files() {
    return files;
  }

  public int size() {
    return files.size();
  }

  public BufferedImage read(int index) throws IOException {
    return read(files.get(index));
  }

  /**
   * Reads an image with the serving decoder (the same formats, header checks and limits); an
   * unreadable file fails with its path and the reason.
   */
  public static BufferedImage read(Path file) throws IOException {
    try {
      return DECODER.decode(Files.readAllBytes(file)).image();
    } catch (BadImageException e) {
      throw new IOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The first {@code count} images of {@code root/preferred} (or {@code root/fallback} when that
   * folder does not exist), resized to {@code size} square, as one {@code [n,3,size,size]} batch.
   */
  public static org.nd4j.linalg.api.ndarray.INDArray fixed(
      Path root, String preferred, String fallback, int count, int size) throws IOException {
    Path dir =
        java.nio.file.Files.isDirectory(root.resolve(preferred))
            ? root.resolve(preferred)
            : root.resolve(fallback);
    ImageFolder folder = open(dir);
    java.util.List<org.nd4j.linalg.api.ndarray.INDArray> imgs = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(count, folder.size()); i++) {
      var img = dev.i2i.runtime.ImageTensors.resize(folder.read(i), size, size);
      imgs.add(
          org.nd4j.linalg.factory.Nd4j.create(
              dev.i2i.runtime.ImageTensors.toChw(img), new long[] {1, 3, size, size}));
    }
    return org.nd4j.linalg.factory.Nd4j.concat(
        0, imgs.toArray(org.nd4j.linalg.api.ndarray.INDArray[]::new));
  }
}
