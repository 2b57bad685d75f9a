// qpdf's C interface: a PDF's page tree and objects, read and written back.
#include <qpdf/qpdf-c.h>
