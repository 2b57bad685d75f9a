// Fixed-argument wrappers around the variadic libvips calls that Swift cannot make.
// Each returns 0 on success and -1 on failure (the message is in libvips' error buffer),
// following libvips' own convention.
#ifndef OCRV_H
#define OCRV_H

#include <vips/vips.h>

/// Starts libvips once per process and turns off its operation cache (buffers are
/// reused across jobs; a cache keyed on buffer addresses would hand back stale images).
int ocrv_init(const char *argv0);
/// Gives freed heap pages back to the system (glibc malloc_trim).
void ocrv_release_free_memory(void);
/// Has glibc map every block of `bytes` or more on its own (and unmap it when freed), with no
/// moving threshold (mallopt M_MMAP_THRESHOLD).
void ocrv_map_blocks_from(int bytes);

/// Loads any supported format from memory. `fail_on`: 0 none, 1 truncated, 2 error, 3 warning.
int ocrv_load_buffer(const void *buf, size_t len, int fail_on, int sequential, VipsImage **out);
/// Loads any supported format from a file, read through a libvips source (the path is never
/// parsed for "[options]"; the file is streamed rather than held in memory where the loader can).
int ocrv_load_file(const char *path, int fail_on, int sequential, VipsImage **out);
/// Loads a JPEG file with DCT-domain shrinking (1, 2, 4 or 8). The shrink is lowered where a
/// side would otherwise shrink to 0 pixels (which libvips 8.14 answers with an abort).
int ocrv_jpegload_file_shrink(const char *path, int shrink, int fail_on, int sequential, VipsImage **out);
/// Loads a JPEG from memory, shrinking by 1, 2, 4 or 8 in the DCT domain while decoding (lowered
/// as for files).
int ocrv_jpegload_buffer_shrink(const void *buf, size_t len, int shrink, int fail_on, int sequential, VipsImage **out);

/// Wraps `width` × `height` pixels of `bands` 8-bit bands (rows unpadded) allocated with malloc;
/// the image frees them when it closes (on failure they are freed at once).
int ocrv_image_taking_pixels(void *pixels, int width, int height, int bands, VipsImage **out);
/// Loads page `page` (from 0) of a TIFF from memory (`buf`) or a file (`path`).
int ocrv_tiffload(const void *buf, size_t len, const char *path, int page, int fail_on, int sequential, VipsImage **out);

int ocrv_rot(VipsImage *in, VipsImage **out, int degrees);
int ocrv_flip_horizontal(VipsImage *in, VipsImage **out);
int ocrv_icc_to_srgb(VipsImage *in, VipsImage **out);
int ocrv_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space);
int ocrv_cast(VipsImage *in, VipsImage **out, VipsBandFormat format, int shift);
int ocrv_flatten(VipsImage *in, VipsImage **out, double r, double g, double b, double max_alpha);
int ocrv_resize(VipsImage *in, VipsImage **out, double hscale, double vscale);
int ocrv_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height);
int ocrv_extract_bands(VipsImage *in, VipsImage **out, int first, int n);
int ocrv_bandjoin2(VipsImage *a, VipsImage *b, VipsImage **out);
int ocrv_copy(VipsImage *in, VipsImage **out);
int ocrv_linear1(VipsImage *in, VipsImage **out, double a, double b);
int ocrv_invert(VipsImage *in, VipsImage **out);
int ocrv_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y);
int ocrv_embed_white(VipsImage *in, VipsImage **out, int x, int y, int width, int height);
int ocrv_gaussblur(VipsImage *in, VipsImage **out, double sigma);
int ocrv_avg(VipsImage *in, double *out);

int ocrv_jpegsave_buffer(VipsImage *in, int quality, int strip, void **buf, size_t *len);
int ocrv_pngsave_buffer(VipsImage *in, int compression, int strip, void **buf, size_t *len);
/// Saves by format suffix with options, e.g. ".webp[Q=80]" or ".tif[compression=lzw]".
int ocrv_save_buffer(VipsImage *in, const char *suffix, void **buf, size_t *len);

int ocrv_black(VipsImage **out, int width, int height, int bands);
int ocrv_gaussnoise(VipsImage **out, int width, int height, double mean, double sigma, int seed);
/// Renders text as a one-band 8-bit mask (255 = ink). `fontfile` may be NULL.
int ocrv_text(VipsImage **out, const char *text, const char *font, int width, int dpi, const char *fontfile);
int ocrv_draw_rect(VipsImage *image, double r, double g, double b, int left, int top, int width, int height, int fill);

#endif
