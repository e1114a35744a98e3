package dev.i2i.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean PSNR and SSIM of the model and of the two baselines on a paired test set.
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
    double colorTransferSsim) {

  /** The metrics as written into the model card. */
  public Map<String, Double> asMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("psnr", psnr);
    m.put("ssim", ssim);
    m.put("identity_psnr", identityPsnr);
    m.put("identity_ssim", identitySsim);
    m.put("colortransfer_psnr", colorTransferPsnr);
    m.put("colortransfer_ssim", colorTransferSsim);
    m.put("test_images", (double) images);
    return m;
  }

  public boolean beatsBaselines() {
    return psnr > identityPsnr
        && psnr > colorTransferPsnr
        && ssim > identitySsim
        && ssim > colorTransferSsim;
  }

  public String table() {
    return String.format(
        "%-26s %8s %8s%n%-26s %8.3f %8.4f%n%-26s %8.3f %8.4f%n%-26s %8.3f %8.4f%n",
        "method (" + images + " test pairs)",
        "PSNR dB",
        "SSIM",
        "model",
        psnr,
        ssim,
        "identity (B vs A)",
        identityPsnr,
        identitySsim,
        "colour transfer",
        colorTransferPsnr,
        colorTransferSsim);
  }
}
