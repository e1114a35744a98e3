package dev.i2i.streamer.web;

import java.time.Duration;

/**
 * The service's HTTP endpoint.
 *
 * @param host address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
 * @param port port; 0 picks a free one, -1 turns the endpoint off
 * @param gallery whether {@code /gallery} (other people's images) is served
 * @param stallTimeout {@code /health} says DOWN when requests are waiting and no stream thread has
 *     committed for this long
 */
public record HttpSettings(String host, int port, boolean gallery, Duration stallTimeout) {
  public HttpSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("--http-host must name an address, e.g. 127.0.0.1");
    }
    if (port < -1 || port > 65535) {
      throw new IllegalArgumentException("--http-port must be -1 (off), 0 (any) or a port");
    }
    if (stallTimeout.isNegative() || stallTimeout.isZero()) {
      throw new IllegalArgumentException("--stall-seconds must be positive");
    }
  }

  /** Loopback only, any free port, no gallery: for tests and embedded uses. */
  public static HttpSettings local(int port) {
    return new HttpSettings("127.0.0.1", port, false, Duration.ofSeconds(60));
  }
}
