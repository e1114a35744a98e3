package dev.i2i.schemas;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes model cards as JSON ({@code card.json}). */
public final class ModelCards {
  public static final String FILE_NAME = "card.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelCards() {}

  /** Reads and validates a card; the message names the file and every problem. */
  public static ModelCard read(Path file) throws IOException {
    ModelCard card;
    try {
      card = JSON.readValue(file.toFile(), ModelCard.class);
    } catch (IOException e) {
      throw new IOException("cannot read model card " + file + ": " + e.getMessage(), e);
    }
    try {
      return card.validated();
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  public static void write(ModelCard card, Path file) throws IOException {
    card.validated();
    Files.writeString(file, toJson(card) + "\n");
  }

  public static String toJson(ModelCard card) {
    try {
      return JSON.writeValueAsString(card);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
