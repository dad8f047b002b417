package org.totpkit.kit.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The documents this kit checks against, as they are on its classpath: the feature files, the
 * OpenAPI documents, the .proto files and the contract's text (contract/*.md). Data-driven: every
 * file under one of {@link #FOLDERS} with one of {@link #EXTENSIONS} counts, so the .proto files
 * are covered from the day a jar on the classpath carries them.
 */
public final class KitDocuments {
  /** Classpath folders whose files are the contract the kit checks. */
  public static final List<String> FOLDERS = List.of("features", "openapi", "proto", "contract");

  static final List<String> EXTENSIONS =
      List.of(".feature", ".yaml", ".yml", ".json", ".proto", ".md");

  private static volatile SortedMap<String, byte[]> cached;

  private KitDocuments() {}

  /** Path on the classpath (e.g. {@code openapi/totp-hooks.openapi.yaml}) to its bytes. */
  public static SortedMap<String, byte[]> all() {
    SortedMap<String, byte[]> documents = cached;
    if (documents == null) {
      documents = Collections.unmodifiableSortedMap(scan(KitDocuments.class.getClassLoader()));
      cached = documents;
    }
    return documents;
  }

  /** Path to SHA-256 (hex) of every document. */
  public static SortedMap<String, String> digests() {
    SortedMap<String, String> result = new TreeMap<>();
    all().forEach((path, bytes) -> result.put(path, sha256(bytes)));
    return result;
  }

  /** The feature files' text, by path. */
  public static SortedMap<String, String> features() {
    SortedMap<String, String> result = new TreeMap<>();
    all()
        .forEach(
            (path, bytes) -> {
              if (path.endsWith(".feature")) {
                result.put(path, new String(bytes, StandardCharsets.UTF_8));
              }
            });
    return result;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static SortedMap<String, byte[]> scan(ClassLoader loader) {
    SortedMap<String, byte[]> found = new TreeMap<>();
    try {
      for (String folder : FOLDERS) {
        Enumeration<URL> roots = loader.getResources(folder);
        while (roots.hasMoreElements()) {
          collect(roots.nextElement(), folder, found);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the kit's documents", e);
    }
    return found;
  }

  /** One folder, in a directory or in a jar; the first copy of a path wins, as for a class. */
  private static void collect(URL root, String folder, Map<String, byte[]> found)
      throws IOException {
    URI uri;
    try {
      uri = root.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("unusable classpath entry " + root, e);
    }
    if (uri.getScheme().equals("jar")) {
      FileSystem jar;
      boolean opened = false;
      try {
        jar = FileSystems.newFileSystem(uri, Map.of());
        opened = true;
      } catch (FileSystemAlreadyExistsException e) {
        jar = FileSystems.getFileSystem(uri);
      }
      try {
        walk(jar.provider().getPath(uri), folder, found);
      } finally {
        if (opened) {
          jar.close();
        }
      }
    } else if (uri.getScheme().equals("file")) {
      walk(Path.of(uri), folder, found);
    }
  }

  private static void walk(Path base, String folder, Map<String, byte[]> found) throws IOException {
    if (!Files.isDirectory(base)) {
      return;
    }
    try (Stream<Path> files = Files.walk(base)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (EXTENSIONS.stream().noneMatch(name::endsWith)) {
          continue;
        }
        String relative = base.relativize(file).toString().replace('\\', '/');
        found.putIfAbsent(folder + "/" + relative, Files.readAllBytes(file));
      }
    }
  }
}
