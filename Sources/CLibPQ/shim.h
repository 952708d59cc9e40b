#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

// libpq's types and constants only: the library itself is loaded at run time (LibPQ.swift), when a team store is
// used, so that no other command pays for loading it and the libraries it needs.
#include <postgresql/libpq-fe.h>

#endif
