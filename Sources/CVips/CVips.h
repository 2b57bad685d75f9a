// Link-only module: Swift code imports CVipsShim, which includes libvips' headers.
#include <vips/vips.h>
