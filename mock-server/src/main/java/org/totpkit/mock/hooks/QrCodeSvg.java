package org.totpkit.mock.hooks;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.totpkit.mock.qr.QrMatrix;

/**
 * A Key URI drawn as a QR code (zxing, as the command line's) in an SVG image, as a {@code data:}
 * URI that a page can show in an {@code img} (the console's Content-Security-Policy allows images
 * from {@code data:}). One path of dark squares on a light square: no text of the input in it but
 * the modules.
 */
final class QrCodeSvg {
  private static final int MODULE_PIXELS = 6;
  private static final int QUIET_MODULES = 4;

  private QrCodeSvg() {}

  static String dataUri(String text) {
    BitMatrix matrix = QrMatrix.of(text, QUIET_MODULES, ErrorCorrectionLevel.M);
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    String svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + width
            + " "
            + height
            + "\" width=\""
            + width * MODULE_PIXELS
            + "\" height=\""
            + height * MODULE_PIXELS
            + "\" shape-rendering=\"crispEdges\"><rect width=\""
            + width
            + "\" height=\""
            + height
            + "\" fill=\"#fff\"/><path fill=\"#000\" d=\""
            + path
            + "\"/></svg>";
    return "data:image/svg+xml;base64,"
        + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
  }
}
