package org.totpkit.mock.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code drawn with Unicode half blocks, two modules per character row. The light modules are
 * drawn, so that the code reads dark on light on a terminal with light text on a dark background.
 */
final class TerminalQr {
  private TerminalQr() {}

  static String render(String text) {
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.MARGIN,
                      2,
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.L));
    } catch (WriterException tooLong) {
      throw new IllegalArgumentException("cannot encode this text as a QR code", tooLong);
    }
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
