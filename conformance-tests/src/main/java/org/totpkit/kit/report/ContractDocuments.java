package org.totpkit.kit.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The contract in the repository ({@code contract/*.md}), as the kit carries it: the Markdown is
 * the single source, each clause begins with {@code <a id="…"></a>}, and a report folder gets the
 * pages rendered to HTML ({@code contract/v3alpha.html} …) so that every citation in a report is a
 * link that resolves offline to the text the run was checked against.
 */
public final class ContractDocuments {
  /** Where the documents are on the kit's classpath, and where their HTML goes in a report. */
  public static final String FOLDER = "contract";

  private static final Pattern ANCHOR = Pattern.compile("<a id=\"([a-z0-9-]+)\"></a>");
  private static final Pattern MARKDOWN_LINK = Pattern.compile("^([A-Za-z0-9_-]+)\\.md(#.*)?$");
  private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());

  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:62rem;color:#1d232b;line-height:1.45;padding:0 1rem}
      h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3}h3{font-size:1.05rem}
      table{border-collapse:collapse;width:100%;font-size:.88rem;margin:.5rem 0}th,td{border:1px solid #d5dbe3;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f4f6f9}
      code{font-size:.85em;word-break:break-word}pre{background:#f4f6f9;padding:.5rem;overflow-x:auto}
      :target{background:#fff1cc}tr:has(:target){background:#fff1cc}li:has(> :target){background:#fff1cc}
      .muted{color:#5b6573;font-size:.85rem}
      """;

  /** Document name (e.g. {@code v3alpha}) to its Markdown, in name order. */
  private final SortedMap<String, String> markdown;

  /** Anchor to the name of the document that holds it. */
  private final Map<String, String> documentOfAnchor;

  private ContractDocuments(SortedMap<String, String> markdown) {
    this.markdown = Collections.unmodifiableSortedMap(markdown);
    Map<String, String> anchors = new LinkedHashMap<>();
    markdown.forEach(
        (name, text) -> {
          for (String anchor : anchors(text)) {
            String previous = anchors.putIfAbsent(anchor, name);
            if (previous != null) {
              throw new IllegalStateException(
                  "anchor " + anchor + " is in both " + previous + ".md and " + name + ".md");
            }
          }
        });
    this.documentOfAnchor = Collections.unmodifiableMap(anchors);
  }

  private static volatile ContractDocuments bundled;

  /** The contract the kit carries on its classpath. */
  public static ContractDocuments bundled() {
    ContractDocuments documents = bundled;
    if (documents == null) {
      documents = scanClasspath();
      bundled = documents;
    }
    return documents;
  }

  private static ContractDocuments scanClasspath() {
    SortedMap<String, String> found = new TreeMap<>();
    KitDocuments.all()
        .forEach(
            (path, bytes) -> {
              if (path.startsWith(FOLDER + "/") && path.endsWith(".md")) {
                String name = path.substring(FOLDER.length() + 1, path.length() - ".md".length());
                if (!name.contains("/")) {
                  found.put(name, new String(bytes, StandardCharsets.UTF_8));
                }
              }
            });
    if (found.isEmpty()) {
      throw new IllegalStateException(FOLDER + "/*.md is not on the kit's classpath");
    }
    return new ContractDocuments(found);
  }

  /** The documents of a folder, e.g. {@code ../contract} in the kit's own tests. */
  public static ContractDocuments of(Path folder) throws IOException {
    SortedMap<String, String> found = new TreeMap<>();
    try (var files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
        String name = file.getFileName().toString();
        found.put(
            name.substring(0, name.length() - ".md".length()),
            Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return new ContractDocuments(found);
  }

  /** Every anchor of a Markdown text, in order. */
  public static List<String> anchors(String markdownText) {
    List<String> found = new java.util.ArrayList<>();
    Matcher m = ANCHOR.matcher(markdownText);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /**
   * The clauses of a Markdown text: its anchors, except those of headings (a section, whose clauses
   * have anchors of their own) and the {@code …-anchors} paragraph that explains them.
   */
  public static Set<String> clauses(String markdownText) {
    Set<String> clauses = new LinkedHashSet<>();
    for (String line : markdownText.split("\n", -1)) {
      if (line.startsWith("#")) {
        continue;
      }
      for (String anchor : anchors(line)) {
        if (!anchor.endsWith("-anchors")) {
          clauses.add(anchor);
        }
      }
    }
    return clauses;
  }

  /** Every clause of every document, document by document in name order. */
  public Set<String> clauses() {
    Set<String> all = new LinkedHashSet<>();
    markdown.values().forEach(text -> all.addAll(clauses(text)));
    return all;
  }

  /** The document names, e.g. {@code [README, hooks, v2, v3alpha]}. */
  public Set<String> names() {
    return markdown.keySet();
  }

  public String markdown(String name) {
    return markdown.get(name);
  }

  /**
   * Where a clause is, relative to a report folder: {@code contract/v3alpha.html#v3alpha-row-10};
   * empty for a name that is no anchor of the contract.
   */
  public Optional<String> href(String clause) {
    return document(clause).map(name -> FOLDER + "/" + name + ".html#" + clause);
  }

  /** The name of the document that holds an anchor, e.g. {@code v3alpha}. */
  public Optional<String> document(String anchor) {
    return Optional.ofNullable(documentOfAnchor.get(anchor));
  }

  /** The HTML page of one document: the Markdown rendered, links between documents kept. */
  public String html(String name, String kitVersion) {
    String source = markdown.get(name);
    if (source == null) {
      throw new IllegalArgumentException("no contract document " + name);
    }
    Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    HtmlRenderer renderer =
        HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .attributeProviderFactory(
                context ->
                    (node, tagName, attributes) -> {
                      if (node instanceof Link && attributes.containsKey("href")) {
                        attributes.put("href", htmlHref(attributes.get("href")));
                      }
                    })
            .build();
    String body = renderer.render(parser.parse(source));
    String title = source.lines().findFirst().orElse(name).replaceFirst("^#+\\s*", "");
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + Certificate.esc(ANCHOR.matcher(title).replaceAll(""))
        + "</title><style>"
        + STYLE
        + "</style></head><body>\n"
        + body
        + "<hr><p class=\"muted\">Rendered from <code>"
        + FOLDER
        + "/"
        + Certificate.esc(name)
        + ".md</code> as carried by the conformance kit "
        + Certificate.esc(kitVersion)
        + ". <a href=\"README.html\">All contract documents</a>.</p>\n</body></html>\n";
  }

  /**
   * A link between the Markdown documents ({@code v2.md#x}) points at their HTML ({@code
   * v2.html#x}).
   */
  static String htmlHref(String href) {
    Matcher m = MARKDOWN_LINK.matcher(href);
    if (m.matches()) {
      return m.group(1) + ".html" + (m.group(2) == null ? "" : m.group(2));
    }
    return href;
  }

  /** Writes {@code contract/<name>.html} for every document into a report folder. */
  public void writeTo(Path reportDirectory, String kitVersion) throws IOException {
    Path folder = Files.createDirectories(reportDirectory.resolve(FOLDER));
    for (String name : markdown.keySet()) {
      Files.writeString(
          folder.resolve(name + ".html"), html(name, kitVersion), StandardCharsets.UTF_8);
    }
  }
}
