package dev.i2i.broker;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A SASL_SSL listener for the embedded broker: SCRAM-SHA-512 logins over TLS, with ACLs enforced
 * ({@code StandardAuthorizer}, nothing allowed that no ACL grants). For testing i2i against a
 * secured cluster; the controller listener stays on loopback in plain text.
 *
 * @param keystore PKCS12 keystore with the broker's key and certificate
 * @param keystorePassword its password
 * @param admin the broker's own SCRAM user, a super user
 * @param adminPassword its password
 * @param users further SCRAM users (name to password), created when the storage is formatted
 * @param truststore PKCS12 truststore (same password) that trusts the broker's certificate, for the
 *     broker's own readiness check
 */
public record BrokerSecurity(
    Path keystore,
    String keystorePassword,
    String admin,
    String adminPassword,
    Map<String, String> users,
    Path truststore) {
  static final String MECHANISM = "SCRAM-SHA-512";

  /** The arguments that create the SCRAM credentials at format time. */
  List<String> formatArgs() {
    List<String> args = new java.util.ArrayList<>();
    args.add("--add-scram");
    args.add(scram(admin, adminPassword));
    users.forEach(
        (u, p) -> {
          args.add("--add-scram");
          args.add(scram(u, p));
        });
    return args;
  }

  private static String scram(String user, String password) {
    return MECHANISM + "=[name=" + user + ",password=" + password + "]";
  }

  /** Broker properties for a SASL_SSL listener on {@code port} and the authorizer. */
  Map<String, String> brokerProperties(int port, int controllerPort) {
    String listeners = "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort;
    Map<String, String> p = new java.util.HashMap<>();
    p.put("listeners", listeners);
    p.put("advertised.listeners", listeners);
    p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "SASL_SSL");
    p.put("sasl.enabled.mechanisms", MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
    p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaas(admin, adminPassword));
    p.put("ssl.keystore.location", keystore.toString());
    p.put("ssl.keystore.password", keystorePassword);
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.key.password", keystorePassword);
    // The broker checks its listener by connecting to itself, so it must trust its certificate.
    p.put("ssl.truststore.location", truststore.toString());
    p.put("ssl.truststore.password", keystorePassword);
    p.put("ssl.truststore.type", "PKCS12");
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("allow.everyone.if.no.acl.found", "false");
    // The broker's own user, and the plain-text controller listener's anonymous principal.
    p.put("super.users", "User:" + admin + ";User:ANONYMOUS");
    return p;
  }

  /** Client properties of the broker's own super user, for the readiness check. */
  Map<String, Object> adminClient() {
    return Map.of(
        "security.protocol",
        "SASL_SSL",
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        jaas(admin, adminPassword),
        "ssl.truststore.location",
        truststore.toString(),
        "ssl.truststore.password",
        keystorePassword,
        "ssl.truststore.type",
        "PKCS12");
  }

  /** The JAAS line a client uses to log in as {@code user}. */
  public static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }
}
