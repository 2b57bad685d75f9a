#include "CPopplerSplash.h"

#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

namespace {

// Poppler keeps process-wide state (its global parameters, font caches); pages are drawn one at
// a time per process, and the worker processes give the parallelism.
std::mutex renderLock;

void ignoreMessage(const std::string &, void *) {}

}

extern "C" ocrp_splash_status ocrp_splash_render_page(const void *data, size_t length, const char *path, int page, double dpi,
                                                      const char *password, int grey, unsigned char **pixels, int *width, int *height) {
    std::lock_guard<std::mutex> guard(renderLock);
    // Damaged files make poppler print warnings on stderr; the caller reports failures itself.
    poppler::set_debug_error_function(ignoreMessage, nullptr);
    const std::string secret = password ? password : "";
    std::unique_ptr<poppler::document> document;
    if (path) {
        document.reset(poppler::document::load_from_file(path, secret, secret));
    } else {
        if (length > INT_MAX) return OCRP_SPLASH_DAMAGED;
        document.reset(poppler::document::load_from_raw_data(static_cast<const char *>(data), int(length), secret, secret));
    }
    if (!document) return OCRP_SPLASH_DAMAGED;
    if (document->is_locked()) return OCRP_SPLASH_LOCKED;
    if (page < 0 || page >= document->pages()) return OCRP_SPLASH_NO_PAGE;
    std::unique_ptr<poppler::page> drawn(document->create_page(page));
    if (!drawn) return OCRP_SPLASH_NO_PAGE;

    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(grey ? poppler::image::format_gray8 : poppler::image::format_bgr24);
    poppler::image image = renderer.render_page(drawn.get(), dpi, dpi);
    if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) return OCRP_SPLASH_FAILED;

    const size_t w = size_t(image.width()), h = size_t(image.height()), bands = grey ? 1 : 3;
    auto *out = static_cast<unsigned char *>(std::malloc(w * h * bands));
    if (!out) return OCRP_SPLASH_FAILED;
    const char *rows = image.const_data();
    const size_t stride = size_t(image.bytes_per_row());
    for (size_t y = 0; y < h; y++) {
        const unsigned char *in = reinterpret_cast<const unsigned char *>(rows + y * stride);
        unsigned char *row = out + y * w * bands;
        if (grey) {
            std::memcpy(row, in, w);
            continue;
        }
        for (size_t x = 0; x < w; x++) {
            row[3 * x] = in[3 * x + 2];
            row[3 * x + 1] = in[3 * x + 1];
            row[3 * x + 2] = in[3 * x];
        }
    }
    *pixels = out;
    *width = int(w);
    *height = int(h);
    return OCRP_SPLASH_OK;
}
