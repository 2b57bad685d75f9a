// Poppler's Splash rasteriser (what pdftoppm draws with) behind a C interface, through poppler's
// C++ API: libvips renders PDFs through poppler-glib and cairo, two to three times slower on scans.
#ifndef CPOPPLER_SPLASH_H
#define CPOPPLER_SPLASH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How a page failed to render.
typedef enum {
    OCRP_SPLASH_OK = 0,
    /// Not a PDF poppler can open (damaged, truncated), or too large to hand to poppler.
    OCRP_SPLASH_DAMAGED = 1,
    /// Encrypted, and the password is missing or wrong.
    OCRP_SPLASH_LOCKED = 2,
    /// The document has no such page.
    OCRP_SPLASH_NO_PAGE = 3,
    /// Poppler drew nothing (out of memory, or the page cannot be drawn).
    OCRP_SPLASH_FAILED = 4,
} ocrp_splash_status;

/// Renders page `page` (from 0) of a PDF held in memory (`data`, `length`) or read from `path`,
/// at `dpi`, anti-aliased, over white, inside its crop box and turned by its /Rotate, as pdftoppm
/// draws it; in grey levels when `grey` is not 0. `password` may be NULL. On success `*pixels`
/// holds `*width` × `*height` RGB (or grey) pixels, rows without padding, allocated with malloc
/// (the caller frees them).
ocrp_splash_status ocrp_splash_render_page(const void *data, size_t length, const char *path, int page, double dpi,
                                           const char *password, int grey, unsigned char **pixels, int *width, int *height);

#ifdef __cplusplus
}
#endif

#endif
