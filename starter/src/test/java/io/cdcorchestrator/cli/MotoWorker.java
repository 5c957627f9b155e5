package io.cdcorchestrator.cli;

import io.cdcorchestrator.Workers;
import io.cdcorchestrator.aws.MotoMskGaps;
import io.cdcorchestrator.aws.MotoPreflightGaps;
import io.cdcorchestrator.aws.MotoServer;
import io.cdcorchestrator.common.CdcHome;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.TemporalConnection;
import io.cdcorchestrator.common.aws.AwsClients;
import java.util.List;
import java.util.Set;

/**
 * Not a test: the main of a {@code cdc-control} worker in a JVM of its own (so {@link
 * AwsCrashMotoTest} can kill it with SIGKILL), built like {@code cdc worker} through {@link
 * Workers}, whose AWS clients point at moto ({@code -Daws.endpointUrl}) and carry the {@link
 * MotoMskGaps} test double. The double's in-memory MSK configuration API is the test JVM's ({@code
 * -Dcdc.test.mskFake=host:port}), so what a killed worker created there is still there for the
 * next.
 */
public final class MotoWorker {
  private MotoWorker() {}

  public static void main(String[] args) throws Exception {
    String address = System.getenv("TEMPORAL_ADDRESS");
    String[] fake = System.getProperty("cdc.test.mskFake").split(":");
    MotoMskGaps msk = MotoMskGaps.remote(fake[0], Integer.parseInt(fake[1]));
    TemporalConnection connection = TemporalConnection.connect(address);
    // the preflight's calls moto lacks: the same double the in-process tests use
    try (AwsClients clients =
            AwsClients.create(MotoServer.REGION, List.of(msk, new MotoPreflightGaps()));
        Workers workers =
            Workers.start(
                connection.client(),
                Set.of(TaskQueues.CONTROL),
                CdcHome.sandboxRoot(),
                clients,
                System.out::println)) {
      System.out.println("worker polling " + TaskQueues.CONTROL + " at " + address);
      Thread.sleep(Long.MAX_VALUE); // until killed
    }
  }
}
