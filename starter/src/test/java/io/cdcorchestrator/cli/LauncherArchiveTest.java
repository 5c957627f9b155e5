package io.cdcorchestrator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cdc} launcher's class-data-sharing archive, with the real script and a real JVM: an
 * install laid out as the build lays it out ({@code starter/target/cdc.jar} and {@code lib/}, made
 * here from this module's classes and classpath, so the script finds nothing to rebuild). The
 * archive is built on first use, used afterwards, rebuilt when damaged, built once by concurrent
 * first runs, and never changes what a command prints or exits with.
 */
class LauncherArchiveTest {
  private static final String[] PLAN = {"plan", "--target", "aws", "--format", "dot"};

  @TempDir static Path install;
  private static Path archive;
  private static String expected;

  @BeforeAll
  static void layOutAnInstall() throws Exception {
    Path target = Files.createDirectories(install.resolve("starter/target"));
    Path lib = Files.createDirectories(target.resolve("lib"));
    List<String> classPath = new ArrayList<>();
    // surefire runs the tests from a manifest-only jar and names the real class path here
    String testClassPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    for (String entry : testClassPath.split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (p.toString().endsWith(".jar") && !p.getFileName().toString().startsWith("surefire")) {
        Files.createSymbolicLink(lib.resolve(p.getFileName()), p);
        classPath.add("lib/" + p.getFileName());
      } else if (p.endsWith(Path.of("target", "classes"))
          && !p.equals(Path.of("target/classes").toAbsolutePath())) {
        String module = p.getParent().getParent().getFileName() + ".jar"; // worker's classes
        jar(p, lib.resolve(module), null);
        classPath.add("lib/" + module);
      }
    }
    jar(Path.of("target/classes"), target.resolve("cdc.jar"), String.join(" ", classPath));
    Files.copy(Path.of("../cdc"), install.resolve("cdc"));
    install.resolve("cdc").toFile().setExecutable(true);
    archive = target.resolve("cdc.jsa");
    expected = new Cli().run(PLAN).out();
  }

  @Test
  void builtOnFirstUse_thenUsed_andTheOutputIsTheSame() throws Exception {
    Files.deleteIfExists(archive);
    Run first = cdc(PLAN);
    assertEquals(0, first.code, first::toString);
    assertEquals(expected, first.out, "the same plan as in-process");
    assertTrue(first.err.contains("preparing the start-up archive"), first::toString);
    assertTrue(Files.size(archive) > 0);

    Path classes = install.resolve("classes.log");
    Run second =
        cdc(
            List.of(
                "CDC_JAVA_OPTS=-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
                    + " -Xlog:class+load=info:file="
                    + classes),
            PLAN);
    assertEquals(0, second.code, second::toString);
    assertEquals(expected, second.out);
    assertEquals("", second.err, "nothing to prepare the second time");
    assertTrue(
        Files.readString(classes).contains("io.cdcorchestrator.cli.PlanCommand source: shared"),
        "PlanCommand came from the archive");
  }

  @Test
  void aTruncatedArchive_isNotUsedButRebuilt() throws Exception {
    cdc(PLAN);
    byte[] whole = Files.readAllBytes(archive);
    archive.toFile().setWritable(true);
    Files.write(archive, Arrays.copyOf(whole, whole.length / 2)); // the JVM would crash on it

    Run r = cdc(PLAN);
    assertEquals(0, r.code, r::toString);
    assertEquals(expected, r.out);
    assertTrue(r.err.contains("preparing the start-up archive"), r::toString);
    long recorded =
        Long.parseLong(Files.readString(archive.resolveSibling("cdc.jsa.size")).strip());
    assertEquals(recorded, Files.size(archive), "rebuilt whole (a dump's size varies a little)");
    assertTrue(recorded > whole.length / 2, "rebuilt whole");
  }

  @Test
  void concurrentFirstRuns_buildItOnce_andAllSucceed() throws Exception {
    Files.deleteIfExists(archive);
    List<Process> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(start(List.of(), PLAN));
    }
    int preparing = 0;
    for (Process p : runs) {
      Run r = finish(p);
      assertEquals(0, r.code, r::toString);
      assertEquals(expected, r.out);
      preparing += r.err.contains("preparing the start-up archive") ? 1 : 0;
    }
    assertEquals(1, preparing, "one run built it, the others waited for it");
    assertTrue(Files.size(archive) > 0);
  }

  @Test
  void aFailedBuild_isNotRetriedUntilTheNextBuild() throws Exception {
    Files.deleteIfExists(archive);
    Path failed = install.resolve("starter/target/cdc.jsa.failed");
    Files.writeString(failed, "");
    FileTime jarTime = Files.getLastModifiedTime(install.resolve("starter/target/cdc.jar"));
    Files.setLastModifiedTime( // newer than the jar: this build's archive failed to build
        failed, FileTime.fromMillis(jarTime.toMillis() + 1000));
    try {
      Run r = cdc(PLAN);
      assertEquals(0, r.code, r::toString);
      assertEquals(expected, r.out);
      assertEquals("", r.err, "no second attempt");
      assertFalse(Files.exists(archive));
    } finally {
      Files.delete(failed);
    }
  }

  private record Run(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private static Run cdc(String... args) throws Exception {
    return cdc(List.of(), args);
  }

  private static Run cdc(List<String> env, String... args) throws Exception {
    return finish(start(env, args));
  }

  private static Process start(List<String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("env", "CDC_HOME=" + install.resolve("home")));
    command.addAll(env);
    command.add(install.resolve("cdc").toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
  }

  private static Run finish(Process p) throws Exception {
    p.getOutputStream().close();
    var out = p.getInputStream().readAllBytes();
    var err = p.getErrorStream().readAllBytes();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the launcher ended");
    return new Run(p.exitValue(), new String(out), new String(err));
  }

  /** A jar of {@code classes}; with a manifest class path when {@code classPath} is not null. */
  private static void jar(Path classes, Path jar, String classPath) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (classPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CdcCommand.class.getName());
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }
}
