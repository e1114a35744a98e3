package dev.i2i.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean PSNR, SSIM and L1 (in [0,1] pixel units) of the model and of the two baselines on a paired
 * test set, and each one's {@link LayoutColour} distance to the target domain (unpaired).
 *
 * @param images number of test pairs
 */
public record Evaluation(
    int images,
    double psnr,
    double ssim,
    double identityPsnr,
    double identitySsim,
    double colorTransferPsnr,
    double colorTransferSsim,
    double l1,
    double identityL1,
    double colorTransferL1,
    double layout,
    double identityLayout,
    double colorTransferLayout) {

  /** The metrics as written into the model card. */
  public Map<String, Double> asMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("psnr", psnr);
    m.put("ssim", ssim);
    m.put("identity_psnr", identityPsnr);
    m.put("identity_ssim", identitySsim);
    m.put("colortransfer_psnr", colorTransferPsnr);
    m.put("colortransfer_ssim", colorTransferSsim);
    m.put("l1", l1);
    m.put("identity_l1", identityL1);
    m.put("colortransfer_l1", colorTransferL1);
    m.put("layout_distance", layout);
    m.put("identity_layout_distance", identityLayout);
    m.put("colortransfer_layout_distance", colorTransferLayout);
    m.put("test_images", (double) images);
    return m;
  }

  public boolean beatsBaselines() {
    return psnr > identityPsnr
        && psnr > colorTransferPsnr
        && ssim > identitySsim
        && ssim > colorTransferSsim;
  }

  /**
   * The three methods' scores; "layout" is the {@link LayoutColour} distance to the target domain,
   * the one column that needs no pairs.
   */
  public String table() {
    String row = "%-26s %8.3f %8.4f %8.4f %8.4f%n";
    return String.format(
        "%-26s %8s %8s %8s %8s%n" + row + row + row,
        "method (" + images + " test pairs)",
        "PSNR dB",
        "SSIM",
        "L1",
        "layout",
        "model",
        psnr,
        ssim,
        l1,
        layout,
        "identity (target vs input)",
        identityPsnr,
        identitySsim,
        identityL1,
        identityLayout,
        "colour transfer",
        colorTransferPsnr,
        colorTransferSsim,
        colorTransferL1,
        colorTransferLayout);
  }
}
