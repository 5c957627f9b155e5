package io.cdcorchestrator.cli;

import io.cdcorchestrator.dataplane.DataPlaneActivities;
import io.cdcorchestrator.model.BastionAccess;
import io.cdcorchestrator.model.CdcProof;
import io.cdcorchestrator.model.ConnectorHealth;
import io.cdcorchestrator.model.ConnectorState;
import io.cdcorchestrator.model.DataPlaneAccess;
import io.cdcorchestrator.model.Readiness;
import io.cdcorchestrator.model.ResourceRecord;
import io.cdcorchestrator.model.ResourceTypes;
import io.cdcorchestrator.model.preflight.Finding;
import java.util.List;
import java.util.Map;

/**
 * Test double of the data plane for {@link AwsCrashMotoTest}: moto runs no bastion, database or
 * Connect task, so nothing answers SSH, SQL or the Connect REST API behind its resources. Each call
 * answers as a healthy data plane would (the sandbox tests run the real data plane). It serves
 * {@code cdc-dataplane} from the test JVM, so the control workers that get killed are the only
 * thing under test.
 */
final class MotoDataPlane implements DataPlaneActivities {
  private static final Readiness READY = new Readiness(1, "data plane double: ready");

  @Override
  public BastionAccess pinBastionHostKey(DataPlaneAccess access) {
    return access.bastion().pinned("ssh-ed25519 AAAAC3NzaMotoDataPlaneDouble");
  }

  @Override
  public List<Finding> preflightDatabase(DataPlaneAccess access) {
    return List.of(Finding.ok("database.wal_level", "wal_level = logical"));
  }

  @Override
  public Readiness awaitDatabase(DataPlaneAccess access) {
    return READY;
  }

  @Override
  public ResourceRecord initDatabase(DataPlaneAccess access) {
    return new ResourceRecord(ResourceTypes.DB_CDC_OBJECTS, "cdc_pub", "created", Map.of());
  }

  @Override
  public void dropDatabaseObjects(DataPlaneAccess access) {}

  @Override
  public Readiness awaitConnect(DataPlaneAccess access) {
    return READY;
  }

  @Override
  public ResourceRecord registerConnector(DataPlaneAccess access) {
    return new ResourceRecord(ResourceTypes.CONNECTOR, "inventory-connector", "created", Map.of());
  }

  @Override
  public void deleteConnector(DataPlaneAccess access) {}

  @Override
  public Readiness awaitConnectorRunning(DataPlaneAccess access) {
    return READY;
  }

  @Override
  public void pauseConnector(DataPlaneAccess access) {}

  @Override
  public void resumeConnector(DataPlaneAccess access) {}

  @Override
  public void stopConnector(DataPlaneAccess access) {}

  @Override
  public Readiness awaitConnectorState(DataPlaneAccess access, ConnectorState state) {
    return READY;
  }

  @Override
  public String checkTables(DataPlaneAccess access) {
    return "tables exist and have a key";
  }

  @Override
  public void publishTables(DataPlaneAccess access) {}

  @Override
  public String requestSnapshot(DataPlaneAccess access, List<String> tables) {
    return "signal-1";
  }

  @Override
  public Readiness awaitSnapshot(DataPlaneAccess access, String signalId, List<String> tables) {
    return READY;
  }

  @Override
  public CdcProof proveCdc(DataPlaneAccess access) {
    return new CdcProof("inventory.public.customers", "canary-1", "c", 100, "kafka");
  }

  @Override
  public ConnectorHealth checkHealth(DataPlaneAccess access) {
    return new ConnectorHealth("RUNNING", List.of(), 1024, null, 2L, List.of());
  }

  @Override
  public void restartFailed(DataPlaneAccess access) {}
}
