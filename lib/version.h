/*
 * version.h: fc's version, for --version and the User-Agent the API
 * servers see.  One place, so a release changes one line.
 */
#ifndef FC_VERSION_H
#define FC_VERSION_H

#define FC_VERSION	"0.1.0"

#endif
