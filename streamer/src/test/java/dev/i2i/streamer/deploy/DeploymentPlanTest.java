package dev.i2i.streamer.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.i2i.schemas.AvroCodec;
import dev.i2i.schemas.avro.DeploymentAction;
import dev.i2i.schemas.avro.ModelDeployment;
import dev.i2i.schemas.avro.ModelVersionRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentPlanTest {
  static ModelVersionRef v(int n) {
    return new ModelVersionRef(n, "m/" + n, "sha" + n);
  }

  static DeploymentPlan plan(ModelDeployment current) {
    return new DeploymentPlan("m", current, v(1), "test");
  }

  @Test
  void aNeverAnnouncedModelServesItsHighestVersionAndDeployKeepsItForRollback() {
    ModelDeployment d = plan(null).deploy(v(2), 100);
    assertEquals(DeploymentAction.DEPLOY, d.getAction());
    assertEquals(2, d.getLive().getVersion());
    assertNull(d.getCanary());
    assertEquals(List.of(1), d.getPrevious().stream().map(ModelVersionRef::getVersion).toList());
    ModelDeployment back = plan(d).rollback();
    assertEquals(1, back.getLive().getVersion());
    assertTrue(back.getPrevious().isEmpty(), "the version rolled back from is no target");
    assertThrows(IllegalStateException.class, () -> plan(back).rollback());
  }

  @Test
  void canaryThenPromoteOrRollback() {
    ModelDeployment canary = plan(null).deploy(v(2), 30);
    assertEquals(DeploymentAction.CANARY, canary.getAction());
    assertEquals(1, canary.getLive().getVersion());
    assertEquals(2, canary.getCanary().getVersion());
    assertEquals(30, canary.getCanaryPercent());

    ModelDeployment promoted = plan(canary).promote();
    assertEquals(2, promoted.getLive().getVersion());
    assertNull(promoted.getCanary());
    assertEquals(0, promoted.getCanaryPercent());
    assertEquals(1, promoted.getPrevious().get(0).getVersion());

    ModelDeployment dropped = plan(canary).rollback();
    assertEquals(1, dropped.getLive().getVersion());
    assertNull(dropped.getCanary());
    assertThrows(IllegalStateException.class, () -> plan(dropped).promote());
  }

  @Test
  void retireRefusesTheLiveVersionAndForbidsServingAgain() {
    ModelDeployment two = plan(null).deploy(v(2), 100);
    assertThrows(IllegalStateException.class, () -> plan(two).retire(2));
    ModelDeployment retired = plan(two).retire(1);
    assertEquals(List.of(1), retired.getRetired());
    assertTrue(retired.getPrevious().isEmpty());
    assertThrows(IllegalStateException.class, () -> plan(retired).rollbackTo(v(1)));
    assertThrows(IllegalStateException.class, () -> plan(retired).deploy(v(1), 100));
    ModelDeployment canary = plan(two).deploy(v(3), 10);
    ModelDeployment noCanary = plan(canary).retire(3);
    assertNull(noCanary.getCanary());
    assertEquals(2, noCanary.getLive().getVersion());
  }

  @Test
  void announcingTheSameStateIsRecognisedAsNoChange() {
    ModelDeployment two = plan(null).deploy(v(2), 100);
    // Through the wire and back, as the deploy command reads it.
    ModelDeployment read = roundTrip(two);
    DeploymentPlan again = plan(read);
    assertTrue(again.unchanged(again.rollbackTo(v(2))));
    assertTrue(!again.unchanged(again.deploy(v(3), 100)));
  }

  @Test
  void aCanaryNeedsALiveVersion() {
    DeploymentPlan empty = new DeploymentPlan("m", null, null, "test");
    assertThrows(IllegalStateException.class, () -> empty.deploy(v(1), 50));
    assertEquals(1, empty.deploy(v(1), 100).getLive().getVersion());
    assertThrows(IllegalArgumentException.class, () -> empty.deploy(v(1), 0));
  }

  static ModelDeployment roundTrip(ModelDeployment d) {
    try {
      AvroCodec<ModelDeployment> c = AvroCodec.deployments();
      return c.decode(c.encode(d));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
