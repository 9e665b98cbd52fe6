#ifndef PODLEDGER_CLIBCSV_SHIM_H
#define PODLEDGER_CLIBCSV_SHIM_H
#include <csv.h>
#endif
