// chexreview-cli: headless batch work (CSV checks, import, segmentation, RCA, export).
#include "app/cli/CommandRegistry.h"

#include <exception>
#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"CheXReview command line: CheXmask-format batch work without a GUI", "chexreview-cli"};
  app.footer("Exit status: 0 all done; 1 failure (bad input, every item failed); 2 usage error; "
             "3 done, but some items failed (each reported); 130 cancelled (re-run to resume).");
  app.require_subcommand(1);
  app.set_version_flag("--version", "chexreview-cli 0.1.0");
  cxr::cli::CommandRegistry::instance().installAll(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version or the usage error
    return code == 0 ? 0 : cxr::cli::kExitUsage;
  } catch (const cxr::cli::UsageError& e) {
    std::cerr << "chexreview-cli: usage error: " << e.what() << "\n";
    return cxr::cli::kExitUsage;
  } catch (const cxr::cli::CancelledError& e) {
    std::cerr << "chexreview-cli: cancelled: " << e.what() << "\n";
    return cxr::cli::kExitCancelled;
  } catch (const std::exception& e) {
    // One line naming what went wrong; the command's own context is in the message.
    std::cerr << "chexreview-cli: error: " << e.what() << "\n";
    return cxr::cli::kExitFailure;
  }
  return cxr::cli::finishedExitStatus();
}
