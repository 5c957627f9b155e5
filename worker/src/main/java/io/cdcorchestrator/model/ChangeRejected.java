package io.cdcorchestrator.model;

/**
 * What an update validator throws to refuse a change before it enters history. Temporal turns it
 * into a failure whose type is this class's name ({@link #REFUSED} or {@link #INVALID}): the client
 * tells a refusal from bad input by that type, as it does for the failures the changes themselves
 * end with.
 */
public class ChangeRejected extends RuntimeException {
  public static final String REFUSED = Refused.class.getName();
  public static final String INVALID = Invalid.class.getName();

  ChangeRejected(String message) {
    super(message);
  }

  /** The pipeline cannot take the change now, or not at all. */
  public static final class Refused extends ChangeRejected {
    public Refused(String message) {
      super(message);
    }
  }

  /** The request is not valid input: the message names the field. */
  public static final class Invalid extends ChangeRejected {
    public Invalid(String message) {
      super(message);
    }
  }
}
