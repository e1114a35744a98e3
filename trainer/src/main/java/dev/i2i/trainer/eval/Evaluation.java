package dev.i2i.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mean PSNR, SSIM and L1 (in [0,1] pixel units) of the model and of the two baselines on a paired
 * test set.
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
    double colorTransferL1) {

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
        "%-26s %8s %8s %8s%n%-26s %8.3f %8.4f %8.4f%n%-26s %8.3f %8.4f %8.4f%n"
            + "%-26s %8.3f %8.4f %8.4f%n",
        "method (" + images + " test pairs)",
        "PSNR dB",
        "SSIM",
        "L1",
        "model",
        psnr,
        ssim,
        l1,
        "identity (target vs input)",
        identityPsnr,
        identitySsim,
        identityL1,
        "colour transfer",
        colorTransferPsnr,
        colorTransferSsim,
        colorTransferL1);
  }
}
