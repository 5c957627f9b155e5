package io.cdcorchestrator.cli;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Test double for a Temporal frontend (Temporal Cloud, a TLS cluster): a real gRPC server on
 * 127.0.0.1 that answers only GetSystemInfo and records what each call carried: the authorization
 * header and, over mutual TLS, the client certificate's subject. It shows what our client really
 * sends on the wire; it is no Temporal server.
 */
final class RecordingFrontend implements AutoCloseable {
  record Call(String method, String authorization, String clientSubject) {}

  enum Tls {
    NONE,
    SERVER,
    MUTUAL
  }

  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Server server;

  RecordingFrontend(Tls tls) throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    if (tls != Tls.NONE) {
      SslContextBuilder ssl =
          GrpcSslContexts.configure(
              SslContextBuilder.forServer(file("server.pem"), file("server.key")));
      if (tls == Tls.MUTUAL) {
        ssl.trustManager(file("ca.pem")).clientAuth(ClientAuth.REQUIRE);
      }
      builder.sslContext(ssl.build());
    }
    server =
        builder
            .addService(ServerInterceptors.intercept(new SystemInfoOnly(), new Recorder()))
            .build()
            .start();
  }

  String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /** A test certificate file under src/test/resources/tls. */
  static File file(String name) {
    try {
      return Path.of(RecordingFrontend.class.getResource("/tls/" + name).toURI()).toFile();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String path(String name) {
    return file(name).getAbsolutePath();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      calls.add(
          new Call(
              call.getMethodDescriptor().getBareMethodName(),
              headers.get(AUTHORIZATION),
              clientSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))));
      return next.startCall(call, headers);
    }

    private String clientSubject(SSLSession session) {
      if (session == null) {
        return null;
      }
      try {
        return ((X509Certificate) session.getPeerCertificates()[0])
            .getSubjectX500Principal()
            .getName();
      } catch (SSLPeerUnverifiedException e) {
        return null;
      }
    }
  }

  private static final class SystemInfoOnly extends WorkflowServiceGrpc.WorkflowServiceImplBase {
    @Override
    public void getSystemInfo(
        GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
      response.onNext(GetSystemInfoResponse.getDefaultInstance());
      response.onCompleted();
    }
  }
}
