#include "core/model/internal/FusedEncoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

// The v8 helpers below are always inlined into their callers, whose target decides the ABI.
#pragma GCC diagnostic ignored "-Wpsabi"

// The arithmetic kernels are compiled twice (x86-64-v3 = AVX2 + FMA, and the baseline) and the
// loader picks one at start-up (GCC target_clones / ifunc), so one binary runs everywhere.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define CXR_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CXR_CLONES
#endif
#define CXR_INLINE inline __attribute__((always_inline))

namespace cxr::model::internal::fused {
namespace {

typedef float v8 __attribute__((vector_size(32)));
typedef float v8u __attribute__((vector_size(32), aligned(4)));

CXR_INLINE v8 load(const float* p) { return *reinterpret_cast<const v8u*>(p); }
CXR_INLINE void store(float* p, v8 v) { *reinterpret_cast<v8u*>(p) = v; }
CXR_INLINE v8 splat(float s) { return v8{s, s, s, s, s, s, s, s}; }
// ReLU and max propagate NaN as LibTorch does (a NaN weight or input must reach the output,
// where the postprocessor refuses it, never be turned into 0).
CXR_INLINE v8 relu(v8 v) {
  const v8 zero{};
  return v <= zero ? zero : v;
}
CXR_INLINE v8 vmax(v8 a, v8 b) { return (a > b) | (a != a) ? a : b; }

/// A feature map with a one-pixel zero border (the convolutions' padding), NHWC, in storage
/// owned by the caller (a Workspace vector). Only the interior is ever written, so a buffer
/// reused with the same shape keeps its zero border.
struct Padded {
  Padded(int h, int w, int c, std::vector<float>& storage, bool reshape)
      : height(h), width(w), channels(c), rowStride(static_cast<size_t>(w + 2) * c) {
    const size_t n = static_cast<size_t>(h + 2) * rowStride;
    if (reshape || storage.size() != n) storage.assign(n, 0.0f);
    data = storage.data();
  }
  /// First interior pixel of row y (0-based interior coordinates).
  float* row(int y) { return data + static_cast<size_t>(y + 1) * rowStride + channels; }
  /// Top-left corner of the 3x3 window of output pixel (y, 0).
  const float* window(int y) const { return data + static_cast<size_t>(y) * rowStride; }
  int height, width, channels;
  size_t rowStride;
  float* data = nullptr;
};

// --- 3x3 convolution (padding 1, bias) of one output row -------------------------------------

// PX output pixels x0 .. x0+PX-1, COV x 8 output channels, from the window rows at `in`.
// wp: packed weights [ky][kx][ci][cout].
template <int COV, int PX, int CIN>
CXR_INLINE void convPixels(const float* in, size_t rowStride, int cinRuntime, const float* wp,
                           const float* bias, float* out, int x0) {
  const int cin = CIN > 0 ? CIN : cinRuntime;
  constexpr int cout = COV * 8;
  v8 acc[PX][COV];
#pragma GCC unroll 16
  for (int p = 0; p < PX; ++p)
#pragma GCC unroll 16
    for (int v = 0; v < COV; ++v) acc[p][v] = load(bias + 8 * v);
#pragma GCC unroll 3
  for (int ky = 0; ky < 3; ++ky)
#pragma GCC unroll 3
    for (int kx = 0; kx < 3; ++kx) {
      const float* src = in + ky * rowStride + static_cast<size_t>(x0 + kx) * cin;
      const float* wk = wp + static_cast<size_t>(ky * 3 + kx) * cin * cout;
#pragma GCC unroll 8
      for (int ci = 0; ci < cin; ++ci) {
        v8 wv[COV];
#pragma GCC unroll 16
        for (int v = 0; v < COV; ++v) wv[v] = load(wk + static_cast<size_t>(ci) * cout + 8 * v);
#pragma GCC unroll 16
        for (int p = 0; p < PX; ++p) {
          const v8 s = splat(src[static_cast<size_t>(p) * cin + ci]);
#pragma GCC unroll 16
          for (int v = 0; v < COV; ++v) acc[p][v] += s * wv[v];
        }
      }
    }
#pragma GCC unroll 16
  for (int p = 0; p < PX; ++p)
#pragma GCC unroll 16
    for (int v = 0; v < COV; ++v) store(out + static_cast<size_t>(x0 + p) * cout + 8 * v, acc[p][v]);
}

template <int COV, int PX, int CIN>
CXR_INLINE void convRowT(const float* in, size_t rowStride, int cin, const float* wp,
                         const float* bias, float* out, int width) {
  int x = 0;
  for (; x + PX <= width; x += PX) convPixels<COV, PX, CIN>(in, rowStride, cin, wp, bias, out, x);
  for (; x < width; ++x) convPixels<COV, 1, CIN>(in, rowStride, cin, wp, bias, out, x);
}

// The encoder's channel pairs get their own instances (input channels known at compile time);
// others run the generic loop.
CXR_CLONES void convRow(const float* in, size_t rowStride, int cin, int cout, const float* wp,
                        const float* bias, float* out, int width) {
#define CXR_CONV(COV, PX, CIN) convRowT<COV, PX, CIN>(in, rowStride, cin, wp, bias, out, width)
  switch (cout) {
    case 8:
      if (cin == 1) CXR_CONV(1, 8, 1);
      else if (cin == 8) CXR_CONV(1, 8, 8);
      else CXR_CONV(1, 8, 0);
      break;
    case 16:
      if (cin == 8) CXR_CONV(2, 4, 8);
      else if (cin == 16) CXR_CONV(2, 4, 16);
      else CXR_CONV(2, 4, 0);
      break;
    case 32:
      if (cin == 16) CXR_CONV(4, 2, 16);
      else if (cin == 32) CXR_CONV(4, 2, 32);
      else CXR_CONV(4, 2, 0);
      break;
    case 64: CXR_CONV(8, 1, 0); break;
    default: break;  // excluded by supports()
  }
#undef CXR_CONV
}

// --- the block's last pass: conv5 + shortcut + residual sum + ReLU (+ 2x2 max-pool) -----------

// out[x] = relu(z[x] + shortcut(x)) for one row; shortcut = IN(conv1x1(xin)) or xin itself.
CXR_CLONES void residualRow(const float* z, const float* xin, int width, int cin, int cout,
                            const float* skipPacked, const float* skipScale,
                            const float* skipShift, float* out) {
  const int cov = cout / 8;
  for (int x = 0; x < width; ++x) {
    const float* xp = xin + static_cast<size_t>(x) * cin;
    const float* zp = z + static_cast<size_t>(x) * cout;
    float* op = out + static_cast<size_t>(x) * cout;
    for (int v = 0; v < cov; ++v) {
      v8 sc;
      if (skipPacked) {
        v8 acc{};
        for (int ci = 0; ci < cin; ++ci)
          acc += splat(xp[ci]) * load(skipPacked + static_cast<size_t>(ci) * cout + 8 * v);
        sc = acc * load(skipScale + 8 * v) + load(skipShift + 8 * v);
      } else {
        sc = load(xp + 8 * v);
      }
      store(op + 8 * v, relu(load(zp + 8 * v) + sc));
    }
  }
}

CXR_CLONES void poolRows(const float* a, const float* b, int width, int cout, float* out) {
  const int cov = cout / 8;
  for (int xo = 0; xo < width / 2; ++xo) {
    const float* a0 = a + static_cast<size_t>(2 * xo) * cout;
    const float* b0 = b + static_cast<size_t>(2 * xo) * cout;
    for (int v = 0; v < cov; ++v)
      store(out + static_cast<size_t>(xo) * cout + 8 * v,
            vmax(vmax(load(a0 + 8 * v), load(a0 + cout + 8 * v)),
                 vmax(load(b0 + 8 * v), load(b0 + cout + 8 * v))));
  }
}

// --- per-image, per-channel statistics (two passes in double, reduced in row order) ----------

// Per-row sums of a row of `width` pixels with `channels` channels: float SIMD lanes along the
// row (a row is at most a few thousand values), then double across rows.
CXR_CLONES void rowSums(const float* r, int width, int channels, const float* center, double* out) {
  if (channels % 8 == 0) {
    const int cov = channels / 8;
    for (int v = 0; v < cov; ++v) {
      v8 acc{};
      if (center) {
        const v8 m = load(center + 8 * v);
        for (int x = 0; x < width; ++x) {
          const v8 d = load(r + static_cast<size_t>(x) * channels + 8 * v) - m;
          acc += d * d;
        }
      } else {
        for (int x = 0; x < width; ++x) acc += load(r + static_cast<size_t>(x) * channels + 8 * v);
      }
      for (int l = 0; l < 8; ++l) out[8 * v + l] += static_cast<double>(acc[l]);
    }
    return;
  }
  for (int c = 0; c < channels; ++c) {
    double acc = 0.0;
    const double m = center ? center[c] : 0.0;
    for (int x = 0; x < width; ++x) {
      const double d = r[static_cast<size_t>(x) * channels + c] - m;
      acc += center ? d * d : d;
    }
    out[c] += acc;
  }
}

template <class RowFn>
void meanVar(int height, int width, int channels, const RowFn& row, const ParallelFor& pfor,
             std::vector<double>& mean, std::vector<double>& var) {
  std::vector<double> partial(static_cast<size_t>(height) * channels, 0.0);
  const double n = static_cast<double>(height) * width;
  pfor(height, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y)
      rowSums(row(static_cast<int>(y)), width, channels, nullptr,
              &partial[static_cast<size_t>(y) * channels]);
  });
  mean.assign(channels, 0.0);
  for (int y = 0; y < height; ++y)
    for (int c = 0; c < channels; ++c) mean[c] += partial[static_cast<size_t>(y) * channels + c];
  for (double& m : mean) m /= n;
  // Second pass around the mean (no cancellation). The centre is the float nearest to the
  // mean; the variance is corrected for that rounding exactly: E[(x-c)^2] - (mean-c)^2.
  std::vector<float> centre(mean.begin(), mean.end());
  std::fill(partial.begin(), partial.end(), 0.0);
  pfor(height, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y)
      rowSums(row(static_cast<int>(y)), width, channels, centre.data(),
              &partial[static_cast<size_t>(y) * channels]);
  });
  var.assign(channels, 0.0);
  for (int y = 0; y < height; ++y)
    for (int c = 0; c < channels; ++c) var[c] += partial[static_cast<size_t>(y) * channels + c];
  for (int c = 0; c < channels; ++c) {
    const double off = mean[c] - static_cast<double>(centre[c]);
    var[c] = std::max(0.0, var[c] / n - off * off);
  }
}

// Mean and covariance of the input's channels (for the statistics of the 1x1 shortcut, a
// linear map of them: mean W m, variance w_c' S w_c), two passes, double.
void meanCov(int height, int width, int channels, const float* x, const ParallelFor& pfor,
             std::vector<double>& mean, std::vector<double>& cov) {
  std::vector<double> var;
  const size_t rowLen = static_cast<size_t>(width) * channels;
  meanVar(height, width, channels, [&](int y) { return x + static_cast<size_t>(y) * rowLen; },
          pfor, mean, var);
  const size_t cc = static_cast<size_t>(channels) * channels;
  std::vector<double> partial(static_cast<size_t>(height) * cc, 0.0);
  pfor(height, [&](int64_t begin, int64_t end) {
    std::vector<double> d(static_cast<size_t>(channels));
    for (int64_t y = begin; y < end; ++y) {
      const float* r = x + static_cast<size_t>(y) * rowLen;
      double* acc = &partial[static_cast<size_t>(y) * cc];
      for (int i = 0; i < width; ++i) {
        for (int c = 0; c < channels; ++c) d[c] = r[static_cast<size_t>(i) * channels + c] - mean[c];
        for (int a = 0; a < channels; ++a)
          for (int b = a; b < channels; ++b) acc[static_cast<size_t>(a) * channels + b] += d[a] * d[b];
      }
    }
  });
  const double n = static_cast<double>(height) * width;
  cov.assign(cc, 0.0);
  for (int y = 0; y < height; ++y)
    for (size_t k = 0; k < cc; ++k) cov[k] += partial[static_cast<size_t>(y) * cc + k];
  for (int a = 0; a < channels; ++a)
    for (int b = a; b < channels; ++b) {
      const double v = cov[static_cast<size_t>(a) * channels + b] / n;
      cov[static_cast<size_t>(a) * channels + b] = v;
      cov[static_cast<size_t>(b) * channels + a] = v;
    }
}

// In place (or src -> dst) y = relu(x * scale + shift) over `width` pixels of `channels`.
CXR_CLONES void affineReluRow(const float* src, float* dst, int width, int channels,
                              const float* scale, const float* shift) {
  if (channels % 8 == 0) {
    const int cov = channels / 8;
    for (int x = 0; x < width; ++x)
      for (int v = 0; v < cov; ++v) {
        const size_t o = static_cast<size_t>(x) * channels + 8 * v;
        store(dst + o, relu(load(src + o) * load(scale + 8 * v) + load(shift + 8 * v)));
      }
    return;
  }
  for (int x = 0; x < width; ++x)
    for (int c = 0; c < channels; ++c) {
      const size_t o = static_cast<size_t>(x) * channels + c;
      const float v = src[o] * scale[c] + shift[c];
      dst[o] = v <= 0.0f ? 0.0f : v;  // NaN stays NaN
    }
}

// IN with affine weight/bias as y = x * scale + shift.
void affineFromStats(const std::vector<double>& mean, const std::vector<double>& var,
                     const float* weight, const float* bias, double eps,
                     std::vector<float>& scale, std::vector<float>& shift) {
  const size_t c = mean.size();
  scale.resize(c);
  shift.resize(c);
  for (size_t i = 0; i < c; ++i) {
    const double s = weight[i] / std::sqrt(var[i] + eps);
    scale[i] = static_cast<float>(s);
    shift[i] = static_cast<float>(bias[i] - mean[i] * s);
  }
}

std::vector<float> packConv3x3(const float* w, int cin, int cout) {
  std::vector<float> p(static_cast<size_t>(9) * cin * cout);
  for (int co = 0; co < cout; ++co)
    for (int ci = 0; ci < cin; ++ci)
      for (int k = 0; k < 9; ++k)
        p[(static_cast<size_t>(k) * cin + ci) * cout + co] = w[(static_cast<size_t>(co) * cin + ci) * 9 + k];
  return p;
}

}  // namespace

bool supports(int cin, int cout) {
  return cin >= 1 && (cout == 8 || cout == 16 || cout == 32 || cout == 64) && cin <= 64;
}

void residualBlock(const float* x, int height, int width, const BlockWeights& w, bool pool,
                   float* out, const ParallelFor& pfor, Workspace* workspace) {
  const int cin = w.cin, cout = w.cout;
  if (!supports(cin, cout)) throw std::invalid_argument("fused encoder: unsupported channel counts");
  if (pool && (height % 2 != 0 || width % 2 != 0))
    throw std::invalid_argument("fused encoder: pooling needs an even size");
  if (!w.skipWeight && cin != cout)
    throw std::invalid_argument("fused encoder: identity shortcut needs cin == cout");
  Workspace local;
  Workspace& ws = workspace ? *workspace : local;
  const bool reshape = ws.height != height || ws.width != width || ws.cin != cin || ws.cout != cout;
  ws.height = height;
  ws.width = width;
  ws.cin = cin;
  ws.cout = cout;
  const size_t inRow = static_cast<size_t>(width) * cin;
  const size_t outRow = static_cast<size_t>(width) * cout;
  auto xRow = [&](int y) { return x + static_cast<size_t>(y) * inRow; };

  // 1. IN(bn0) + ReLU of the input into the padded buffer T.
  std::vector<double> mean, var;
  std::vector<float> scale, shift;
  meanVar(height, width, cin, xRow, pfor, mean, var);
  affineFromStats(mean, var, w.bn0Weight, w.bn0Bias, w.eps, scale, shift);
  Padded t(height, width, cin, ws.t, reshape);
  pfor(height, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y)
      affineReluRow(xRow(static_cast<int>(y)), t.row(static_cast<int>(y)), width, cin,
                    scale.data(), shift.data());
  });

  // 2. conv2 into the padded buffer Y; 3. IN(bn3) + ReLU of Y in place.
  const std::vector<float> w2 = packConv3x3(w.conv2Weight, cin, cout);
  Padded yb(height, width, cout, ws.y, reshape);
  pfor(height, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y)
      convRow(t.window(static_cast<int>(y)), t.rowStride, cin, cout, w2.data(), w.conv2Bias,
              yb.row(static_cast<int>(y)), width);
  });
  meanVar(height, width, cout, [&](int y) { return static_cast<const float*>(yb.row(y)); }, pfor,
          mean, var);
  affineFromStats(mean, var, w.bn3Weight, w.bn3Bias, w.eps, scale, shift);
  pfor(height, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y) {
      float* r = yb.row(static_cast<int>(y));
      affineReluRow(r, r, width, cout, scale.data(), shift.data());
    }
  });

  // 4. Statistics of the 1x1 shortcut S = W x, a linear map of the input: mean W m and
  //    variance w_c' Cov(x) w_c, from the input's mean and covariance (S is never stored).
  std::vector<float> skipPacked, skipScale, skipShift;
  if (w.skipWeight) {
    skipPacked.resize(static_cast<size_t>(cin) * cout);
    for (int co = 0; co < cout; ++co)
      for (int ci = 0; ci < cin; ++ci)
        skipPacked[static_cast<size_t>(ci) * cout + co] = w.skipWeight[static_cast<size_t>(co) * cin + ci];
    std::vector<double> xMean, xCov;
    meanCov(height, width, cin, x, pfor, xMean, xCov);
    std::vector<double> sMean(static_cast<size_t>(cout), 0.0), sVar(static_cast<size_t>(cout), 0.0);
    for (int co = 0; co < cout; ++co) {
      const float* wc = w.skipWeight + static_cast<size_t>(co) * cin;
      for (int a = 0; a < cin; ++a) {
        sMean[co] += static_cast<double>(wc[a]) * xMean[a];
        for (int b = 0; b < cin; ++b)
          sVar[co] += static_cast<double>(wc[a]) * wc[b] * xCov[static_cast<size_t>(a) * cin + b];
      }
    }
    affineFromStats(sMean, sVar, w.skipBnWeight, w.skipBnBias, w.eps, skipScale, skipShift);
  }

  // 5. conv5, shortcut, sum, ReLU and the optional pool, row by row (pairs when pooling).
  const std::vector<float> w5 = packConv3x3(w.conv5Weight, cout, cout);
  const int outRows = pool ? height / 2 : height;
  pfor(outRows, [&](int64_t begin, int64_t end) {
    std::vector<float> z(outRow), r0(outRow), r1(outRow);
    const float* sp = w.skipWeight ? skipPacked.data() : nullptr;
    for (int64_t o = begin; o < end; ++o) {
      if (!pool) {
        const int y = static_cast<int>(o);
        convRow(yb.window(y), yb.rowStride, cout, cout, w5.data(), w.conv5Bias, z.data(), width);
        residualRow(z.data(), xRow(y), width, cin, cout, sp, skipScale.data(), skipShift.data(),
                    out + static_cast<size_t>(y) * outRow);
        continue;
      }
      for (int k = 0; k < 2; ++k) {
        const int y = static_cast<int>(2 * o + k);
        convRow(yb.window(y), yb.rowStride, cout, cout, w5.data(), w.conv5Bias, z.data(), width);
        residualRow(z.data(), xRow(y), width, cin, cout, sp, skipScale.data(), skipShift.data(),
                    k == 0 ? r0.data() : r1.data());
      }
      poolRows(r0.data(), r1.data(), width, cout,
               out + static_cast<size_t>(o) * (static_cast<size_t>(width / 2) * cout));
    }
  });
}

}  // namespace cxr::model::internal::fused
