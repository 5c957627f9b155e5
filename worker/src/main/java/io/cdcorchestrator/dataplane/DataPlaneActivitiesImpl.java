package io.cdcorchestrator.dataplane;

import io.cdcorchestrator.pipeline.CdcProof;
import io.cdcorchestrator.pipeline.ConnectorHealth;
import io.cdcorchestrator.pipeline.DataPlaneAccess;
import io.cdcorchestrator.pipeline.Readiness;
import io.cdcorchestrator.pipeline.ResourceRecord;

/** Placeholder so the skeleton compiles; replaced by the JDBC/HTTP implementation in the next commits. */
public class DataPlaneActivitiesImpl implements DataPlaneActivities {
  private static RuntimeException pending() {
    return new IllegalStateException("data plane not built yet");
  }

  @Override public Readiness awaitDatabase(DataPlaneAccess a) { throw pending(); }
  @Override public ResourceRecord initDatabase(DataPlaneAccess a) { throw pending(); }
  @Override public void dropDatabaseObjects(DataPlaneAccess a) { throw pending(); }
  @Override public Readiness awaitConnect(DataPlaneAccess a) { throw pending(); }
  @Override public ResourceRecord registerConnector(DataPlaneAccess a) { throw pending(); }
  @Override public void deleteConnector(DataPlaneAccess a) { throw pending(); }
  @Override public Readiness awaitConnectorRunning(DataPlaneAccess a) { throw pending(); }
  @Override public CdcProof proveCdc(DataPlaneAccess a) { throw pending(); }
  @Override public ConnectorHealth checkHealth(DataPlaneAccess a) { throw pending(); }
  @Override public void restartFailed(DataPlaneAccess a) { throw pending(); }
}
