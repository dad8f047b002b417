package org.totpkit.mock.cli;

import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.totpkit.mock.qr.QrMatrix;

/**
 * A QR code drawn with Unicode half blocks, two modules per character row. The light modules are
 * drawn, so that the code reads dark on light on a terminal with light text on a dark background.
 */
final class TerminalQr {
  private TerminalQr() {}

  static String render(String text) {
    BitMatrix matrix = QrMatrix.of(text, 2, ErrorCorrectionLevel.L);
    StringBuilder out = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y += 2) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        boolean top = !matrix.get(x, y);
        // Below the last row is more quiet zone, light like the margin.
        boolean bottom = y + 1 >= matrix.getHeight() || !matrix.get(x, y + 1);
        out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
