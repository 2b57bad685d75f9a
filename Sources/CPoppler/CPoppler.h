// poppler's GLib interface: opening PDFs, page sizes and rotation, the text a page carries.
#include <poppler.h>
