package org.totpkit.kit.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.totpkit.kit.report.ContractDocuments;

/**
 * A dialect's error table, read from the contract document the kit carries (contract/v3alpha.md §3,
 * contract/v2.md §3): the rows every operation shares, then each operation's own rows, in the order
 * the server checks them. Nothing here is typed in by hand: a row added to the document is a row
 * here, so the precedence matrix picks it up by itself.
 */
public final class ErrorTable {
  /** One row: its anchor (e.g. {@code v3alpha-row-9}), its number and the answer it requires. */
  public record Row(
      String anchor, String number, List<Integer> httpStatuses, List<Integer> codes, String ids) {

    /**
     * The error ID the row requires of {@code operation}: the row's first ID, or the one the row
     * names "for" that operation; empty for a row without an ID.
     */
    public Optional<String> id(String operation, int alternative) {
      Matcher forOperation = FOR_OPERATION.matcher(ids);
      while (forOperation.find()) {
        if (forOperation.group(1).equalsIgnoreCase(operation)) {
          return Optional.of(forOperation.group(2));
        }
      }
      List<String> all = new ArrayList<>();
      Matcher id = ERROR_ID.matcher(ids.replaceAll(FOR_OPERATION.pattern(), ""));
      while (id.find()) {
        all.add(id.group(1));
      }
      if (all.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(all.get(Math.min(alternative, all.size() - 1)));
    }

    public int httpStatus(int alternative) {
      return httpStatuses.get(Math.min(alternative, httpStatuses.size() - 1));
    }

    public int code(int alternative) {
      return codes.get(Math.min(alternative, codes.size() - 1));
    }

    /** How many answers the row allows (v2's permission rows: 403 / 7 or 404 / 5). */
    public int alternatives() {
      return Math.max(httpStatuses.size(), codes.size());
    }
  }

  // An upstream error ID: COMMAND-4g3xq, AUTH-toLo1, AUTHZ-cdgFk, EVENT-8isk2.
  private static final Pattern ERROR_ID = Pattern.compile("\\b([A-Z]{3,}-[A-Za-z0-9]{4,8})\\b");
  private static final Pattern FOR_OPERATION =
      Pattern.compile("for (\\w+) the ID is `([A-Z]{3,}-[A-Za-z0-9]{4,8})`");
  private static final Pattern ANCHOR = Pattern.compile("<a id=\"([a-z0-9-]+)\"></a>");

  private final String dialect;
  private final List<Row> shared;
  private final Map<String, List<Row>> own;

  private ErrorTable(String dialect, List<Row> shared, Map<String, List<Row>> own) {
    this.dialect = dialect;
    this.shared = List.copyOf(shared);
    this.own = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(own));
  }

  /** v3alpha's one table, shared by start, verify and remove. */
  public static ErrorTable v3alpha() {
    return v3alpha(ContractDocuments.bundled().markdown("v3alpha"));
  }

  static ErrorTable v3alpha(String markdown) {
    List<Row> rows = rowsOfTableAfter(markdown, "v3alpha-check-order");
    Map<String, List<Row>> own = new LinkedHashMap<>();
    for (String operation : List.of("start", "verify", "remove")) {
      own.put(operation, List.of());
    }
    return new ErrorTable("v3alpha", rows, own);
  }

  /** v2's shared rows, then RegisterTOTP's, VerifyTOTPRegistration's and RemoveTOTP's own. */
  public static ErrorTable v2() {
    return v2(ContractDocuments.bundled().markdown("v2"));
  }

  static ErrorTable v2(String markdown) {
    Map<String, List<Row>> own = new LinkedHashMap<>();
    own.put("register", rowsOfTableAfter(markdown, "v2-register"));
    own.put("verify", rowsOfTableAfter(markdown, "v2-verify"));
    own.put("remove", rowsOfTableAfter(markdown, "v2-remove"));
    return new ErrorTable("v2", rowsOfTableAfter(markdown, "v2-check-order"), own);
  }

  public String dialect() {
    return dialect;
  }

  /** The operations, by the names the document's anchors give them. */
  public List<String> operations() {
    return List.copyOf(own.keySet());
  }

  /** The rows {@code operation} is checked against, in order. */
  public List<Row> order(String operation) {
    List<Row> rows = new ArrayList<>(shared);
    List<Row> its = own.get(operation);
    if (its == null) {
      throw new IllegalArgumentException(dialect + " has no operation " + operation);
    }
    rows.addAll(its);
    return rows;
  }

  /** Every row of the dialect, each once. */
  public List<Row> rows() {
    Map<String, Row> all = new LinkedHashMap<>();
    for (String operation : operations()) {
      order(operation).forEach(row -> all.putIfAbsent(row.anchor(), row));
    }
    return List.copyOf(all.values());
  }

  /**
   * The rows of the first table that follows the clause {@code anchor}: the lines of that table
   * that begin with an anchor in their first cell. Its columns are: number, condition, HTTP
   * status(es), gRPC code(s), message and ID.
   */
  private static List<Row> rowsOfTableAfter(String markdown, String anchor) {
    String[] lines = markdown.split("\n");
    int at = 0;
    while (at < lines.length && !lines[at].contains("<a id=\"" + anchor + "\"></a>")) {
      at++;
    }
    if (at == lines.length) {
      throw new IllegalStateException("the contract has no clause " + anchor);
    }
    while (at < lines.length && !lines[at].startsWith("|")) {
      at++;
    }
    List<Row> rows = new ArrayList<>();
    for (; at < lines.length && lines[at].startsWith("|"); at++) {
      List<String> cells = cells(lines[at]);
      Matcher rowAnchor = ANCHOR.matcher(cells.get(0));
      if (cells.size() < 5 || !rowAnchor.find()) {
        continue;
      }
      rows.add(
          new Row(
              rowAnchor.group(1),
              cells.get(0).substring(rowAnchor.end()).trim(),
              numbers(cells.get(2)),
              numbers(cells.get(3)),
              cells.get(4)));
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("no rows in the table after " + anchor);
    }
    return rows;
  }

  private static List<String> cells(String line) {
    String inner = line.strip();
    inner = inner.substring(1, inner.endsWith("|") ? inner.length() - 1 : inner.length());
    List<String> cells = new ArrayList<>();
    for (String cell : inner.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    return cells;
  }

  // "403 / 404" is two answers; "400 (not 412)" is one.
  private static List<Integer> numbers(String cell) {
    List<Integer> numbers = new ArrayList<>();
    for (String part : cell.split("/")) {
      Matcher number = Pattern.compile("^\\s*(\\d+)").matcher(part);
      if (number.find()) {
        numbers.add(Integer.parseInt(number.group(1)));
      }
    }
    if (numbers.isEmpty()) {
      throw new IllegalStateException("no status in the error table cell \"" + cell + "\"");
    }
    return numbers;
  }
}
