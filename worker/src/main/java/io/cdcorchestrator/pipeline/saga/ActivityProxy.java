package io.cdcorchestrator.pipeline.saga;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Workflow;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A typed activity stub that schedules exactly what {@code Workflow.newActivityStub} schedules (the
 * method's activity type, these options, through the SDK's untyped stub, which the typed one also
 * ends in), but reflects over each activity interface once per JVM instead of once per stub: the
 * workflow builds a stub per call (each with its own summary), and the SDK's per-stub reflection
 * was a measurable part of replaying a history.
 *
 * <p>Only for activity interfaces without {@code @MethodRetry} and workers without
 * per-activity-type options in their {@code WorkflowImplementationOptions} (this project has
 * neither); those are what the SDK's typed stub would merge in.
 */
final class ActivityProxy {
  private record Shape(Constructor<?> proxy, Map<Method, String> activityTypes) {}

  private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

  private ActivityProxy() {}

  static <T> T of(Class<T> activities, ActivityOptions options) {
    Shape shape = SHAPES.computeIfAbsent(activities, ActivityProxy::shape);
    ActivityStub stub = Workflow.newUntypedActivityStub(options);
    InvocationHandler handler =
        (proxy, method, args) -> {
          String type = shape.activityTypes().get(method);
          if (type == null) { // toString, equals, hashCode
            return method.getDeclaringClass() == Object.class
                ? objectMethod(proxy, method, args, options)
                : null;
          }
          Object result =
              stub.execute(type, method.getReturnType(), method.getGenericReturnType(), args);
          return result == null && method.getReturnType().isPrimitive()
              ? primitiveDefault(method.getReturnType())
              : result;
        };
    try {
      return activities.cast(shape.proxy().newInstance(handler));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build a stub of " + activities.getName(), e);
    }
  }

  private static Shape shape(Class<?> activities) {
    Map<Method, String> types = new HashMap<>();
    for (POJOActivityMethodMetadata m :
        POJOActivityInterfaceMetadata.newInstance(activities).getMethodsMetadata()) {
      types.put(m.getMethod(), m.getActivityTypeName());
    }
    try {
      Class<?> proxyClass =
          Proxy.newProxyInstance(
                  activities.getClassLoader(), new Class<?>[] {activities}, (p, m, a) -> null)
              .getClass();
      return new Shape(proxyClass.getConstructor(InvocationHandler.class), Map.copyOf(types));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("cannot build a stub of " + activities.getName(), e);
    }
  }

  private static Object objectMethod(
      Object proxy, Method method, Object[] args, ActivityOptions options) {
    return switch (method.getName()) {
      case "equals" -> proxy == args[0];
      case "hashCode" -> System.identityHashCode(proxy);
      default -> "ActivityProxy{options=" + options + "}";
    };
  }

  private static Object primitiveDefault(Class<?> type) {
    if (type == boolean.class) {
      return false;
    } else if (type == void.class) {
      return null;
    } else if (type == char.class) {
      return '\0';
    } else if (type == long.class) {
      return 0L;
    } else if (type == double.class) {
      return 0d;
    } else if (type == float.class) {
      return 0f;
    }
    return type == byte.class ? (byte) 0 : type == short.class ? (short) 0 : 0;
  }
}
