#include "ocrv.h"

#include <stdlib.h>
#include <malloc.h>

static void ocrv_silent_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void) domain; (void) level; (void) message; (void) data;
}

int ocrv_init(const char *argv0) {
    if (VIPS_INIT(argv0 ? argv0 : "ocr-pipeline") != 0) return -1;
    // Decoder warnings (damaged data, odd chunks) surface as typed errors instead; printed
    // on stderr they would tear through progress output.
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, ocrv_silent_log, NULL);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    return 0;
}

void ocrv_release_free_memory(void) {
    malloc_trim(0);
}

void ocrv_map_blocks_from(int bytes) {
    mallopt(M_MMAP_THRESHOLD, bytes);
}

static VipsAccess access_mode(int sequential) {
    return sequential ? VIPS_ACCESS_SEQUENTIAL : VIPS_ACCESS_RANDOM;
}

int ocrv_load_buffer(const void *buf, size_t len, int fail_on, int sequential, VipsImage **out) {
    *out = vips_image_new_from_buffer(buf, len, "",
        "access", access_mode(sequential), "fail_on", (VipsFailOn) fail_on, NULL);
    return *out ? 0 : -1;
}

int ocrv_load_file(const char *path, int fail_on, int sequential, VipsImage **out) {
    VipsSource *source = vips_source_new_from_file(path);
    if (!source) return -1;
    *out = vips_image_new_from_source(source, "",
        "access", access_mode(sequential), "fail_on", (VipsFailOn) fail_on, NULL);
    g_object_unref(source);
    return *out ? 0 : -1;
}

/* libvips 8.14 sizes a shrunk JPEG as width / shrink, rounded down, and aborts on an image of
 * width or height 0 (vips_image_generate's sanity assertion): a side under 8 px at shrink 8 would
 * end the process. The header is read first and the shrink lowered until both sides stay >= 1. */
static int safe_shrink(VipsImage *header, int shrink) {
    while (shrink > 1 && (header->Xsize / shrink < 1 || header->Ysize / shrink < 1)) shrink /= 2;
    return shrink;
}

int ocrv_jpegload_file_shrink(const char *path, int shrink, int fail_on, int sequential, VipsImage **out) {
    if (shrink > 1) {
        VipsSource *probe = vips_source_new_from_file(path);
        if (!probe) return -1;
        VipsImage *header = NULL;
        int status = vips_jpegload_source(probe, &header, "fail_on", (VipsFailOn) fail_on, NULL);
        g_object_unref(probe);
        if (status) return -1;
        shrink = safe_shrink(header, shrink);
        g_object_unref(header);
    }
    VipsSource *source = vips_source_new_from_file(path);
    if (!source) return -1;
    int result = vips_jpegload_source(source, out, "shrink", shrink,
        "access", access_mode(sequential), "fail_on", (VipsFailOn) fail_on, NULL);
    g_object_unref(source);
    return result;
}

int ocrv_jpegload_buffer_shrink(const void *buf, size_t len, int shrink, int fail_on, int sequential, VipsImage **out) {
    if (shrink > 1) {
        VipsImage *header = NULL;
        if (vips_jpegload_buffer((void *) buf, len, &header, "fail_on", (VipsFailOn) fail_on, NULL)) return -1;
        shrink = safe_shrink(header, shrink);
        g_object_unref(header);
    }
    return vips_jpegload_buffer((void *) buf, len, out, "shrink", shrink,
        "access", access_mode(sequential), "fail_on", (VipsFailOn) fail_on, NULL);
}

static void free_pixels(VipsImage *image, void *pixels) {
    (void) image;
    free(pixels);
}

int ocrv_image_taking_pixels(void *pixels, int width, int height, int bands, VipsImage **out) {
    *out = vips_image_new_from_memory(pixels, (size_t) width * height * bands, width, height, bands, VIPS_FORMAT_UCHAR);
    if (!*out) {
        free(pixels);
        return -1;
    }
    g_signal_connect(*out, "postclose", G_CALLBACK(free_pixels), pixels);
    (*out)->Type = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    return 0;
}

int ocrv_tiffload(const void *buf, size_t len, const char *path, int page, int fail_on, int sequential, VipsImage **out) {
    VipsSource *source = buf ? vips_source_new_from_memory(buf, len) : vips_source_new_from_file(path);
    if (!source) return -1;
    int status = vips_tiffload_source(source, out, "page", page,
        "access", access_mode(sequential), "fail_on", (VipsFailOn) fail_on, NULL);
    g_object_unref(source);
    return status;
}

int ocrv_rot(VipsImage *in, VipsImage **out, int degrees) {
    VipsAngle angle = degrees == 90 ? VIPS_ANGLE_D90
        : degrees == 180 ? VIPS_ANGLE_D180
        : degrees == 270 ? VIPS_ANGLE_D270 : VIPS_ANGLE_D0;
    return vips_rot(in, out, angle, NULL);
}

int ocrv_flip_horizontal(VipsImage *in, VipsImage **out) {
    return vips_flip(in, out, VIPS_DIRECTION_HORIZONTAL, NULL);
}

int ocrv_icc_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_icc_transform(in, out, "srgb", "embedded", TRUE,
        "intent", VIPS_INTENT_RELATIVE, NULL);
}

int ocrv_colourspace(VipsImage *in, VipsImage **out, VipsInterpretation space) {
    return vips_colourspace(in, out, space, NULL);
}

int ocrv_cast(VipsImage *in, VipsImage **out, VipsBandFormat format, int shift) {
    return vips_cast(in, out, format, "shift", shift, NULL);
}

int ocrv_flatten(VipsImage *in, VipsImage **out, double r, double g, double b, double max_alpha) {
    double ink[3] = { r, g, b };
    VipsArrayDouble *background = vips_array_double_new(ink, 3);
    int result = vips_flatten(in, out, "background", background, "max_alpha", max_alpha, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

int ocrv_resize(VipsImage *in, VipsImage **out, double hscale, double vscale) {
    return vips_resize(in, out, hscale, "vscale", vscale, NULL);
}

int ocrv_extract_area(VipsImage *in, VipsImage **out, int left, int top, int width, int height) {
    return vips_extract_area(in, out, left, top, width, height, NULL);
}

int ocrv_extract_bands(VipsImage *in, VipsImage **out, int first, int n) {
    return vips_extract_band(in, out, first, "n", n, NULL);
}

int ocrv_bandjoin2(VipsImage *a, VipsImage *b, VipsImage **out) {
    return vips_bandjoin2(a, b, out, NULL);
}

int ocrv_copy(VipsImage *in, VipsImage **out) {
    return vips_copy(in, out, NULL);
}

int ocrv_linear1(VipsImage *in, VipsImage **out, double a, double b) {
    return vips_linear1(in, out, a, b, "uchar", TRUE, NULL);
}

int ocrv_invert(VipsImage *in, VipsImage **out) {
    return vips_invert(in, out, NULL);
}

int ocrv_insert(VipsImage *main, VipsImage *sub, VipsImage **out, int x, int y) {
    return vips_insert(main, sub, out, x, y, NULL);
}

int ocrv_embed_white(VipsImage *in, VipsImage **out, int x, int y, int width, int height) {
    return vips_embed(in, out, x, y, width, height, "extend", VIPS_EXTEND_WHITE, NULL);
}

int ocrv_gaussblur(VipsImage *in, VipsImage **out, double sigma) {
    return vips_gaussblur(in, out, sigma, NULL);
}

int ocrv_avg(VipsImage *in, double *out) {
    return vips_avg(in, out, NULL);
}

int ocrv_jpegsave_buffer(VipsImage *in, int quality, int strip, void **buf, size_t *len) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", strip, NULL);
}

int ocrv_pngsave_buffer(VipsImage *in, int compression, int strip, void **buf, size_t *len) {
    return vips_pngsave_buffer(in, buf, len, "compression", compression, "strip", strip, NULL);
}

int ocrv_save_buffer(VipsImage *in, const char *suffix, void **buf, size_t *len) {
    return vips_image_write_to_buffer(in, suffix, buf, len, NULL);
}

int ocrv_black(VipsImage **out, int width, int height, int bands) {
    return vips_black(out, width, height, "bands", bands, NULL);
}

int ocrv_gaussnoise(VipsImage **out, int width, int height, double mean, double sigma, int seed) {
    return vips_gaussnoise(out, width, height, "mean", mean, "sigma", sigma, "seed", seed, NULL);
}

int ocrv_text(VipsImage **out, const char *text, const char *font, int width, int dpi, const char *fontfile) {
    if (fontfile)
        return vips_text(out, text, "font", font, "width", width, "dpi", dpi, "fontfile", fontfile, NULL);
    return vips_text(out, text, "font", font, "width", width, "dpi", dpi, NULL);
}

int ocrv_draw_rect(VipsImage *image, double r, double g, double b, int left, int top, int width, int height, int fill) {
    double ink[3] = { r, g, b };
    int n = vips_image_get_bands(image) >= 3 ? 3 : 1;
    return vips_draw_rect(image, ink, n, left, top, width, height, "fill", fill, NULL);
}
