package dev.i2i.trainer.perf;

import dev.i2i.trainer.nn.GraphOps;

/**
 * Counts a network's multiply-accumulates by building it over shapes instead of tensors: the same
 * builder code as training and export, so the count is of exactly the network that runs. A
 * multiply-accumulate is two floating-point operations, as other frameworks' FLOP counters report.
 */
public final class FlopCount implements GraphOps<FlopCount.Shape> {
  /** An activation's shape (batch, channels, height, width). */
  public record Shape(long n, long c, long h, long w) {
    long elements() {
      return n * c * h * w;
    }
  }

  private long macs;
  private long elementwise;

  /** Multiply-accumulates of the convolutions (and transposed convolutions) built so far. */
  public long macs() {
    return macs;
  }

  /** Element-wise work (normalisation, activations, padding) built so far, in elements touched. */
  public long elementwise() {
    return elementwise;
  }

  private Shape touch(Shape s) {
    elementwise += s.elements();
    return s;
  }

  @Override
  public Shape conv(Shape x, String name, int in, int out, int k, int stride, int pad) {
    long h = (x.h() + 2L * pad - k) / stride + 1;
    long w = (x.w() + 2L * pad - k) / stride + 1;
    Shape y = new Shape(x.n(), out, h, w);
    macs += y.elements() * in * (long) k * k;
    return y;
  }

  @Override
  public Shape deconv(Shape x, String name, int in, int out, boolean aligned) {
    macs += x.elements() * out * 9L; // every input pixel scatters a 3x3 kernel to each output
    return new Shape(x.n(), out, x.h() * 2, x.w() * 2);
  }

  @Override
  public Shape upsample(Shape x) {
    return touch(new Shape(x.n(), x.c(), x.h() * 2, x.w() * 2));
  }

  @Override
  public Shape reflectPad(Shape x, int pad) {
    return touch(new Shape(x.n(), x.c(), x.h() + 2L * pad, x.w() + 2L * pad));
  }

  @Override
  public Shape instanceNorm(Shape x, int channels) {
    return touch(x);
  }

  @Override
  public Shape relu(Shape x) {
    return touch(x);
  }

  @Override
  public Shape leakyRelu(Shape x, double alpha) {
    return touch(x);
  }

  @Override
  public Shape tanh(Shape x) {
    return touch(x);
  }

  @Override
  public Shape add(Shape a, Shape b) {
    return touch(a);
  }

  @Override
  public Shape concat(Shape a, Shape b) {
    return touch(new Shape(a.n(), a.c() + b.c(), a.h(), a.w()));
  }

  @Override
  public Shape batchNorm(Shape x, String name, int channels) {
    return touch(x);
  }

  @Override
  public Shape dropout(Shape x, String name, int channels, int downscale) {
    return touch(x);
  }
}
