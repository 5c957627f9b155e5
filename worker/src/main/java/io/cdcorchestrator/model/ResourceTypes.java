package io.cdcorchestrator.model;

/**
 * The resource types a pipeline records in its inventory; each has one compensation in {@link
 * Teardown}.
 */
public final class ResourceTypes {
  public static final String SANDBOX_WORKDIR = "sandbox:work-directory";
  public static final String SANDBOX_POSTGRES = "sandbox:postgres";
  public static final String SANDBOX_KAFKA = "sandbox:kafka";
  public static final String SANDBOX_CONNECT = "sandbox:connect";
  public static final String DB_CDC_OBJECTS = "postgres:cdc-objects";
  public static final String CONNECTOR = "connect:connector";

  /**
   * Attribute of the sandbox work directory: the task queue of the host whose worker runs the
   * pipeline's processes.
   */
  public static final String TASK_QUEUE = "taskQueue";

  private ResourceTypes() {}
}
