// The only ITK translation unit of cxr_rca (ITK's registration templates are heavy: keep them
// here, behind registerImages()).
#include "core/rca/Registration.h"

#include "core/rca/Correlation.h"

#include <itkAffineTransform.h>
#include <itkCenteredTransformInitializer.h>
#include <itkDiffeomorphicDemonsRegistrationFilter.h>
#include <itkHistogramMatchingImageFilter.h>
#include <itkImage.h>
#include <itkImageRegistrationMethodv4.h>
#include <itkLinearInterpolateImageFunction.h>
#include <itkMattesMutualInformationImageToImageMetricv4.h>
#include <itkMultiResolutionPDEDeformableRegistration.h>
#include <itkMultiThreaderBase.h>
#include <itkRegistrationParameterScalesFromPhysicalShift.h>
#include <itkRegularStepGradientDescentOptimizerv4.h>
#include <itkResampleImageFilter.h>
#include <itkVector.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>

namespace cxr::rca {

namespace {

using Image = itk::Image<float, 2>;
using Field = itk::Image<itk::Vector<float, 2>, 2>;
using Affine = itk::AffineTransform<double, 2>;

Image::Pointer toItk(const WorkingImage& w) {
  Image::Pointer image = Image::New();
  Image::RegionType region;
  Image::SizeType size;
  size[0] = static_cast<itk::SizeValueType>(w.size);
  size[1] = static_cast<itk::SizeValueType>(w.size);
  region.SetSize(size);
  image->SetRegions(region);
  image->Allocate();
  std::copy(w.pixels.begin(), w.pixels.end(), image->GetBufferPointer());
  return image;
}

// ITK objects are made single-threaded: RCA parallelises over references and images itself
// (oneTBB), and a one-thread metric also sums in a fixed order (reproducible results).
void singleThreadedItk() {
  static std::once_flag once;
  std::call_once(once, [] { itk::MultiThreaderBase::SetGlobalDefaultNumberOfThreads(1); });
}

Affine::Pointer affineStage(const Image::Pointer& fixed, const Image::Pointer& moving,
                            const RegistrationSettings& s, int size, double& metricValue) {
  using Metric = itk::MattesMutualInformationImageToImageMetricv4<Image, Image>;
  using Optimizer = itk::RegularStepGradientDescentOptimizerv4<double>;
  using Method = itk::ImageRegistrationMethodv4<Image, Image, Affine>;
  using Scales = itk::RegistrationParameterScalesFromPhysicalShift<Metric>;

  Affine::Pointer initial = Affine::New();
  using Initializer = itk::CenteredTransformInitializer<Affine, Image, Image>;
  Initializer::Pointer init = Initializer::New();
  init->SetTransform(initial);
  init->SetFixedImage(fixed);
  init->SetMovingImage(moving);
  init->GeometryOn();  // centres: both images are the same square working grid
  init->InitializeTransform();

  Metric::Pointer metric = Metric::New();
  metric->SetNumberOfHistogramBins(static_cast<itk::SizeValueType>(s.histogramBins));
  metric->SetUseMovingImageGradientFilter(false);
  metric->SetUseFixedImageGradientFilter(false);
  metric->SetMaximumNumberOfWorkUnits(1);

  Scales::Pointer scales = Scales::New();
  scales->SetMetric(metric);
  Optimizer::Pointer optimizer = Optimizer::New();
  optimizer->SetScalesEstimator(scales);
  optimizer->SetDoEstimateLearningRateOnce(true);
  optimizer->SetMinimumStepLength(1e-4);
  optimizer->SetRelaxationFactor(0.6);
  optimizer->SetGradientMagnitudeTolerance(1e-6);
  optimizer->SetNumberOfIterations(static_cast<itk::SizeValueType>(s.affineIterations));
  optimizer->SetNumberOfWorkUnits(1);

  Method::Pointer method = Method::New();
  method->SetFixedImage(fixed);
  method->SetMovingImage(moving);
  method->SetMetric(metric);
  method->SetOptimizer(optimizer);
  method->SetInitialTransform(initial);
  method->InPlaceOn();
  method->SetNumberOfWorkUnits(1);
  const int levels = std::max(1, s.affineLevels);
  Method::ShrinkFactorsArrayType shrink(static_cast<unsigned>(levels));
  Method::SmoothingSigmasArrayType sigmas(static_cast<unsigned>(levels));
  for (int l = 0; l < levels; ++l) {
    // 2^levels ... 2, but never coarser than 32 pixels across (a small working size).
    int factor = 1 << (levels - l);
    while (factor > 1 && size / factor < 32) factor /= 2;
    shrink[static_cast<unsigned>(l)] = static_cast<itk::SizeValueType>(factor);
    sigmas[static_cast<unsigned>(l)] = factor > 1 ? factor / 2.0 : 0.0;
  }
  method->SetNumberOfLevels(static_cast<itk::SizeValueType>(levels));
  method->SetShrinkFactorsPerLevel(shrink);
  method->SetSmoothingSigmasPerLevel(sigmas);
  method->SetSmoothingSigmasAreSpecifiedInPhysicalUnits(false);
  method->SetMetricSamplingStrategy(Method::MetricSamplingStrategyEnum::RANDOM);
  method->SetMetricSamplingPercentage(std::clamp(s.samplingFraction, 0.01, 1.0));
  method->MetricSamplingReinitializeSeed(static_cast<int>(s.seed));
  method->Update();
  metricValue = optimizer->GetValue();
  return initial;  // InPlaceOn: the initial transform holds the optimised parameters
}

Image::Pointer resample(const Image::Pointer& moving, const Image::Pointer& grid, const Affine* transform) {
  using Resample = itk::ResampleImageFilter<Image, Image, double>;
  Resample::Pointer r = Resample::New();
  r->SetInput(moving);
  r->SetTransform(transform);
  r->SetInterpolator(itk::LinearInterpolateImageFunction<Image, double>::New());
  r->SetOutputParametersFromImage(grid);
  r->SetDefaultPixelValue(0.0f);
  r->SetNumberOfWorkUnits(1);
  r->Update();
  return r->GetOutput();
}

// The moving image's grey values mapped (monotonically) onto the fixed image's histogram.
Image::Pointer histogramMatched(const Image::Pointer& fixed, const Image::Pointer& aligned) {
  using Match = itk::HistogramMatchingImageFilter<Image, Image>;
  Match::Pointer match = Match::New();
  match->SetInput(aligned);
  match->SetReferenceImage(fixed);
  match->SetNumberOfHistogramLevels(64);
  match->SetNumberOfMatchPoints(7);
  match->ThresholdAtMeanIntensityOn();
  match->SetNumberOfWorkUnits(1);
  match->Update();
  return match->GetOutput();
}

Field::Pointer demonsStage(const Image::Pointer& fixed, const Image::Pointer& matched,
                           const RegistrationSettings& s, int size) {

  using Demons = itk::DiffeomorphicDemonsRegistrationFilter<Image, Image, Field>;
  using MultiRes = itk::MultiResolutionPDEDeformableRegistration<Image, Image, Field, float>;
  Demons::Pointer demons = Demons::New();
  demons->SetStandardDeviations(std::max(0.5, s.demonsFieldSigma * size / 256.0));
  demons->SetMaximumUpdateStepLength(s.demonsMaxStep);
  demons->SetUseGradientType(Demons::GradientType::Symmetric);
  demons->SmoothDisplacementFieldOn();
  demons->SetNumberOfWorkUnits(1);
  MultiRes::Pointer multi = MultiRes::New();
  multi->SetRegistrationFilter(demons);
  int levels = std::max(1, s.demonsLevels);
  while (levels > 1 && (size >> (levels - 1)) < 32) --levels;  // coarsest level >= 32 pixels
  multi->SetNumberOfLevels(static_cast<unsigned>(levels));
  std::vector<unsigned> iterations(static_cast<size_t>(levels));
  for (int l = 0; l < levels; ++l)
    iterations[static_cast<size_t>(l)] = static_cast<unsigned>(std::max(1, s.demonsIterations) << (levels - 1 - l));
  multi->SetNumberOfIterations(iterations.data());
  multi->SetFixedImage(fixed);
  multi->SetMovingImage(matched);
  multi->SetNumberOfWorkUnits(1);
  multi->Update();
  return multi->GetOutput();
}

}  // namespace

RegistrationOutcome registerImages(const WorkingImage& fixed, const WorkingImage& moving,
                                   const RegistrationSettings& settings) {
  RegistrationOutcome out;
  if (fixed.size <= 0 || fixed.size != moving.size ||
      fixed.pixels.size() != size_t(fixed.size) * size_t(fixed.size) || moving.pixels.size() != fixed.pixels.size()) {
    out.failure = "images of different or invalid sizes";
    return out;
  }
  singleThreadedItk();
  try {
    const Image::Pointer f = toItk(fixed);
    const Image::Pointer m = toItk(moving);
    Affine::Pointer affine = affineStage(f, m, settings, fixed.size, out.affineMetric);
    const Affine::MatrixType& a = affine->GetMatrix();
    out.affineDeterminant = a(0, 0) * a(1, 1) - a(0, 1) * a(1, 0);
    if (!std::isfinite(out.affineDeterminant) || std::abs(out.affineDeterminant) < 1e-6) {
      out.failure = "the affine stage degenerated";
      return out;
    }
    // Histogram matching first: exposure differs widely between radiographs (a washed-out
    // film correlated 0.3 with well-exposed references without it). The mapping is monotonic,
    // so an inverted image stays anti-correlated.
    const Image::Pointer matched = histogramMatched(f, resample(m, f, affine.GetPointer()));
    out.affineCorrelation = pearsonOrZero(matched->GetBufferPointer(), fixed.pixels.data(), fixed.pixels.size());
    Field::Pointer field;
    if (settings.demonsLevels > 0 && settings.demonsIterations > 0)
      field = demonsStage(f, matched, settings, fixed.size);
    const int n = fixed.size;
    out.mapping.resize(size_t(2) * size_t(n) * size_t(n));
    const itk::Vector<float, 2>* d = field ? field->GetBufferPointer() : nullptr;
    for (int y = 0; y < n; ++y)
      for (int x = 0; x < n; ++x) {
        const size_t i = size_t(y) * size_t(n) + size_t(x);
        Affine::InputPointType p;
        p[0] = x + (d ? d[i][0] : 0.0f);
        p[1] = y + (d ? d[i][1] : 0.0f);
        const Affine::OutputPointType q = affine->TransformPoint(p);
        out.mapping[2 * i] = static_cast<float>(q[0]);
        out.mapping[2 * i + 1] = static_cast<float>(q[1]);
      }
    out.ok = true;
  } catch (const itk::ExceptionObject& e) {
    out.failure = e.GetDescription();
    out.mapping.clear();
  } catch (const std::exception& e) {
    // A flat or otherwise unusable image makes ITK throw (e.g. "All samples map outside
    // moving image buffer", a joint PDF that sums to zero): a registration failure.
    out.failure = e.what();
    out.mapping.clear();
  }
  return out;
}

}  // namespace cxr::rca
