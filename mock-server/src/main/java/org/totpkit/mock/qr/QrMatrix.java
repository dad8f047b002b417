package org.totpkit.mock.qr;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/** A Key URI as QR modules (zxing), for whichever surface draws them: a terminal, an SVG image. */
public final class QrMatrix {
  private QrMatrix() {}

  /**
   * @param quietModules the light margin around the code, in modules
   * @throws IllegalArgumentException when the text is too long for a QR code
   */
  public static BitMatrix of(String text, int quietModules, ErrorCorrectionLevel level) {
    try {
      return new QRCodeWriter()
          .encode(
              text,
              BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(EncodeHintType.MARGIN, quietModules, EncodeHintType.ERROR_CORRECTION, level));
    } catch (WriterException tooLong) {
      throw new IllegalArgumentException("cannot encode this text as a QR code", tooLong);
    }
  }
}
