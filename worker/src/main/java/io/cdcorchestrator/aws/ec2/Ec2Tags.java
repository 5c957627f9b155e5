package io.cdcorchestrator.aws.ec2;

import io.cdcorchestrator.model.aws.AwsStack;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** EC2 resources carry the stack's tags plus {@code Name}, set atomically on the create call. */
final class Ec2Tags {
  private Ec2Tags() {}

  static TagSpecification on(ResourceType type, AwsStack stack, String name) {
    List<Tag> tags = new ArrayList<>(stack.tags((k, v) -> Tag.builder().key(k).value(v).build()));
    tags.add(Tag.builder().key(AwsStack.NAME_TAG).value(name).build());
    return TagSpecification.builder().resourceType(type).tags(tags).build();
  }

  /** Filters for "this pipeline's resource called {@code name}", plus any extra filters. */
  static List<Filter> owned(AwsStack stack, String name, Filter... more) {
    List<Filter> filters =
        new ArrayList<>(
            List.of(
                filter("tag:" + AwsStack.PIPELINE_TAG, stack.pipeline()),
                filter("tag:" + AwsStack.NAME_TAG, name)));
    filters.addAll(List.of(more));
    return filters;
  }

  /**
   * Whether {@code tags} mark this pipeline's resource called {@code name}: the same test as {@link
   * #owned}'s filters, for APIs whose tag filters moto ignores (DescribeNatGateways).
   */
  static boolean isOwned(List<Tag> tags, AwsStack stack, String name) {
    return tags.stream()
            .anyMatch(
                t -> t.key().equals(AwsStack.PIPELINE_TAG) && t.value().equals(stack.pipeline()))
        && tags.stream().anyMatch(t -> t.key().equals(AwsStack.NAME_TAG) && t.value().equals(name));
  }

  static Filter filter(String name, String... values) {
    return Filter.builder().name(name).values(values).build();
  }
}
