package dev.i2i.schemas.testing;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A self-signed certificate for 127.0.0.1 in a PKCS12 keystore, and a truststore that trusts it,
 * made with the JDK's keytool (for TLS tests of the broker and the schema registry).
 *
 * @param keystore the server's key and certificate
 * @param truststore the certificate alone, for clients
 * @param password both stores' password
 */
public record SelfSignedCertificate(Path keystore, Path truststore, String password) {
  public static SelfSignedCertificate create(Path dir, String password)
      throws IOException, InterruptedException {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path keystore = dir.resolve("server.p12");
    Path cert = dir.resolve("server.crt");
    Path trust = dir.resolve("trust.p12");
    run(
        keytool,
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-keypass",
        password);
    run(
        keytool,
        "-exportcert",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        password,
        "-rfc",
        "-file",
        cert.toString());
    run(
        keytool,
        "-importcert",
        "-noprompt",
        "-alias",
        "server",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trust.toString(),
        "-storepass",
        password);
    return new SelfSignedCertificate(keystore, trust, password);
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + out);
    }
  }
}
