package io.cdcorchestrator.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdcorchestrator.aws.Moto;
import io.cdcorchestrator.common.TaskQueues;
import io.cdcorchestrator.common.aws.AwsClients;
import io.cdcorchestrator.dataplane.BastionTunnel;
import io.cdcorchestrator.dataplane.DataPlaneActivitiesImpl;
import io.cdcorchestrator.dataplane.EmbeddedBastion;
import io.cdcorchestrator.dataplane.InstanceConnectDouble;
import io.cdcorchestrator.model.Phase;
import io.cdcorchestrator.model.PipelineNames;
import io.cdcorchestrator.model.PipelineSpec;
import io.cdcorchestrator.model.PipelineStatus;
import io.cdcorchestrator.model.aws.AwsSpec;
import io.cdcorchestrator.sandbox.SharedSandbox;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS story's data plane end to end through a bastion: the workflow pins the bastion's host
 * key, then every data-plane step (SQL init, registration, the CDC proof, and the teardown's
 * connector and slot deletes) runs the real activities through an SSH tunnel of a real SSH server
 * standing in front of the sandbox's PostgreSQL and Kafka Connect; the database password is a
 * Secrets Manager reference resolved on moto. Doubles: the AWS control activities ({@link
 * ScriptedAws}, moto covers them in {@code AwsStoryMotoTest}) and EC2 Instance Connect ({@link
 * InstanceConnectDouble}).
 */
@ExtendWith({Moto.class, SharedSandbox.class})
class AwsThroughBastionTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = PipelineTestWorkflow.extension();

  @Test
  void readyThroughTheBastion_thenDestroyedThroughIt(
      TestWorkflowEnvironment env, Worker worker, AwsClients aws) throws Exception {
    String name = "tunnel" + UUID.randomUUID().toString().substring(0, 6);
    SharedSandbox.Stack sandbox = SharedSandbox.stack();
    // the sandbox's admin plays RDS's master user; its password sits in a Secrets Manager secret
    String secretArn =
        aws.secretsManager()
            .createSecret(
                r ->
                    r.name("rds!db-" + name)
                        .secretString(
                            "{\"username\":\"postgres\",\"password\":\"unused-by-trust-auth\"}"))
            .arn();
    URI connect = URI.create(sandbox.connect().attr("url"));
    InstanceConnectDouble instanceConnect = new InstanceConnectDouble();
    try (EmbeddedBastion bastion = new EmbeddedBastion(instanceConnect)) {
      ScriptedAws control =
          new ScriptedAws()
              .reaching(
                  Map.of(
                      "host",
                      "127.0.0.1",
                      "port",
                      sandbox.postgres().attr("port"),
                      "database",
                      sandbox.postgres().attr("database"),
                      "masterUsername",
                      sandbox.postgres().attr("adminUser"),
                      "masterUserSecretArn",
                      secretArn),
                  connect.getHost() + ":" + connect.getPort(),
                  "127.0.0.1",
                  bastion.port());
      worker.registerActivitiesImplementations(control.all());
      env.newWorker(TaskQueues.DATAPLANE)
          .registerActivitiesImplementations(new DataPlaneActivitiesImpl(instanceConnect));
      env.start();
      PipelineWorkflow wf =
          env.getWorkflowClient()
              .newWorkflowStub(
                  PipelineWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(PipelineNames.workflowId(name))
                      .setTaskQueue(worker.getTaskQueue())
                      .build());
      WorkflowClient.start(
          wf::run,
          PipelineSpec.aws(name, new AwsSpec(null, "203.0.113.0/24", null, null, null, null, null)),
          null);

      PipelineStatus ready = awaitReady(wf);
      assertTrue(
          ready.outputs().get("dataPlaneAccess").contains("127.0.0.1:" + bastion.port()),
          ready.outputs().toString());
      assertTrue(
          ready.outputs().get("cdcProof").contains(name + ".public.inventory"),
          ready.outputs().toString());
      String pg = "127.0.0.1:" + sandbox.postgres().attr("port");
      assertTrue(
          bastion.forwards.contains(pg)
              && bastion.forwards.contains(connect.getHost() + ":" + connect.getPort()),
          bastion.forwards.toString());
      assertTrue(
          instanceConnect.pushes.size() >= 7,
          "a key per connection: " + instanceConnect.pushes.size());
      assertTrue(
          BastionTunnel.openPorts().isEmpty(),
          "no tunnel outlives its call: " + BastionTunnel.openPorts());

      int forwardsBeforeDestroy = bastion.forwards.size();
      env.registerDelayedCallback(Duration.ofSeconds(61), wf::destroy);
      PipelineStatus done =
          WorkflowStub.fromTyped(wf).getResult(120, TimeUnit.SECONDS, PipelineStatus.class);
      assertEquals(Phase.DESTROYED, done.phase(), String.valueOf(done.error()));
      assertTrue(
          bastion.forwards.size() > forwardsBeforeDestroy,
          "the connector and slot were removed through the tunnel");
      assertTrue(BastionTunnel.openPorts().isEmpty());
    }
  }

  private static PipelineStatus awaitReady(PipelineWorkflow wf) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 180_000;
    PipelineStatus s = wf.status();
    while (s.phase() != Phase.READY) {
      if (System.currentTimeMillis() > deadline
          || s.phase() == Phase.FAILED
          || s.phase() == Phase.TEARING_DOWN) {
        throw new AssertionError("not READY; last status " + s);
      }
      Thread.sleep(100);
      s = wf.status();
    }
    return s;
  }
}
